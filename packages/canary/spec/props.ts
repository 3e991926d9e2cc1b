/**
 * What a user writes: the props of {@link CanaryService} (and the input of `renderCanaryService`). Every
 * optional prop has its `@default`; the values live in `DEFAULTS` (defaults.ts). The strategy and workload
 * props live in props-strategy.ts and props-workload.ts; this file holds the top level, analysis, webhooks,
 * alerts and routing.
 */
import type { JudgeSettings } from '../../judge/spec';
import type { Duration } from './duration';
import type { StrategyProps } from './props-strategy';
import type {
  ContainerPortProps,
  EnvFromProps,
  EnvValue,
  MetricsProps,
  ProbesProps,
  ResourcesProps,
  RollingUpdateProps,
  ScalingProps,
  SecurityProps,
  ServiceAccountProps,
  ShutdownProps,
  TopologySpreadProps,
} from './props-workload';

/** A duration as a {@link Duration} or a string such as `'30s'`, `'1m'`, `'1m30s'`. */
export type DurationInput = Duration | string;

/** Progressive-delivery engines that can run a CanaryService. */
export const ENGINES = ['flagger', 'argoRollouts'] as const;
/** A progressive-delivery engine: `flagger`, or `argoRollouts` (see docs/argo-rollouts.md for the parity table). */
export type Engine = (typeof ENGINES)[number];

/** Props of {@link CanaryService}: one typed spec per service. Only `image` and `port` are required. */
export interface CanaryServiceProps {
  /**
   * Name of the Deployment, Services, HPA, PDB and Canary: a DNS-1123 label of at most 55 characters, so that
   * Flagger's derived `<name>-primary` and `<name>-canary` names stay within 63.
   * @default - the construct id
   */
  readonly name?: string;
  /** Namespace of every object. @default - the chart's namespace, else 'default' */
  readonly namespace?: string;
  /** Engine that runs the progressive release. @default 'flagger' */
  readonly engine?: Engine;
  /**
   * Container image, pinned by a tag other than `latest` or by a digest,
   * e.g. `ghcr.io/stefanprodan/podinfo:6.7.0` or `nginx@sha256:<64 hex>`.
   */
  readonly image: string;
  /** Container port that serves HTTP; Istio routes it and the analysis measures it (1-65535). */
  readonly port: number;
  /** Port of the Kubernetes Services (`<name>`, `<name>-primary`, `<name>-canary`). @default - same as `port` */
  readonly servicePort?: number;
  /** Extra container ports (metrics, admin). They are not added to the Services. @default [] */
  readonly extraPorts?: readonly ContainerPortProps[];
  /**
   * The app's own Prometheus metrics port and path, scraped through the mesh (Istio metrics merging), e.g.
   * `{ port: 9797 }`: what business-metric checks read. @default - not scraped (only Istio's metrics exist)
   */
  readonly metrics?: MetricsProps;
  /** Container entrypoint. @default - the image's ENTRYPOINT */
  readonly command?: readonly string[];
  /** Container arguments. @default - the image's CMD */
  readonly args?: readonly string[];
  /**
   * Environment variables in the order given: a literal value, or a reference to a Secret or ConfigMap key.
   * Flagger copies referenced Secrets and ConfigMaps to `<name>-primary` copies for the primary.
   * @default {}
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Whole Secrets or ConfigMaps exposed as environment variables. @default [] */
  readonly envFrom?: readonly EnvFromProps[];
  /** CPU and memory requests and limits. @default - requests 100m/128Mi, limits 500m/256Mi */
  readonly resources?: ResourcesProps;
  /** HTTP liveness, readiness and startup probes on `port`. @default - see {@link ProbesProps} */
  readonly probes?: ProbesProps;
  /** Graceful shutdown: preStop pause and termination grace period. @default - 10s pause, 40s grace */
  readonly shutdown?: ShutdownProps;
  /** Rolling update of the Deployment (and of the primary, which Flagger copies it to). @default - surge 25%, unavailable 0 */
  readonly rollingUpdate?: RollingUpdateProps;
  /** Replicas: autoscaled by an HPA, or fixed. @default - autoscaled 2-10 at 70% CPU */
  readonly scaling?: ScalingProps;
  /** User and group the container runs as (never root). @default - 65532/65532 */
  readonly security?: SecurityProps;
  /** Size limit of the writable `/tmp` emptyDir (the root filesystem is read-only). @default '64Mi' */
  readonly tmpSizeLimit?: string;
  /** Spread of pods across zones (and nodes). @default - maxSkew 1, ScheduleAnyway */
  readonly topologySpread?: TopologySpreadProps;
  /** The service's own ServiceAccount. @default - no token mounted, no annotations */
  readonly serviceAccount?: ServiceAccountProps;
  /** Extra labels on every object (the `app` label is reserved: Flagger selects pods by it). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations on the pod template. @default {} */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Exposure through the shared Istio ingress gateway. @default - mesh-internal only */
  readonly ingress?: IngressProps;
  /** Request routing policy Flagger writes into the VirtualService. @default - 10s timeout, 3 retries */
  readonly traffic?: TrafficProps;
  /** Release strategy. @default { kind: 'canary', stepWeights: [5, 10, 20, 50] } */
  readonly strategy?: StrategyProps;
  /** Analysis schedule and checks. @default - see {@link AnalysisProps} */
  readonly analysis?: AnalysisProps;
  /** Webhooks: acceptance test, load test, manual gates, rollback gate, post-rollout. @default - see {@link WebhooksProps} */
  readonly webhooks?: WebhooksProps;
  /** Chat alerts with severities. @default [] */
  readonly alerts?: readonly AlertProps[];
  /** Addresses of platform services. @default - PLATFORM_CONTRACT */
  readonly platform?: PlatformProps;
}

/** Exposure through an Istio ingress gateway. */
export interface IngressProps {
  /** Public host names, e.g. `['podinfo.example.com']`; the in-mesh name `<name>` is always added. */
  readonly hosts: readonly string[];
  /** Gateway as `<namespace>/<name>`. @default - PLATFORM_CONTRACT.gateway ('istio-ingress/public-gateway') */
  readonly gateway?: string;
}

/** Routing policy for requests to the service. */
export interface TrafficProps {
  /** Overall request timeout (bounds all retries). @default '10s' */
  readonly timeout?: DurationInput;
  /** Retry policy, or `false` for none. @default - 3 retries of at most 2s each on gateway-error,connect-failure,refused-stream */
  readonly retries?: RetryProps | false;
}

/** An Istio retry policy. */
export interface RetryProps {
  /** Attempts after the first try (1-10). @default 3 */
  readonly attempts?: number;
  /** Timeout of each attempt. @default '2s' */
  readonly perTryTimeout?: DurationInput;
  /** Envoy retry conditions, comma separated. @default 'gateway-error,connect-failure,refused-stream' */
  readonly retryOn?: string;
}

/** When and how the release is analysed. */
export interface AnalysisProps {
  /** Time between analysis steps (at least 10s: Flagger would silently raise a shorter one). @default '30s' */
  readonly interval?: DurationInput;
  /** Failed checks before rollback (1-100). @default 2 */
  readonly threshold?: number;
  /** Time the new pods have to become ready before the release is rolled back. @default '5m' */
  readonly progressDeadline?: DurationInput;
  /** Metric checks. @default - see {@link ChecksProps} */
  readonly checks?: ChecksProps;
  /**
   * The canary judge (docs/judge.md): canary against primary over the same window and the same traffic (the load
   * tester's left out), with anytime-valid sequential tests. At each step it passes (advance), fails (roll back
   * now) or holds (neither advance nor count a failure; past `maxHold` the release fails, saying it never got
   * enough traffic); the checks above stay as hard limits. Needs the platform's judge (`canary-platform:judge`,
   * on by default). On Argo Rollouts a hold does not stop the canary steps, only a fail does (parity table).
   * `{}` turns it on with its defaults (tuned for 10-1000 requests/s).
   * @default false
   */
  readonly judge?: JudgeSettings | false;
}

/** The metric checks of each analysis step. Set a check to `false` to turn it off. */
export interface ChecksProps {
  /** Share of non-5xx responses (Flagger builtin `request-success-rate`). @default { minPercent: 99, interval: '1m' } */
  readonly successRate?: { readonly minPercent?: number; readonly interval?: DurationInput } | false;
  /** 99th percentile latency (Flagger builtin `request-duration`, P99 on Istio). @default { maxMs: 500, interval: '1m' } */
  readonly latencyP99?: { readonly maxMs?: number; readonly interval?: DurationInput } | false;
  /** Share of 5xx responses (MetricTemplate `<name>-error-rate`). @default { maxPercent: 1, interval: '1m' } */
  readonly errorRate?: { readonly maxPercent?: number; readonly interval?: DurationInput } | false;
  /** 95th percentile latency (MetricTemplate `<name>-latency-p95`). @default { maxMs: 300, interval: '1m' } */
  readonly latencyP95?: { readonly maxMs?: number; readonly interval?: DurationInput } | false;
  /**
   * Canary p95 latency relative to the primary's (MetricTemplate `<name>-relative-latency`): the check passes
   * while canary p95 / primary p95 <= 1 + maxSlowerPercent/100. It compares production requests only: the load
   * tester's are left out on both sides (it calls only the canary). Off by default where the canary serves no
   * share of the primary's production traffic; refused for blueGreen without mirroring.
   * @default - { maxSlowerPercent: 10, interval: '1m' } for `canary`, `mirror` and blueGreen with `mirrorWeight`;
   *   false for `abTesting` (one user segment, not like the primary's) and blueGreen without mirroring
   */
  readonly relativeLatency?: { readonly maxSlowerPercent?: number; readonly interval?: DurationInput } | false;
  /** Business metrics: any PromQL with an accepted range (one MetricTemplate each). @default [] */
  readonly business?: readonly BusinessMetricProps[];
}

/** A business metric check: a PromQL query and the range of values that pass. */
export interface BusinessMetricProps {
  /** Check name (DNS-1123 label); the MetricTemplate is `<service>-<name>`. */
  readonly name: string;
  /**
   * PromQL returning one number. May use Flagger's template variables `{{ namespace }}`, `{{ target }}`
   * (the canary workload), `{{ name }}`, `{{ service }}` and `{{ interval }}`. Select the canary's own series, not
   * the namespace's: app metrics scraped through `metrics` carry the pod name, and the canary's pods are
   * `pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}"` (the primary's are `{{ target }}-primary-...`).
   */
  readonly query: string;
  /** Lowest passing value. @default - no lower bound (at least one of min and max is required) */
  readonly min?: number;
  /** Highest passing value. @default - no upper bound (at least one of min and max is required) */
  readonly max?: number;
  /** Query window (`{{ interval }}`). @default '1m' */
  readonly interval?: DurationInput;
}

/** Webhooks Flagger calls during a release. Hooks that run commands go through flagger-loadtester. */
export interface WebhooksProps {
  /** Pre-rollout acceptance test, or `false`. @default - curl the canary's readiness path, 30s timeout */
  readonly acceptanceTest?: AcceptanceTestProps | false;
  /** Load test with `hey` against `<name>-canary`, or `false`. @default - 2 workers x 10 req/s for 1m, 5s call timeout */
  readonly loadTest?: LoadTestProps | false;
  /** Hold every release until someone opens the loadtester gate (`/gate/open`). @default false */
  readonly confirmRollout?: boolean;
  /** Hold promotion until someone opens the loadtester gate. @default false */
  readonly confirmPromotion?: boolean;
  /** Rollback gate: on-call aborts a release at once with the loadtester's `/rollback/open`. @default true */
  readonly rollbackGate?: boolean;
  /** Notification webhook called after promotion or rollback. @default - none */
  readonly postRollout?: PostRolloutProps;
}

/** The pre-rollout acceptance test, run by flagger-loadtester before the canary gets traffic. */
export interface AcceptanceTestProps {
  /** Shell command; non-zero exit fails the check. @default - `curl -sSf --max-time 10 http://<name>-canary.<ns>:<servicePort><readiness path>` */
  readonly command?: string;
  /** Call timeout. @default '30s' */
  readonly timeout?: DurationInput;
}

/** The load test flagger-loadtester runs with `hey` during the analysis. */
export interface LoadTestProps {
  /** Request path, starting with `/`. @default '/' */
  readonly path?: string;
  /** Concurrent workers (`hey -c`). @default 2 */
  readonly workers?: number;
  /** Requests per second per worker (`hey -q`); total rate is workers x ratePerWorker. @default 10 */
  readonly ratePerWorker?: number;
  /** Length of each run (`hey -z`); at least the analysis interval so traffic never pauses. @default '1m' */
  readonly duration?: DurationInput;
  /** Webhook call timeout; shorter than the analysis interval. @default '5s' */
  readonly timeout?: DurationInput;
}

/** A post-rollout notification webhook. */
export interface PostRolloutProps {
  /** http(s) URL Flagger POSTs the release result to. */
  readonly url: string;
  /** Call timeout. @default '10s' */
  readonly timeout?: DurationInput;
}

/** Chat services Flagger can alert. */
export const ALERT_TYPES = ['slack', 'rocket', 'msteams', 'discord'] as const;
/** A chat service Flagger can alert. */
export type AlertType = (typeof ALERT_TYPES)[number];
/**
 * Alert severities, as Flagger's Canary `alerts[].severity` spells them: `info` (every event), `warn` (failures and
 * waiting gates), `error` (failures only). The Argo Rollouts engine maps them onto its notification triggers.
 */
export const ALERT_SEVERITIES = ['info', 'warn', 'error'] as const;
/** An alert severity. */
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** A chat alert: renders an AlertProvider `<service>-<name>` and the Canary's alert entry. */
export interface AlertProps {
  /** Alert name (DNS-1123 label), unique within the service. */
  readonly name: string;
  /** Chat service. */
  readonly type: AlertType;
  /** Kubernetes Secret (same namespace) whose `address` key holds the webhook URL; never inline. */
  readonly secretName: string;
  /** Least severe event that is sent. @default 'warn' */
  readonly severity?: AlertSeverity;
  /** Channel (Slack, Rocket.Chat). @default - the webhook's channel */
  readonly channel?: string;
  /** Sender name. @default - Flagger's default ('flagger') */
  readonly username?: string;
}

/** In-cluster addresses of platform services. */
export interface PlatformProps {
  /** Prometheus that stores Istio's metrics. @default PLATFORM_CONTRACT.prometheusUrl */
  readonly prometheusUrl?: string;
  /** flagger-loadtester base URL. @default PLATFORM_CONTRACT.loadTesterUrl */
  readonly loadTesterUrl?: string;
}
