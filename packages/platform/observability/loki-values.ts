/**
 * Pure values of Loki (GCS through Workload Identity, retention) and Grafana Alloy (pod logs to Loki), and the
 * settings of the Loki bucket.
 */
import type * as gcp from '@pulumi/gcp';
import { HelmValues, RESTRICTED_CONTAINER } from '../helm';
import { sortKeys } from '../../shared';
import { OBSERVABILITY_DEFAULTS, ResolvedObservabilitySettings } from './args';
import { lokiUrl } from './prometheus-values';

/** Days a deleted (noncurrent) object version stays in the bucket before the lifecycle removes it. */
export const NONCURRENT_VERSION_DAYS = 7;

/** The annotation that binds a Kubernetes ServiceAccount to a GCP service account. */
export const WORKLOAD_IDENTITY_ANNOTATION = 'iam.gke.io/gcp-service-account';

/**
 * The Loki bucket: versioned, uniform access, public access prevented, and a lifecycle that deletes objects a
 * week after Loki's own retention would have (a safety net) and noncurrent versions after a week.
 */
export function lokiBucketSettings(s: ResolvedObservabilitySettings): gcp.storage.BucketArgs {
  return {
    name: s.loki.bucketName,
    project: s.project,
    location: s.region.toUpperCase(),
    storageClass: 'STANDARD',
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'enforced',
    versioning: { enabled: true },
    forceDestroy: false,
    lifecycleRules: [
      { action: { type: 'Delete' }, condition: { age: s.loki.retentionDays + 7 } },
      { action: { type: 'Delete' }, condition: { daysSinceNoncurrentTime: NONCURRENT_VERSION_DAYS } },
    ],
    labels: { component: 'loki', cluster: s.clusterName },
  };
}

/** The Workload Identity member of a Kubernetes ServiceAccount. */
export function workloadIdentityMember(pool: string, namespace: string, serviceAccount: string): string {
  return `serviceAccount:${pool}[${namespace}/${serviceAccount}]`;
}

/**
 * Loki's replication factor for `replicas` (2 is refused by validation): 3 from 3 replicas (writes need a quorum of
 * 2, so one pod may restart), 1 for a single replica (no redundancy).
 */
export function lokiReplicationFactor(replicas: number): number {
  return replicas >= 3 ? 3 : 1;
}

/** Loki values: monolithic with replicas on GCS, TSDB schema v13, compactor retention, no MinIO, no canary. */
export function lokiValues(s: ResolvedObservabilitySettings, gcpServiceAccountEmail: string): HelmValues {
  const bucket = s.loki.bucketName;
  return sortKeys({
    deploymentMode: 'Monolithic',
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: lokiReplicationFactor(s.loki.replicas) },
      schemaConfig: {
        configs: [
          {
            from: '2024-04-01',
            store: 'tsdb',
            object_store: 'gcs',
            schema: 'v13',
            index: { prefix: 'loki_index_', period: '24h' },
          },
        ],
      },
      storage: { type: 'gcs', bucketNames: { chunks: bucket, ruler: bucket } },
      limits_config: { retention_period: `${s.loki.retentionDays * 24}h` },
      compactor: { retention_enabled: true, delete_request_store: 'gcs', working_directory: '/var/loki/compactor' },
    },
    serviceAccount: {
      create: true,
      name: OBSERVABILITY_DEFAULTS.lokiServiceAccount,
      annotations: { [WORKLOAD_IDENTITY_ANNOTATION]: gcpServiceAccountEmail },
    },
    singleBinary: {
      replicas: s.loki.replicas,
      // One pod down at a time on a drain: with replication factor 3 the write quorum is 2, so a second eviction
      // would stop writes. The chart renders no PodDisruptionBudget unless maxUnavailable or minAvailable is set.
      ...(s.loki.replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
      persistence: { enabled: true, size: '20Gi', storageClass: 'standard-rwo' },
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '4Gi' } },
    },
    backend: { replicas: 0 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    gateway: { enabled: false },
    minio: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
    chunksCache: { enabled: true, allocatedMemory: 1024 },
    resultsCache: { enabled: true, allocatedMemory: 512 },
    // The chart sets no requests or limits for the memcached exporters (beside each cache) nor the rules sidecar.
    memcachedExporter: { resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } } },
    sidecar: { resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
    monitoring: { serviceMonitor: { enabled: true } },
  });
}

/**
 * Alloy configuration: discover the pods of the node Alloy runs on, tail their log files from /var/log/pods,
 * parse the CRI format and push to Loki with namespace/pod/container/app labels.
 */
export function alloyConfig(lokiPushUrl: string): string {
  return [
    'discovery.kubernetes "pods" {',
    '  role = "pod"',
    '  selectors {',
    '    role  = "pod"',
    '    field = "spec.nodeName=" + sys.env("HOSTNAME")',
    '  }',
    '}',
    '',
    'discovery.relabel "pods" {',
    '  targets = discovery.kubernetes.pods.targets',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_namespace"]',
    '    target_label  = "namespace"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_name"]',
    '    target_label  = "pod"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_container_name"]',
    '    target_label  = "container"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"]',
    '    separator     = ";"',
    '    regex         = "^;*([^;]+)(;.*)?$"',
    '    target_label  = "app"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"]',
    '    separator     = "/"',
    '    target_label  = "__path__"',
    '    replacement   = "/var/log/pods/*$1/*.log"',
    '  }',
    '}',
    '',
    'local.file_match "pods" {',
    '  path_targets = discovery.relabel.pods.output',
    '}',
    '',
    'loki.source.file "pods" {',
    '  targets    = local.file_match.pods.targets',
    '  forward_to = [loki.process.pods.receiver]',
    '}',
    '',
    'loki.process "pods" {',
    '  stage.cri {}',
    '  forward_to = [loki.write.default.receiver]',
    '}',
    '',
    'loki.write "default" {',
    '  endpoint {',
    `    url = "${lokiPushUrl}"`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Alloy values: a DaemonSet mounting /var/log, running {@link alloyConfig}. */
export function alloyValues(): HelmValues {
  const push = `${lokiUrl(OBSERVABILITY_DEFAULTS.releases.loki, OBSERVABILITY_DEFAULTS.namespace)}/loki/api/v1/push`;
  return sortKeys({
    controller: { type: 'daemonset' },
    alloy: {
      configMap: { create: true, content: alloyConfig(push) },
      mounts: { varlog: true },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
      // Alloy runs as root with the host's /var/log mounted, to read every pod's log files (root's, mode 0640); it
      // never needs to gain more (docs/verify-charts.md, "Policies on upstream charts").
      securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
    },
    // The reloader only watches the config file and calls Alloy's reload endpoint: non-root, read-only, no capability.
    // Its image's user is `nobody` by name, so the id is given for runAsNonRoot to verify.
    configReloader: {
      resources: { requests: { cpu: '10m', memory: '50Mi' }, limits: { memory: '128Mi' } },
      securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true, runAsUser: 65534, runAsGroup: 65534 },
    },
    serviceMonitor: { enabled: true },
  });
}
