/**
 * A compliant baseline - objects, Pulumi resources and stack config that break no rule - and helpers to derive
 * failing and passing variants from it. Every rule test starts from this baseline and changes one thing.
 */
import type { KubeObject } from '../../packages/shared';
import type { EvaluatePoliciesInput, PulumiResource } from '../../packages/policies/types';

/** Mutable JSON view used by fixture edits. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const securityContext = () => ({
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 10001,
});

const appContainer = (name: string, image: string) => ({
  name,
  image,
  ports: [{ containerPort: 9898, name: 'http' }],
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } },
  readinessProbe: { httpGet: { path: '/readyz', port: 9898 } },
  livenessProbe: { httpGet: { path: '/healthz', port: 9898 } },
  securityContext: securityContext(),
  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
});

/** Flagger-managed podinfo: Deployment scaled by an HPA (min 2), PDB on the `-primary` pods, Canary with analysis. */
export function podinfoObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'podinfo', namespace: 'apps', labels: { app: 'podinfo' } },
      spec: {
        selector: { matchLabels: { app: 'podinfo' } },
        template: {
          metadata: { labels: { app: 'podinfo' } },
          spec: {
            serviceAccountName: 'podinfo',
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [appContainer('podinfo', 'ghcr.io/stefanprodan/podinfo:6.7.0')],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'podinfo', namespace: 'apps' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' }, minReplicas: 2, maxReplicas: 4 },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'podinfo', namespace: 'apps' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'podinfo-primary' } } },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'podinfo', namespace: 'apps' },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
        autoscalerRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'podinfo' },
        service: { port: 9898 },
        analysis: {
          interval: '1m',
          threshold: 5,
          maxWeight: 50,
          stepWeight: 10,
          metrics: [
            { name: 'request-success-rate', interval: '1m', thresholdRange: { min: 99 } },
            { name: 'request-duration', interval: '1m', thresholdRange: { max: 500 } },
          ],
        },
      },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'podinfo-config', namespace: 'apps' },
      data: { LOG_LEVEL: 'info', PASSWORD_MIN_LENGTH: '12', secretName: 'podinfo-credentials' },
    },
  ];
}

/** Argo Rollouts checkout: a canary Rollout (2 replicas) with background analysis, its template and its PDB. */
export function checkoutObjects(): KubeObject[] {
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'checkout' } },
        template: {
          metadata: { labels: { app: 'checkout' } },
          spec: { containers: [appContainer('checkout', 'europe-docker.pkg.dev/acme/shop/checkout@sha256:' + 'a'.repeat(64))] , volumes: [{ name: 'tmp', emptyDir: {} }] },
        },
        strategy: {
          canary: {
            analysis: { templates: [{ templateName: 'checkout-success-rate' }], startingStep: 1 },
            steps: [{ setWeight: 10 }, { pause: { duration: '2m' } }, { setWeight: 50 }, { pause: { duration: '2m' } }],
          },
        },
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'checkout-success-rate', namespace: 'shop' },
      spec: {
        metrics: [
          {
            name: 'success-rate',
            interval: '1m',
            failureLimit: 2,
            successCondition: 'result[0] >= 0.99',
            provider: { prometheus: { address: 'http://prometheus.monitoring:9090', query: 'sum(rate(istio_requests_total[1m]))' } },
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: { maxUnavailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['checkout'] }] } },
    },
  ];
}

/** A nightly CronJob: batch pods need no probes, everything else applies. */
export function cleanupCronJob(): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cleanup', namespace: 'apps' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [
                {
                  name: 'cleanup',
                  image: 'ghcr.io/acme/cleanup:2.1.0',
                  resources: { requests: { cpu: '50m', memory: '32Mi' }, limits: { memory: '64Mi' } },
                  securityContext: securityContext(),
                },
              ],
            },
          },
        },
      },
    },
  };
}

/** Every compliant object. */
export function baselineObjects(): KubeObject[] {
  return [...podinfoObjects(), ...checkoutObjects(), cleanupCronJob()];
}

/** A hardened regional cluster with the default pool removed, one hardened node pool, pinned Helm releases. */
export function baselineResources(): PulumiResource[] {
  return [
    {
      type: 'gcp:container/cluster:Cluster',
      name: 'prod-gke',
      inputs: {
        location: 'europe-west4',
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: true,
        datapathProvider: 'ADVANCED_DATAPATH',
        releaseChannel: { channel: 'REGULAR' },
        privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: '172.16.0.0/28' },
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        workloadIdentityConfig: { workloadPool: 'acme-prod.svc.id.goog' },
        enableShieldedNodes: true,
      },
    },
    {
      type: 'gcp:container/nodePool:NodePool',
      name: 'prod-gke-general',
      inputs: {
        cluster: 'prod-gke',
        management: { autoRepair: true, autoUpgrade: true },
        nodeConfig: {
          machineType: 'e2-standard-4',
          imageType: 'COS_CONTAINERD',
          serviceAccount: 'gke-nodes@acme-prod.iam.gserviceaccount.com',
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          workloadMetadataConfig: { mode: 'GKE_METADATA' },
          metadata: { 'disable-legacy-endpoints': 'true' },
        },
      },
    },
    {
      type: 'kubernetes:helm.sh/v3:Release',
      name: 'istiod',
      inputs: { chart: 'istiod', version: '1.24.2', namespace: 'istio-system', repositoryOpts: { repo: 'https://istio-release.storage.googleapis.com/charts' }, values: { pilot: { autoscaleMin: 2 } } },
    },
    {
      type: 'kubernetes:helm.sh/v3:Release',
      name: 'kube-prometheus-stack',
      inputs: {
        chart: 'kube-prometheus-stack',
        version: '67.9.0',
        values: {
          // As runtime mocks deliver a pulumi.secret(...) input.
          grafana: { adminPassword: { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: 'from-config' } },
          alertmanager: { config: { global: { slack_api_url: '[secret]' } } },
        },
      },
    },
  ];
}

/** Stack configuration as `Pulumi.prod.yaml` writes it: plain settings, secrets as `secure:` values. */
export function baselineConfig(): Record<string, unknown> {
  return {
    'canary-platform:region': 'europe-west4',
    'canary-platform:alerts': { slackWebhookUrl: { secure: 'v1:AAABBBCCC' }, channel: '#releases' },
    'gcp:project': 'acme-prod',
  };
}

/** A deep copy of `value` changed by `edit`. */
export function edited<T>(value: T, edit: (draft: Json) => void): T {
  const copy = structuredClone(value) as Json;
  edit(copy);
  return copy as T;
}

/** The baseline objects with the object `kind/name` changed by `edit`. */
export function objectsWith(kind: string, name: string, edit: (draft: Json) => void, objects: KubeObject[] = baselineObjects()): KubeObject[] {
  const index = objects.findIndex((o) => o.kind === kind && o.metadata.name === name);
  if (index < 0) throw new Error(`fixture has no ${kind}/${name}`);
  return objects.map((o, i) => (i === index ? edited(o, edit) : o));
}

/** The baseline resources with the resource `name` changed by `edit`. */
export function resourcesWith(name: string, edit: (draft: Json) => void): PulumiResource[] {
  return baselineResources().map((r) => (r.name === name ? edited(r, edit) : r));
}

/** The complete baseline input for `environment` (default prod), with any part replaced. */
export function baselineInput(overrides: Partial<EvaluatePoliciesInput> = {}): EvaluatePoliciesInput {
  return { environment: 'prod', objects: baselineObjects(), resources: baselineResources(), config: baselineConfig(), ...overrides };
}
