/**
 * The render-props harness's data (render-props.test.ts): what a case is, and the props both engines render
 * alike because both render the workload from packages/canary/workload (container, pod, Services, HPA, PDB) and
 * route with the same hosts, gateways, timeout and retries. Each engine's own rows are in its folder
 * (flagger/render-props.cases.ts, argo-rollouts/render-props.cases.ts).
 */
import type { CanaryServiceProps, Engine } from '../../../packages/canary';

/** [prop path, props that set it to a non-default value, a fragment of the rendered JSON that shows it]. */
export type RenderedCase = readonly [string, Partial<CanaryServiceProps>, string];
/** [prop path, props the engine rejects (the parity rules; spec/parity.test.ts has their messages)]. */
export type RejectedCase = readonly [string, Partial<CanaryServiceProps>];
/** [prop path, props the engine does not render, the parity table row that says why]. */
export type NotRenderedCase = readonly [string, Partial<CanaryServiceProps>, string];

/** One engine's rows. */
export interface EngineCases {
  /** The engine. */
  readonly engine: Engine;
  /** A kind only this engine renders (its own resource). */
  readonly ownKind: string;
  /** Rows whose output is the engine's own, in addition to {@link WORKLOAD_CASES}. */
  readonly rendered: readonly RenderedCase[];
  /** Props rejected for this engine. */
  readonly rejected: readonly RejectedCase[];
  /** Props not rendered for this engine, documented in the parity table. */
  readonly notRendered: readonly NotRenderedCase[];
  /** Props with an alert this engine accepts, the baseline of alert rows. */
  readonly alert: NonNullable<CanaryServiceProps['alerts']>[number];
}

/** The service every case changes one prop of. */
export const BASE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

/** Props setting one field of one probe. */
export const probe = (which: string, field: string, value: unknown) => ({ probes: { [which]: { [field]: value } } });
/** Props setting one field of one check. */
export const check = (name: string, field: string, value: unknown) => ({ analysis: { checks: { [name]: { [field]: value } } } });

/** Props both engines render the same way (the workload, routing policy, load test command, Prometheus address). */
export const WORKLOAD_CASES: readonly RenderedCase[] = [
  ['namespace', { namespace: 'team-a' }, '"namespace":"team-a"'],
  ['image', { image: 'ghcr.io/stefanprodan/podinfo:6.7.1' }, '"image":"ghcr.io/stefanprodan/podinfo:6.7.1"'],
  ['port', { port: 8080 }, '"containerPort":8080'],
  ['extraPorts', { extraPorts: [{ name: 'metrics', port: 9797, protocol: 'UDP' }] }, '{"containerPort":9797,"name":"metrics","protocol":"UDP"}'],
  ['metrics.port', { metrics: { port: 9797 } }, '"prometheus.io/port":"9797","prometheus.io/scrape":"true"'],
  ['metrics.path', { metrics: { port: 9797, path: '/stats' } }, '"prometheus.io/path":"/stats"'],
  ['command', { command: ['./podinfo'] }, '"command":["./podinfo"]'],
  ['args', { args: ['--level=debug'] }, '"args":["--level=debug"]'],
  ['env', { env: { LOG_LEVEL: 'debug', TOKEN: { secretKeyRef: { name: 'tok', key: 'value' } }, CFG: { configMapKeyRef: { name: 'cfg', key: 'k' } } } }, '"env":[{"name":"LOG_LEVEL","value":"debug"},{"name":"TOKEN","valueFrom":{"secretKeyRef":{"key":"value","name":"tok"}}},{"name":"CFG","valueFrom":{"configMapKeyRef":{"key":"k","name":"cfg"}}}]'],
  ['envFrom', { envFrom: [{ secretRef: { name: 'podinfo-env' } }] }, '"envFrom":[{"secretRef":{"name":"podinfo-env"}}]'],
  ['resources.requests.cpu', { resources: { requests: { cpu: '250m' } } }, '"requests":{"cpu":"250m"'],
  ['resources.requests.memory', { resources: { requests: { memory: '200Mi' } } }, '"memory":"200Mi"'],
  ['resources.limits.cpu', { resources: { limits: { cpu: '2' } } }, '"limits":{"cpu":"2"'],
  ['resources.limits.memory', { resources: { limits: { memory: '1Gi' } } }, '"memory":"1Gi"'],
  ...(['liveness', 'readiness', 'startup'] as const).flatMap((which) => [
    [`probes.${which}.path`, probe(which, 'path', `/${which}-check`), `"path":"/${which}-check"`] as const,
    [`probes.${which}.period`, probe(which, 'period', '7s'), '"periodSeconds":7'] as const,
    [`probes.${which}.timeout`, probe(which, 'timeout', '3s'), '"timeoutSeconds":3'] as const,
    [`probes.${which}.failureThreshold`, probe(which, 'failureThreshold', 9), '"failureThreshold":9'] as const,
    [`probes.${which}.initialDelay`, probe(which, 'initialDelay', '4s'), '"initialDelaySeconds":4'] as const,
  ]),
  ['shutdown.preStopSleep', { shutdown: { preStopSleep: '15s' } }, '"sleep":{"seconds":15}'],
  ['shutdown.terminationGracePeriod', { shutdown: { terminationGracePeriod: '60s' } }, '"terminationGracePeriodSeconds":60'],
  ['rollingUpdate.maxSurge', { rollingUpdate: { maxSurge: 2 } }, '"maxSurge":2'],
  ['rollingUpdate.maxUnavailable', { rollingUpdate: { maxUnavailable: '10%' } }, '"maxUnavailable":"10%"'],
  ['scaling.kind', { scaling: { kind: 'fixed', replicas: 4 } }, '"replicas":4'],
  ['scaling.minReplicas', { scaling: { kind: 'autoscaled', minReplicas: 3 } }, '"minReplicas":3'],
  ['scaling.maxReplicas', { scaling: { kind: 'autoscaled', maxReplicas: 30 } }, '"maxReplicas":30'],
  ['scaling.targetCpuUtilization', { scaling: { kind: 'autoscaled', targetCpuUtilization: 55 } }, '"averageUtilization":55'],
  ['security.runAsUser', { security: { runAsUser: 10001 } }, '"runAsUser":10001'],
  ['security.runAsGroup', { security: { runAsGroup: 10002 } }, '"fsGroup":10002'],
  ['tmpSizeLimit', { tmpSizeLimit: '1Gi' }, '"sizeLimit":"1Gi"'],
  ['topologySpread.maxSkew', { topologySpread: { maxSkew: 2 } }, '"maxSkew":2'],
  ['topologySpread.whenUnsatisfiable', { topologySpread: { whenUnsatisfiable: 'DoNotSchedule' } }, '"whenUnsatisfiable":"DoNotSchedule"'],
  ['serviceAccount.annotations', { serviceAccount: { annotations: { 'iam.gke.io/gcp-service-account': 'podinfo@p.iam.gserviceaccount.com' } } }, '"iam.gke.io/gcp-service-account":"podinfo@p.iam.gserviceaccount.com"'],
  ['serviceAccount.automountToken', { serviceAccount: { automountToken: true } }, '"automountServiceAccountToken":true'],
  ['labels', { labels: { team: 'storefront' } }, '"team":"storefront"'],
  ['podAnnotations', { podAnnotations: { 'prometheus.io/scrape': 'true' } }, '"prometheus.io/scrape":"true"'],
  ['ingress.hosts', { ingress: { hosts: ['podinfo.example.com'] } }, '"hosts":["podinfo.example.com","podinfo"]'],
  ['ingress.gateway', { ingress: { hosts: ['podinfo.example.com'], gateway: 'edge/internal-gateway' } }, '"gateways":["edge/internal-gateway","mesh"]'],
  ['traffic.timeout', { traffic: { timeout: '20s' } }, '"timeout":"20s"'],
  ['traffic.retries.attempts', { traffic: { retries: { attempts: 2 } } }, '"attempts":2'],
  ['traffic.retries.perTryTimeout', { traffic: { retries: { perTryTimeout: '1s' } } }, '"perTryTimeout":"1s"'],
  ['traffic.retries.retryOn', { traffic: { retries: { retryOn: 'connect-failure' } } }, '"retryOn":"connect-failure"'],
  ['analysis.interval', { analysis: { interval: '45s' } }, '"interval":"45s"'],
  ['analysis.progressDeadline', { analysis: { progressDeadline: '7m' } }, '"progressDeadlineSeconds":420'],
  ['webhooks.acceptanceTest.command', { webhooks: { acceptanceTest: { command: 'bats /tests/acceptance.bats' } } }, '"cmd":"bats /tests/acceptance.bats"'],
  ['webhooks.loadTest.path', { webhooks: { loadTest: { path: '/api/info' } } }, 'http://podinfo-canary.shop:9898/api/info'],
  ['webhooks.loadTest.workers', { webhooks: { loadTest: { workers: 4 } } }, '-c 4 '],
  ['webhooks.loadTest.ratePerWorker', { webhooks: { loadTest: { ratePerWorker: 25 } } }, '-q 25 '],
  ['webhooks.loadTest.duration', { webhooks: { loadTest: { duration: '2m' } } }, 'hey -z 2m '],
  ['platform.prometheusUrl', { platform: { prometheusUrl: 'http://thanos-query.monitoring:9090' } }, '"address":"http://thanos-query.monitoring:9090"'],
];

/** Props that are absent from the resolved spec of {@link BASE} (optional, no default), so the coverage check names them. */
export const OPTIONAL_PROPS = [
  'command',
  'args',
  'metrics.port',
  'metrics.path',
  'ingress.hosts',
  'ingress.gateway',
  'traffic.retries',
  'strategy.stepWeight',
  'strategy.maxWeight',
  'strategy.match',
  'strategy.iterations',
  'strategy.mirrorWeight',
  'webhooks.postRollout',
] as const;
