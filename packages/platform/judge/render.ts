/**
 * The canary judge as Kubernetes objects: a pure function of its settings, the Prometheus it reads and the
 * server bundle. The server (packages/judge) ships as one gzipped JavaScript file in a ConfigMap and runs on the
 * pinned official Node.js image, so the platform needs no image registry of its own.
 */
import { createHash } from 'crypto';
import { sortKeys, type KubeObject } from '../../shared/kube-object';
import { API_VERSIONS } from '../../shared/versions';
import { JUDGE_DEPLOYMENT_DEFAULTS, type CanaryJudgeSettings } from './args';

/** The judge server as one gzipped JavaScript file. */
export interface JudgeServerBundle {
  /** The gzipped bundle (deterministic: gzip header without a time stamp). */
  readonly gzip: Buffer;
}

/** What the judge's objects are derived from. */
export interface JudgeObjectsInput {
  /** Validated settings ({@link resolveCanaryJudgeSettings}). */
  readonly settings: CanaryJudgeSettings;
  /** In-cluster URL of the Prometheus the judge queries (the platform's, the same Flagger uses). */
  readonly prometheusUrl: string;
  /** The server bundle. */
  readonly bundle: JudgeServerBundle;
}

const d = JUDGE_DEPLOYMENT_DEFAULTS;
const LABELS = { 'app.kubernetes.io/name': d.name, 'app.kubernetes.io/part-of': 'canary-platform' } as const;
const SELECTOR = { 'app.kubernetes.io/name': d.name } as const;
/** The image's `node` user. */
const NODE_UID = 1000;

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: d.namespace, labels: { ...LABELS }, ...extra });

/** Every object of the judge, sorted keys, in apply order. */
export function judgeObjects(input: JudgeObjectsInput): KubeObject[] {
  const { settings, prometheusUrl, bundle } = input;
  const checksum = createHash('sha256').update(bundle.gzip).digest('hex');
  const image = `${d.image.repository}:${d.image.tag}`;
  const restricted = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: NODE_UID,
    runAsGroup: NODE_UID,
    capabilities: { drop: ['ALL'] },
  };
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(d.name),
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${d.name}-server`, { annotations: { 'canary-platform.dev/bundle-sha256': checksum } }),
      binaryData: { 'judge.js.gz': bundle.gzip.toString('base64') },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(d.name),
      spec: {
        replicas: settings.replicas,
        selector: { matchLabels: { ...SELECTOR } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: {
            labels: { ...LABELS },
            annotations: {
              // Flagger and the Argo Rollouts controller have no sidecar and call the judge in plaintext; without a
              // sidecar of its own, the judge accepts that without a port-level mTLS exception.
              'sidecar.istio.io/inject': 'false',
              // A new bundle rolls the pods (the ConfigMap is read at start).
              'canary-platform.dev/bundle-sha256': checksum,
            },
          },
          spec: {
            serviceAccountName: d.name,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: NODE_UID, runAsGroup: NODE_UID, fsGroup: NODE_UID, seccompProfile: { type: 'RuntimeDefault' } },
            topologySpreadConstraints: [
              { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...SELECTOR } } },
              { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...SELECTOR } } },
            ],
            initContainers: [
              {
                name: 'unpack',
                image,
                command: ['sh', '-c', 'gunzip -c /bundle/judge.js.gz > /app/judge.js'],
                resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
                securityContext: restricted,
                volumeMounts: [
                  { name: 'bundle', mountPath: '/bundle', readOnly: true },
                  { name: 'app', mountPath: '/app' },
                ],
              },
            ],
            containers: [
              {
                name: 'judge',
                image,
                command: [
                  'node',
                  '/app/judge.js',
                  '--prometheus-url',
                  prometheusUrl,
                  '--port',
                  String(d.port),
                  '--exclude-source',
                  d.excludeSource,
                  '--query-timeout',
                  `${settings.queryTimeoutSeconds}s`,
                ],
                env: [{ name: 'NODE_ENV', value: 'production' }],
                ports: [{ name: 'http', containerPort: d.port, protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5, failureThreshold: 2 },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 3 },
                resources: {
                  requests: { cpu: settings.resources.cpuRequest, memory: settings.resources.memoryRequest },
                  limits: { cpu: settings.resources.cpuLimit, memory: settings.resources.memoryLimit },
                },
                securityContext: restricted,
                volumeMounts: [{ name: 'app', mountPath: '/app', readOnly: true }],
              },
            ],
            volumes: [
              { name: 'bundle', configMap: { name: `${d.name}-server` } },
              { name: 'app', emptyDir: { sizeLimit: '16Mi' } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(d.name),
      spec: { selector: { ...SELECTOR }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(d.name),
      spec: { maxUnavailable: 1, selector: { matchLabels: { ...SELECTOR } } },
    },
    {
      apiVersion: API_VERSIONS.monitoring,
      kind: 'PodMonitor',
      metadata: meta(d.name),
      spec: { selector: { matchLabels: { ...SELECTOR } }, // honorLabels: the judge's series carry the namespace of the service judged, not the judge's own.
        podMetricsEndpoints: [{ port: 'http', path: '/metrics', interval: '30s', honorLabels: true }] },
    },
    judgeAlertRules(),
  ];
  return objects.map((o) => sortKeys(o) as KubeObject);
}

/** The PromQL selector of the judge's own series. */
const JUDGE_SERIES = `namespace="${d.namespace}", pod=~"${d.name}-.*"`;

/**
 * The judge's alerts: down (no release can advance or roll back), releases held without enough traffic, releases
 * failed by the judge, and judgements held because Prometheus did not answer.
 */
export function judgeAlertRules(): KubeObject {
  const why = 'kubectl -n {{ $labels.namespace }} describe canary {{ $labels.service }} (the events quote the judge: verdict, numbers, p-value)';
  return {
    apiVersion: API_VERSIONS.monitoring,
    kind: 'PrometheusRule',
    metadata: meta(d.name),
    spec: {
      groups: [
        {
          name: 'canary-judge',
          rules: [
            {
              alert: 'CanaryJudgeDown',
              expr: `(sum(up{${JUDGE_SERIES}}) or vector(0)) == 0`,
              for: '5m',
              labels: { severity: 'critical' },
              annotations: {
                summary: 'The canary judge is down: releases that use it neither advance nor roll back.',
                description: `No judge replica has been scraped for 5 minutes. Check: kubectl -n ${d.namespace} get pods -l app.kubernetes.io/name=${d.name}`,
              },
            },
            {
              alert: 'CanaryJudgeHeldTooLong',
              expr:
                'sum by (namespace, service) (increase(canary_judge_verdicts_total{verdict="hold"}[30m])) > 0 ' +
                'unless on (namespace, service) sum by (namespace, service) (increase(canary_judge_verdicts_total{verdict!="hold"}[30m])) > 0',
              for: '0m',
              labels: { severity: 'warning' },
              annotations: {
                summary: 'held: {{ $labels.namespace }}/{{ $labels.service }} has not had enough canary traffic for a verdict in 30 minutes.',
                description: `The release neither advances nor fails until the canary has enough requests (or its maxHold passes). Why: ${why}`,
              },
            },
            {
              alert: 'CanaryJudgeFailedRelease',
              expr: 'sum by (namespace, service) (increase(canary_judge_verdicts_total{verdict="fail"}[10m])) > 0',
              for: '0m',
              labels: { severity: 'warning' },
              annotations: {
                summary: 'failed: the canary judge rolled back {{ $labels.namespace }}/{{ $labels.service }}.',
                description: `The canary was worse than the primary with significance (or never got enough traffic). Why: ${why}`,
              },
            },
            {
              alert: 'CanaryJudgePrometheusUnavailable',
              expr: 'sum by (namespace, service) (increase(canary_judge_prometheus_unavailable_total[10m])) > 0',
              for: '5m',
              labels: { severity: 'warning' },
              annotations: {
                summary: 'The canary judge cannot query Prometheus for {{ $labels.namespace }}/{{ $labels.service }}: its releases are held.',
                description: 'Judgements hold (never pass, never fail) while Prometheus does not answer; they count towards maxHold.',
              },
            },
          ],
        },
      ],
    },
  };
}
