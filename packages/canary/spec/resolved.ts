/**
 * The resolved spec: what `validateCanaryServiceProps` returns and both engines (Flagger, Argo Rollouts) read.
 * Every default is filled in, every duration is a {@link Duration}, and it is engine-neutral: traffic steps,
 * match rules and checks are described, not Flagger fields. schema-types.ts holds it equal to what `resolve`
 * builds from the schema's output.
 *
 * A resolved spec is itself valid props: validating it again returns an equal spec.
 */
import type { z } from 'zod';
import type { judgeSettingsSchema } from '../../judge/spec';
import type { Duration } from './duration';
import type { AlertSeverity, AlertType, Engine } from './props';
import type { HeaderMatchType, WeightSchedule } from './props-strategy';
import type { EnvFromProps, EnvValue } from './props-workload';

/** A fully resolved CanaryService. */
export interface ResolvedCanaryService {
  /** Object name (DNS-1123 label, at most 55 characters). */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Engine. */
  readonly engine: Engine;
  /** Pinned image. */
  readonly image: string;
  /** Container port (named `http`). */
  readonly port: number;
  /** Service port (`port` when not given). */
  readonly servicePort: number;
  /** Extra container ports. */
  readonly extraPorts: readonly { readonly name: string; readonly port: number; readonly protocol: 'TCP' | 'UDP' }[];
  /** The app's metrics endpoint, when scraped. */
  readonly metrics?: { readonly port: number; readonly path: string };
  /** Entrypoint, when overridden. */
  readonly command?: readonly string[];
  /** Arguments, when overridden. */
  readonly args?: readonly string[];
  /** Environment in the order given. */
  readonly env: Readonly<Record<string, EnvValue>>;
  /** Whole Secrets/ConfigMaps as environment. */
  readonly envFrom: readonly EnvFromProps[];
  /** Requests and limits. */
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
  /** Probes. */
  readonly probes: { readonly liveness: ResolvedProbe; readonly readiness: ResolvedProbe; readonly startup: ResolvedProbe };
  /** Shutdown. */
  readonly shutdown: { readonly preStopSleep: Duration; readonly terminationGracePeriod: Duration };
  /** Rolling update. */
  readonly rollingUpdate: { readonly maxSurge: number | string; readonly maxUnavailable: number | string };
  /** Scaling. */
  readonly scaling: ResolvedScaling;
  /** Container identity. */
  readonly security: { readonly runAsUser: number; readonly runAsGroup: number };
  /** `/tmp` size limit. */
  readonly tmpSizeLimit: string;
  /** Zone spread. */
  readonly topologySpread: { readonly maxSkew: number; readonly whenUnsatisfiable: 'ScheduleAnyway' | 'DoNotSchedule' };
  /** ServiceAccount. */
  readonly serviceAccount: { readonly annotations: Readonly<Record<string, string>>; readonly automountToken: boolean };
  /** Extra labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Extra pod annotations. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Ingress exposure, when any. */
  readonly ingress?: { readonly hosts: readonly string[]; readonly gateway: string };
  /** Routing policy. */
  readonly traffic: {
    readonly timeout: Duration;
    readonly retries: { readonly attempts: number; readonly perTryTimeout: Duration; readonly retryOn: string } | false;
  };
  /** Strategy. */
  readonly strategy: ResolvedStrategy;
  /** Analysis. */
  readonly analysis: ResolvedAnalysis;
  /** Webhooks. */
  readonly webhooks: ResolvedWebhooks;
  /** Alerts. */
  readonly alerts: readonly ResolvedAlert[];
  /** Platform addresses. */
  readonly platform: { readonly prometheusUrl: string; readonly loadTesterUrl: string };
}

/** A resolved HTTP probe. */
export interface ResolvedProbe {
  /** Path. */
  readonly path: string;
  /** Period. */
  readonly period: Duration;
  /** Timeout. */
  readonly timeout: Duration;
  /** Failure threshold. */
  readonly failureThreshold: number;
  /** Initial delay. */
  readonly initialDelay: Duration;
}

/** Resolved scaling. */
export type ResolvedScaling =
  | { readonly kind: 'autoscaled'; readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuUtilization: number }
  | { readonly kind: 'fixed'; readonly replicas: number };

/** A resolved A/B match rule. */
export type ResolvedMatchRule =
  | { readonly kind: 'header'; readonly name: string; readonly match: HeaderMatchType; readonly value: string }
  | { readonly kind: 'cookie'; readonly name: string; readonly value: string };

/** A resolved strategy. */
export type ResolvedStrategy =
  | ({ readonly kind: 'canary' } & WeightSchedule)
  | { readonly kind: 'abTesting'; readonly match: readonly ResolvedMatchRule[]; readonly iterations: number }
  | { readonly kind: 'blueGreen'; readonly iterations: number; readonly mirrorWeight?: number }
  | ({ readonly kind: 'mirror'; readonly mirrorWeight: number } & WeightSchedule);

/** Resolved analysis. */
export interface ResolvedAnalysis {
  /** Step interval. */
  readonly interval: Duration;
  /** Failed checks before rollback. */
  readonly threshold: number;
  /** Progress deadline. */
  readonly progressDeadline: Duration;
  /** Checks. */
  readonly checks: ResolvedChecks;
  /** The canary judge's settings, every default filled in, or false when it is off. */
  readonly judge: z.output<typeof judgeSettingsSchema> | false;
}

/** Resolved checks (`false` = off). */
export interface ResolvedChecks {
  /** Builtin success rate. */
  readonly successRate: { readonly minPercent: number; readonly interval: Duration } | false;
  /** Builtin P99 latency. */
  readonly latencyP99: { readonly maxMs: number; readonly interval: Duration } | false;
  /** Error rate template. */
  readonly errorRate: { readonly maxPercent: number; readonly interval: Duration } | false;
  /** P95 latency template. */
  readonly latencyP95: { readonly maxMs: number; readonly interval: Duration } | false;
  /** Relative latency template. */
  readonly relativeLatency: { readonly maxSlowerPercent: number; readonly interval: Duration } | false;
  /** Business metrics. */
  readonly business: readonly ResolvedBusinessMetric[];
}

/** A resolved business metric. */
export interface ResolvedBusinessMetric {
  /** Name. */
  readonly name: string;
  /** PromQL (with template variables). */
  readonly query: string;
  /** Lower bound. */
  readonly min?: number;
  /** Upper bound. */
  readonly max?: number;
  /** Window. */
  readonly interval: Duration;
}

/** Resolved webhooks. */
export interface ResolvedWebhooks {
  /** Acceptance test. */
  readonly acceptanceTest: { readonly command: string; readonly timeout: Duration } | false;
  /** Load test. */
  readonly loadTest:
    | {
        readonly path: string;
        readonly workers: number;
        readonly ratePerWorker: number;
        readonly duration: Duration;
        readonly timeout: Duration;
      }
    | false;
  /** Confirm-rollout gate. */
  readonly confirmRollout: boolean;
  /** Confirm-promotion gate. */
  readonly confirmPromotion: boolean;
  /** Rollback gate. */
  readonly rollbackGate: boolean;
  /** Post-rollout notification. */
  readonly postRollout?: { readonly url: string; readonly timeout: Duration };
}

/** A resolved alert. */
export interface ResolvedAlert {
  /** Name. */
  readonly name: string;
  /** Chat service. */
  readonly type: AlertType;
  /** Secret holding `address`. */
  readonly secretName: string;
  /** Severity. */
  readonly severity: AlertSeverity;
  /** Channel. */
  readonly channel?: string;
  /** Sender name. */
  readonly username?: string;
}
