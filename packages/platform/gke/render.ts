/**
 * Pure builders for the GKE resources: they take resolved arguments (and references to other resources) and
 * return the settings the Pulumi resources receive. Tested without mocks; `GkeCluster` only wires them.
 */
import type * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import { sortKeys } from '../../shared';
import { GKE_DEFAULTS } from '../../shared/versions';
import type { ResolvedGkeClusterArgs, ResolvedNodePool } from './args';

/** Names of the subnet's secondary ranges. */
export const SECONDARY_RANGES = { pods: 'pods', services: 'services' } as const;

/**
 * The only roles the node service account gets on the cluster's project: GKE's own least-privilege node role,
 * write logs and metrics, read monitoring config, write resource metadata. No Editor, no storage, no compute.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts#default-gke-service-agent
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa
 */
export const NODE_SERVICE_ACCOUNT_ROLES = [
  'roles/container.defaultNodeServiceAccount',
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
  'roles/stackdriver.resourceMetadata.writer',
] as const;

/** The role the node service account gets on each of `artifactRegistryProjects`: pull images, nothing else. */
export const ARTIFACT_REGISTRY_READER_ROLE = 'roles/artifactregistry.reader';

/**
 * The extra role image streaming needs for a node service account that is not the default one, on each project
 * whose images are streamed (granted only when a pool streams images).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/image-streaming#requirements
 */
export const IMAGE_STREAMING_ROLE = 'roles/serviceusage.serviceUsageConsumer';

/**
 * Cluster inputs Pulumi ignores after creation: `nodeConfig` only shapes the temporary default pool, which is
 * deleted right after creation; GKE then reports no node config, and a diff on it would replace the cluster.
 */
export const CLUSTER_IGNORED_CHANGES = ['nodeConfig'] as const;

/**
 * Node-pool inputs Pulumi ignores after creation: `initialNodeCount` forces a new pool when it changes, and the
 * autoscaler owns the size once the pool exists.
 */
export const NODE_POOL_IGNORED_CHANGES = ['initialNodeCount'] as const;

/** The node service account's id: `<cluster>-nodes`, cut to GCP's 30 characters without a trailing '-'. */
export function nodeServiceAccountId(clusterName: string): string {
  return `${clusterName}-nodes`.slice(0, 30).replace(/-+$/, '');
}

/** Ports the control plane must reach on nodes for admission webhooks (istiod, cert/operator webhooks). */
export const WEBHOOK_PORTS = ['15017', '8443', '9443'] as const;

/** The workload identity pool of a project. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/** Short, stable suffix of a role for child resource names: `roles/logging.logWriter` -> `logging-logwriter`. */
export function roleSuffix(role: string): string {
  return role.replace(/^roles\//, '').replace(/[^a-zA-Z0-9]+/g, '-').toLowerCase();
}

/** References to resources the cluster settings point at. */
export interface ClusterReferences {
  /** The VPC. */
  readonly network: pulumi.Input<string>;
  /** The node subnet. */
  readonly subnetwork: pulumi.Input<string>;
  /** The least-privilege node service account, also used by the temporary default pool. */
  readonly nodeServiceAccountEmail: pulumi.Input<string>;
}

/** Settings of the regional private cluster (everything except references is decided here). */
export function clusterSettings(args: ResolvedGkeClusterArgs, refs: ClusterReferences): gcp.container.ClusterArgs {
  return {
    name: args.clusterName,
    project: args.project,
    location: args.region,
    nodeLocations: [...args.zones],
    network: refs.network,
    subnetwork: refs.subnetwork,
    // GKE cannot create a cluster without a pool: the default pool (one node per zone) is deleted right after
    // creation, but while it lives it runs as hardened as ours, not as the Compute Engine default account.
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    nodeConfig: {
      serviceAccount: refs.nodeServiceAccountEmail,
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      imageType: GKE_DEFAULTS.imageType,
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
      metadata: { 'disable-legacy-endpoints': 'true' },
    },
    networkingMode: 'VPC_NATIVE',
    ipAllocationPolicy: {
      clusterSecondaryRangeName: SECONDARY_RANGES.pods,
      servicesSecondaryRangeName: SECONDARY_RANGES.services,
    },
    datapathProvider: GKE_DEFAULTS.datapathProvider,
    releaseChannel: { channel: args.releaseChannel },
    maintenancePolicy: {
      recurringWindow: { ...args.maintenanceWindow },
      ...(args.maintenanceExclusions.length > 0
        ? {
            maintenanceExclusions: args.maintenanceExclusions.map((e) => ({
              exclusionName: e.name,
              startTime: e.startTime,
              endTime: e.endTime,
              exclusionOptions: { scope: e.scope },
            })),
          }
        : {}),
    },
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: args.controlPlaneEndpoint.kind === 'private',
      masterIpv4CidrBlock: args.network.masterCidr,
      masterGlobalAccessConfig: { enabled: args.controlPlaneEndpoint.kind === 'private' && args.controlPlaneEndpoint.globalAccess },
    },
    masterAuthorizedNetworksConfig: {
      cidrBlocks: args.authorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.displayName })),
      gcpPublicCidrsAccessEnabled: false,
    },
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    workloadIdentityConfig: { workloadPool: workloadPool(args.project) },
    enableShieldedNodes: true,
    enableLegacyAbac: false,
    binaryAuthorization: {
      evaluationMode: args.binaryAuthorization ? 'PROJECT_SINGLETON_POLICY_ENFORCE' : 'DISABLED',
    },
    databaseEncryption: args.kmsKeyName
      ? { state: 'ENCRYPTED', keyName: args.kmsKeyName }
      : { state: 'DECRYPTED' },
    deletionProtection: args.deletionProtection,
    addonsConfig: {
      gkeBackupAgentConfig: { enabled: true },
      httpLoadBalancing: { disabled: false },
      horizontalPodAutoscaling: { disabled: false },
      gcePersistentDiskCsiDriverConfig: { enabled: true },
    },
    loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
    monitoringConfig: { enableComponents: ['SYSTEM_COMPONENTS'], managedPrometheus: { enabled: false } },
    securityPostureConfig: { mode: 'BASIC', vulnerabilityMode: 'VULNERABILITY_BASIC' },
    resourceLabels: { ...args.labels },
  };
}

/** References a node pool points at. */
export interface NodePoolReferences {
  /** The cluster's id. */
  readonly cluster: pulumi.Input<string>;
  /** The node service account's email. */
  readonly serviceAccountEmail: pulumi.Input<string>;
}

/** Settings of one autoscaled, hardened node pool. */
export function nodePoolSettings(
  args: ResolvedGkeClusterArgs,
  pool: ResolvedNodePool,
  refs: NodePoolReferences,
): gcp.container.NodePoolArgs {
  return {
    name: pool.name,
    project: args.project,
    cluster: refs.cluster,
    location: args.region,
    nodeLocations: [...args.zones],
    // Per zone, like the autoscaling bounds: the pool starts at its minimum instead of waiting for the autoscaler.
    initialNodeCount: pool.minNodes,
    autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes, locationPolicy: 'BALANCED' },
    management: { autoRepair: true, autoUpgrade: true },
    upgradeSettings: { strategy: 'SURGE', maxSurge: pool.maxSurge, maxUnavailable: pool.maxUnavailable },
    nodeConfig: {
      machineType: pool.machineType,
      diskSizeGb: pool.diskSizeGb,
      diskType: pool.diskType,
      imageType: GKE_DEFAULTS.imageType,
      spot: pool.spot,
      serviceAccount: refs.serviceAccountEmail,
      // Access is decided by IAM on the service account; the scope only stops being a second gate.
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
      metadata: { 'disable-legacy-endpoints': 'true' },
      labels: { ...pool.labels },
      taints: (pool.taints ?? []).map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      resourceLabels: { ...args.labels },
      ...(pool.imageStreaming ? { gcfsConfig: { enabled: true } } : {}),
    },
  };
}

/** Inputs of {@link kubeconfig}. */
export interface KubeconfigInputs {
  readonly clusterName: string;
  readonly endpoint: string;
  readonly clusterCaCertificate: string;
}

/**
 * A kubeconfig that authenticates with `gke-gcloud-auth-plugin` (no static credentials inside; the caller still
 * keeps it a Pulumi secret because it names the endpoint and CA).
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
 */
export function kubeconfig(inputs: KubeconfigInputs): string {
  const context = inputs.clusterName;
  return JSON.stringify(
    sortKeys({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: context,
          cluster: {
            'certificate-authority-data': inputs.clusterCaCertificate,
            server: `https://${inputs.endpoint}`,
          },
        },
      ],
      contexts: [{ name: context, context: { cluster: context, user: context } }],
      'current-context': context,
      preferences: {},
      users: [
        {
          name: context,
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1beta1',
              command: 'gke-gcloud-auth-plugin',
              installHint: 'Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin',
              provideClusterInfo: true,
            },
          },
        },
      ],
    }),
    null,
    2,
  );
}
