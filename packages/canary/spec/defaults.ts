/**
 * Every CanaryService default, in one place. The `@default` tags in props*.ts, the docs and the snapshots all
 * show these values; a test checks that DEFAULTS themselves pass validation.
 *
 * Why these values:
 * - analysis every 30s with threshold 2: a release whose checks fail is rolled back two failed checks after
 *   they start failing (about a minute), `worstCaseRollbackSeconds` gives the whole timeline;
 * - schedule 5, 10, 20, 50 %: the first step exposes few users, later steps gather enough traffic quickly;
 * - success rate >= 99 %, P99 <= 500 ms, error rate <= 1 %, P95 <= 300 ms, canary P95 at most 10 % slower than
 *   the primary's (a real team's rule), all over a 1m window (two 15-30s Prometheus scrapes at least);
 * - 2-10 replicas at 70 % CPU: two replicas survive a node or zone loss, and a PodDisruptionBudget applies;
 * - requests 100m/128Mi, limits 500m/256Mi: small HTTP services; CPU may burst 5x, memory is capped at 2x;
 * - progress deadline 5m: more than the startup probe's 2 minute budget plus image pull, and a canary that
 *   never gets ready is rolled back after it;
 * - 10s preStop pause inside a 40s grace period: Envoy and endpoints drop the pod before it stops listening,
 *   then the app has 30s to finish in-flight requests.
 */
import { PLATFORM_CONTRACT } from '../../shared';
import { Duration } from './duration';

/** The CanaryService defaults. */
export const DEFAULTS = {
  engine: 'flagger',
  namespace: 'default',
  extraPorts: [],
  /** Path of the app's metrics endpoint when `metrics` is set (Prometheus' convention). */
  metricsPath: '/metrics',
  env: {},
  envFrom: [],
  resources: {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  },
  probes: {
    liveness: { path: '/healthz', period: Duration.seconds(10), timeout: Duration.seconds(2), failureThreshold: 3, initialDelay: Duration.seconds(0) },
    readiness: { path: '/readyz', period: Duration.seconds(5), timeout: Duration.seconds(2), failureThreshold: 2, initialDelay: Duration.seconds(0) },
    startup: { path: '/healthz', period: Duration.seconds(5), timeout: Duration.seconds(2), failureThreshold: 24, initialDelay: Duration.seconds(0) },
  },
  shutdown: { preStopSleep: Duration.seconds(10), terminationGracePeriod: Duration.seconds(40) },
  rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
  scaling: { kind: 'autoscaled', minReplicas: 2, maxReplicas: 10, targetCpuUtilization: 70 },
  security: { runAsUser: 65532, runAsGroup: 65532 },
  tmpSizeLimit: '64Mi',
  topologySpread: { maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway' },
  serviceAccount: { annotations: {}, automountToken: false },
  labels: {},
  podAnnotations: {},
  ingressGateway: PLATFORM_CONTRACT.gateway,
  traffic: {
    timeout: Duration.seconds(10),
    retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: 'gateway-error,connect-failure,refused-stream' },
  },
  /** The strategy when none is given, and the schedule of `canary`/`mirror` strategies given without one. */
  strategy: { kind: 'canary', stepWeights: [5, 10, 20, 50] },
  stepWeights: [5, 10, 20, 50],
  iterations: 10,
  mirrorWeight: 100,
  headerMatch: 'exact',
  analysis: {
    interval: Duration.seconds(30),
    threshold: 2,
    progressDeadline: Duration.minutes(5),
  },
  checks: {
    successRate: { minPercent: 99, interval: Duration.minutes(1) },
    latencyP99: { maxMs: 500, interval: Duration.minutes(1) },
    errorRate: { maxPercent: 1, interval: Duration.minutes(1) },
    latencyP95: { maxMs: 300, interval: Duration.minutes(1) },
    relativeLatency: { maxSlowerPercent: 10, interval: Duration.minutes(1) },
    business: [],
    businessInterval: Duration.minutes(1),
  },
  webhooks: {
    acceptanceTest: { timeout: Duration.seconds(30) },
    loadTest: { path: '/', workers: 2, ratePerWorker: 10, duration: Duration.minutes(1), timeout: Duration.seconds(5) },
    confirmRollout: false,
    confirmPromotion: false,
    rollbackGate: true,
    postRolloutTimeout: Duration.seconds(10),
  },
  alerts: [],
  alertSeverity: 'warn',
  platform: { prometheusUrl: PLATFORM_CONTRACT.prometheusUrl, loadTesterUrl: PLATFORM_CONTRACT.loadTesterUrl },
} as const;

/** The type of {@link DEFAULTS}. */
export type CanaryServiceDefaults = typeof DEFAULTS;
