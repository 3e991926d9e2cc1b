import { z } from 'zod';
import { ENGINES, type Engine } from '../canary/spec';
import { isObjectRecord, objectProblems, ValidationError, type Problem } from '../shared';

/**
 * Upper bounds (milliseconds) of Istio's `istio_request_duration_milliseconds` histogram buckets when no
 * `sidecar.istio.io/statsHistogramBuckets` annotation overrides them. A latency SLO can only count "requests
 * faster than T" when T is one of these boundaries: any other value matches no `le` series and the SLO would
 * silently measure nothing.
 * @see https://istio.io/latest/docs/reference/config/metrics/
 */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

/** Alert severities, as Alertmanager routes expect them in the `severity` label. */
export const RULE_SEVERITIES = ['critical', 'warning', 'info'] as const;
/** Severity label of a Prometheus alert rule: one of {@link RULE_SEVERITIES}. */
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/**
 * One multi-window burn-rate condition: the alert fires when the error budget burns at least `burnRate` times
 * faster than sustainable over BOTH the long and the short window (the short window makes it reset quickly).
 * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 */
export interface BurnRateWindow {
  /** Long window, in seconds, for example 3600 (1h). */
  readonly longWindowSeconds: number;
  /** Short window, in seconds; shorter than the long window, for example 300 (5m). */
  readonly shortWindowSeconds: number;
  /** Budget consumption rate that triggers the alert; 1 spends exactly the budget over the SLO period. */
  readonly burnRate: number;
  /** `severity` label of the alert. */
  readonly severity: RuleSeverity;
}

/** Service level objectives measured from Istio's standard metrics (all traffic to primary and canary). */
export interface ServiceSloInput {
  /**
   * Share of requests that must not answer 5xx, in percent (exclusive of 0 and 100).
   * @default 99.9
   */
  readonly availabilityObjectivePercent?: number;
  /**
   * Share of requests that must be faster than {@link latencyThresholdMs}, in percent (exclusive of 0 and 100).
   * @default 99
   */
  readonly latencyObjectivePercent?: number;
  /**
   * Latency threshold of the latency SLO, in milliseconds; must be one of {@link histogramBucketsMs}.
   * @default 500 (Flagger's default request-duration threshold)
   */
  readonly latencyThresholdMs?: number;
  /**
   * Bucket boundaries of the mesh's request-duration histogram, in milliseconds, increasing. Change only when
   * the workload sets `sidecar.istio.io/statsHistogramBuckets`.
   * @default - {@link ISTIO_DURATION_BUCKETS_MS}
   */
  readonly histogramBucketsMs?: readonly number[];
  /**
   * Burn-rate conditions, each rendered as one availability and one latency alert.
   * @default - {@link DEFAULT_BURN_RATE_WINDOWS} (the SRE workbook's two paging and two ticket conditions)
   */
  readonly burnRateWindows?: readonly BurnRateWindow[];
}

/** Alerts about the release process itself, from the metrics of the service's engine (Flagger or Argo Rollouts). */
export interface CanaryAlertsInput {
  /**
   * How long a canary may stay in the Progressing phase before `CanaryStuckProgressing` fires, in seconds.
   * Set it above the time to full promotion (see the timeline command).
   * @default 1800
   */
  readonly stuckAfterSeconds?: number;
  /**
   * How long the canary may hold traffic weight while Istio reports no request to it before
   * `CanaryAnalysisNoTraffic` fires, in seconds.
   * @default 120
   */
  readonly noTrafficForSeconds?: number;
  /**
   * `severity` label of `CanaryFailed` (the release was rolled back).
   * @default 'warning'
   */
  readonly failedSeverity?: RuleSeverity;
}

/** Analysis thresholds drawn on the dashboard, so the panels show the line the canary is judged against. */
export interface DashboardThresholdsInput {
  /**
   * Minimum success rate of the analysis, in percent.
   * @default 99
   */
  readonly minSuccessRatePercent?: number;
  /**
   * Maximum p95 latency of the analysis, in milliseconds.
   * @default 300 (the CanaryService's default P95 check)
   */
  readonly maxP95LatencyMs?: number;
}

/** Where and how the deployment dashboard is published. */
export interface DashboardInput {
  /**
   * Render the dashboard ConfigMap at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Namespace of the dashboard ConfigMap. The platform's Grafana sidecar searches every namespace
   * (`sidecar.dashboards.searchNamespace: ALL`), so by default the dashboard lives with the service its team owns.
   * @default - the service's namespace
   */
  readonly namespace?: string;
  /**
   * Grafana folder, set as the `grafana_folder` annotation (honoured when the sidecar's `folderAnnotation` is
   * `grafana_folder`).
   * @default 'Canary releases'
   */
  readonly folder?: string;
  /** Thresholds drawn on the panels. @default - see {@link DashboardThresholdsInput} */
  readonly thresholds?: DashboardThresholdsInput;
}

/**
 * The minimal description of a service that its alerts and dashboard need. The CanaryService construct fills it
 * from its spec; nothing here depends on how that spec is written.
 *
 * No port: Istio's standard metrics identify a workload by name and namespace, not by port.
 */
export interface ServiceObservabilityInput {
  /**
   * Name of the Flagger target Deployment (the canary workload; the primary is `<name>-primary`), or of the
   * Rollout when {@link engine} is `argoRollouts`.
   */
  readonly name: string;
  /** Namespace of the service (a DNS-1123 label). */
  readonly namespace: string;
  /**
   * Engine that runs the service's releases: it decides which controller metrics the release alerts read
   * (Flagger's `flagger_canary_*` or Argo Rollouts' `rollout_info`) and how the dashboard tells versions apart
   * (`<name>` against `<name>-primary`, or one workload `<name>` whose revisions share its name).
   * @default 'flagger'
   */
  readonly engine?: Engine;
  /** Service level objectives. @default - see {@link ServiceSloInput} */
  readonly slo?: ServiceSloInput;
  /** Release alerts. @default - see {@link CanaryAlertsInput} */
  readonly canaryAlerts?: CanaryAlertsInput;
  /** Deployment dashboard. @default - see {@link DashboardInput} */
  readonly dashboard?: DashboardInput;
  /**
   * Extra labels on every alert (for Alertmanager routing, for example `team: payments`). They may not replace
   * the labels the rules set themselves (`severity`, `service`, `namespace`, `slo`, `window`, `alertname`).
   * @default {}
   */
  readonly alertLabels?: Readonly<Record<string, string>>;
  /**
   * Runbook linked from every alert as the `runbook_url` annotation.
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Labels on the PrometheusRule object itself, so the Prometheus `ruleSelector` picks it up.
   * @default - {@link DEFAULT_RULE_SELECTOR_LABELS}
   */
  readonly ruleLabels?: Readonly<Record<string, string>>;
}

/** The SRE workbook's multi-window multi-burn-rate conditions for a 30-day SLO period. */
export const DEFAULT_BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4, severity: 'critical' },
  { longWindowSeconds: 21600, shortWindowSeconds: 1800, burnRate: 6, severity: 'critical' },
  { longWindowSeconds: 86400, shortWindowSeconds: 7200, burnRate: 3, severity: 'warning' },
  { longWindowSeconds: 259200, shortWindowSeconds: 21600, burnRate: 1, severity: 'warning' },
];

/**
 * Labels on PrometheusRule objects by default: none, because the platform's Prometheus selects every
 * PrometheusRule in every namespace (`ruleSelectorNilUsesHelmValues: false` in packages/platform/observability). A
 * Prometheus installed with kube-prometheus-stack's own defaults needs `{ release: '<helm release name>' }`.
 */
export const DEFAULT_RULE_SELECTOR_LABELS: Readonly<Record<string, string>> = {};

/** Every default of {@link ServiceObservabilityInput}, in one place. */
export const SERVICE_OBSERVABILITY_DEFAULTS = {
  engine: 'flagger' as Engine,
  availabilityObjectivePercent: 99.9,
  latencyObjectivePercent: 99,
  latencyThresholdMs: 500,
  stuckAfterSeconds: 1800,
  noTrafficForSeconds: 120,
  failedSeverity: 'warning' as RuleSeverity,
  dashboardFolder: 'Canary releases',
  minSuccessRatePercent: 99,
  maxP95LatencyMs: 300,
} as const;

/** {@link ServiceObservabilityInput} with every default applied; what the renderers read. */
export interface ResolvedServiceObservability {
  /** See {@link ServiceObservabilityInput.name}. */
  readonly name: string;
  /** See {@link ServiceObservabilityInput.namespace}. */
  readonly namespace: string;
  /** See {@link ServiceObservabilityInput.engine}. */
  readonly engine: Engine;
  /** SLO settings with defaults applied. */
  readonly slo: Required<ServiceSloInput>;
  /** Release alert settings with defaults applied. */
  readonly canaryAlerts: Required<CanaryAlertsInput>;
  /** Dashboard settings with defaults applied. */
  readonly dashboard: {
    /** See {@link DashboardInput.enabled}. */
    readonly enabled: boolean;
    /** See {@link DashboardInput.namespace}. */
    readonly namespace: string;
    /** See {@link DashboardInput.folder}. */
    readonly folder: string;
    /** See {@link DashboardThresholdsInput}. */
    readonly thresholds: Required<DashboardThresholdsInput>;
  };
  /** See {@link ServiceObservabilityInput.alertLabels}. */
  readonly alertLabels: Readonly<Record<string, string>>;
  /** See {@link ServiceObservabilityInput.runbookUrl}. */
  readonly runbookUrl?: string;
  /** See {@link ServiceObservabilityInput.ruleLabels}. */
  readonly ruleLabels: Readonly<Record<string, string>>;
}

/** Labels the rules set themselves; user labels may not replace them. */
export const RESERVED_ALERT_LABELS = ['alertname', 'namespace', 'service', 'severity', 'slo', 'window'] as const;

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const dnsLabel = z
  .string()
  .max(63, { error: 'must be at most 63 characters' })
  .regex(DNS_1123_LABEL, { error: 'must be a DNS-1123 label (lower-case letters, digits and "-")' });
const percent = z
  .number()
  .gt(0, { error: 'must be a percentage above 0 and below 100' })
  .lt(100, { error: 'must be a percentage above 0 and below 100' });
const seconds = (min: number) =>
  z.number().int({ error: 'must be a whole number of seconds' }).min(min, { error: `must be at least ${min} seconds` });
const severity = z.enum(RULE_SEVERITIES, { error: `must be one of ${RULE_SEVERITIES.join(', ')}` });
const labelMap = z.record(
  z.string().regex(LABEL_NAME, { error: 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)' }),
  z.string(),
);

const burnRateWindowSchema = z
  .object({
    longWindowSeconds: seconds(60),
    shortWindowSeconds: seconds(60),
    burnRate: z.number().positive({ error: 'must be above 0' }),
    severity,
  })
  .strict();

const inputSchema = z
  .object({
    name: dnsLabel,
    namespace: dnsLabel,
    engine: z.enum(ENGINES, { error: `must be one of ${ENGINES.join(', ')}` }).optional(),
    slo: z
      .object({
        availabilityObjectivePercent: percent.optional(),
        latencyObjectivePercent: percent.optional(),
        latencyThresholdMs: z.number().positive({ error: 'must be above 0' }).optional(),
        histogramBucketsMs: z.array(z.number().positive({ error: 'must be above 0' })).min(1).optional(),
        burnRateWindows: z.array(burnRateWindowSchema).min(1, { error: 'must list at least one window' }).optional(),
      })
      .strict()
      .optional(),
    canaryAlerts: z
      .object({
        stuckAfterSeconds: seconds(60).optional(),
        noTrafficForSeconds: seconds(30).optional(),
        failedSeverity: severity.optional(),
      })
      .strict()
      .optional(),
    dashboard: z
      .object({
        enabled: z.boolean().optional(),
        namespace: dnsLabel.optional(),
        folder: z.string().min(1, { error: 'must not be empty' }).optional(),
        thresholds: z
          .object({
            minSuccessRatePercent: percent.optional(),
            maxP95LatencyMs: z.number().positive({ error: 'must be above 0' }).optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    alertLabels: labelMap.optional(),
    runbookUrl: z.string().regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' }).optional(),
    ruleLabels: labelMap.optional(),
  })
  .strict();

/** Converts zod issues to problems: `podinfo: slo.latencyObjectivePercent (100) must be ...`. */
export function zodProblems(subject: string, error: z.ZodError, input: unknown): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return {
        subject,
        path,
        message: `has unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`,
      };
    }
    if (issue.code === 'invalid_key') {
      const key = issue.path[issue.path.length - 1];
      return { subject, path, message: `(${JSON.stringify(key)}) ${issue.issues[0]?.message ?? issue.message}` };
    }
    const value = valueAt(input, issue.path);
    const shown = value === undefined ? '' : `(${JSON.stringify(value)}) `;
    return { subject, path, message: `${shown}${issue.message}` };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Renders a number without floating-point noise: `14.4 * 0.001` becomes `0.0144`. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * Validates the input and applies every default. Collects all problems and throws one {@link ValidationError}.
 * @throws ValidationError naming the service, the field, the value and what would be valid
 */
export function resolveServiceObservability(input: ServiceObservabilityInput): ResolvedServiceObservability {
  if (!isObjectRecord(input)) throw new ValidationError('service: invalid observability settings', objectProblems('service', { input }));
  const subject = typeof input.name === 'string' && input.name !== '' ? input.name : 'service';
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(`${subject}: invalid observability settings`, zodProblems(subject, parsed.error, input));
  }
  const d = SERVICE_OBSERVABILITY_DEFAULTS;
  const slo: Required<ServiceSloInput> = {
    availabilityObjectivePercent: input.slo?.availabilityObjectivePercent ?? d.availabilityObjectivePercent,
    latencyObjectivePercent: input.slo?.latencyObjectivePercent ?? d.latencyObjectivePercent,
    latencyThresholdMs: input.slo?.latencyThresholdMs ?? d.latencyThresholdMs,
    histogramBucketsMs: input.slo?.histogramBucketsMs ?? ISTIO_DURATION_BUCKETS_MS,
    burnRateWindows: input.slo?.burnRateWindows ?? DEFAULT_BURN_RATE_WINDOWS,
  };
  const problems = [
    ...sloProblems(subject, slo),
    ...reservedLabelProblems(subject, input.alertLabels ?? {}),
  ];
  if (problems.length > 0) throw new ValidationError(`${subject}: invalid observability settings`, problems);
  return {
    name: input.name,
    namespace: input.namespace,
    engine: input.engine ?? d.engine,
    slo,
    canaryAlerts: {
      stuckAfterSeconds: input.canaryAlerts?.stuckAfterSeconds ?? d.stuckAfterSeconds,
      noTrafficForSeconds: input.canaryAlerts?.noTrafficForSeconds ?? d.noTrafficForSeconds,
      failedSeverity: input.canaryAlerts?.failedSeverity ?? d.failedSeverity,
    },
    dashboard: {
      enabled: input.dashboard?.enabled ?? true,
      namespace: input.dashboard?.namespace ?? input.namespace,
      folder: input.dashboard?.folder ?? d.dashboardFolder,
      thresholds: {
        minSuccessRatePercent: input.dashboard?.thresholds?.minSuccessRatePercent ?? d.minSuccessRatePercent,
        maxP95LatencyMs: input.dashboard?.thresholds?.maxP95LatencyMs ?? d.maxP95LatencyMs,
      },
    },
    alertLabels: input.alertLabels ?? {},
    runbookUrl: input.runbookUrl,
    ruleLabels: input.ruleLabels ?? DEFAULT_RULE_SELECTOR_LABELS,
  };
}

/** Rules zod cannot express per field: relations between SLO settings. */
function sloProblems(subject: string, slo: Required<ServiceSloInput>): Problem[] {
  const problems: Problem[] = [];
  const buckets = slo.histogramBucketsMs;
  if (buckets.some((b, i) => i > 0 && b <= buckets[i - 1])) {
    problems.push({ subject, path: 'slo.histogramBucketsMs', message: `(${buckets.join(', ')}) must be strictly increasing` });
  } else if (!buckets.includes(slo.latencyThresholdMs)) {
    const below = [...buckets].reverse().find((b) => b < slo.latencyThresholdMs);
    const above = buckets.find((b) => b > slo.latencyThresholdMs);
    const nearest = [below, above].filter((b) => b !== undefined).join(' or ');
    problems.push({
      subject,
      path: 'slo.latencyThresholdMs',
      message:
        `(${slo.latencyThresholdMs}) must be a bucket boundary of istio_request_duration_milliseconds ` +
        `(one of ${buckets.join(', ')}), otherwise the latency SLO matches no series; use ${nearest}`,
    });
  }
  slo.burnRateWindows.forEach((w, i) => {
    const path = `slo.burnRateWindows.${i}`;
    if (w.shortWindowSeconds >= w.longWindowSeconds) {
      problems.push({
        subject,
        path: `${path}.shortWindowSeconds`,
        message: `(${w.shortWindowSeconds}) must be shorter than longWindowSeconds (${w.longWindowSeconds})`,
      });
    }
    for (const [key, objective] of [
      ['availabilityObjectivePercent', slo.availabilityObjectivePercent],
      ['latencyObjectivePercent', slo.latencyObjectivePercent],
    ] as const) {
      const threshold = w.burnRate * (1 - objective / 100);
      if (threshold >= 1) {
        problems.push({
          subject,
          path: `${path}.burnRate`,
          message:
            `(${w.burnRate}) times the error budget of slo.${key} (${formatNumber(100 - objective)}%) is ` +
            `${formatNumber(threshold * 100)}%, a ratio that can never be exceeded; use a burn rate below ` +
            `${formatNumber(1 / (1 - objective / 100))}`,
        });
      }
    }
  });
  return problems;
}

function reservedLabelProblems(subject: string, labels: Readonly<Record<string, string>>): Problem[] {
  return Object.keys(labels)
    .filter((k) => (RESERVED_ALERT_LABELS as readonly string[]).includes(k))
    .sort()
    .map((k) => ({
      subject,
      path: `alertLabels.${k}`,
      message: `is set by the rules themselves; reserved labels are ${RESERVED_ALERT_LABELS.join(', ')}`,
    }));
}
