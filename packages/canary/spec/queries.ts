/**
 * Pure PromQL builders for the canary analysis, shared by both engines (Flagger MetricTemplates, Argo
 * Rollouts AnalysisTemplates) and by the observability work (dashboards, alerts, promtool tests).
 *
 * They read Istio's standard metrics with the labels those metrics really carry:
 * - `istio_requests_total` and `istio_request_duration_milliseconds_bucket`;
 * - `reporter="destination"`: the series recorded by the sidecar of the pod that served the request. Every try,
 *   including retried failures, is counted where it happened, so retries cannot hide a failing canary;
 * - `destination_workload` (the Deployment name) and `destination_workload_namespace`;
 * - `response_code` (a string such as "503"; 5xx are errors).
 *
 * Builders take the selector values as parameters: Flagger passes its template variables
 * ({@link FLAGGER_SELECTOR}: `{{ namespace }}`, `{{ target }}`, `{{ interval }}`), tests and promtool pass
 * concrete values. With Flagger the canary workload is `<target>` and the primary is `<target>-primary`.
 *
 * What traffic each check sees: the absolute checks (success rate, error rate, P99, P95) count every request the
 * canary's pods served, the load tester's included (that traffic is what gives them data at 5% weight and for
 * blue/green); the relative-latency comparison leaves the load tester's requests out on both sides
 * (`excludeSource`, Istio's `source_workload` and `source_workload_namespace`), so it compares production
 * traffic with production traffic. docs/canary-service.md, "What each check sees".
 */
import { requireObjectArguments } from '../../shared';
import type { Duration } from './duration';
import { canaryServiceNames } from './names';
import type { ResolvedCanaryService } from './resolved';
import { IN_CLUSTER_SERVICE_URL_RULE, parseInClusterServiceUrl } from './values';

/** A workload that sends requests, as Istio labels it: `source_workload` and `source_workload_namespace`. */
export interface SourceWorkload {
  /** Namespace of the calling workload, e.g. `flagger-system`. */
  readonly namespace: string;
  /** Calling workload (Deployment) name, e.g. `flagger-loadtester`. */
  readonly workload: string;
}

/** Which workload a query measures, and over which window. */
export interface WorkloadSelector {
  /** Namespace of the workload, e.g. `shop` or `{{ namespace }}`. */
  readonly namespace: string;
  /** Workload (Deployment) name, e.g. `podinfo` or `{{ target }}`. */
  readonly workload: string;
  /** Range-vector window, e.g. `1m` or `{{ interval }}`. */
  readonly interval: string;
  /**
   * Extra label matchers, e.g. `destination_canonical_revision="{{args.canary-revision}}"`: Argo Rollouts runs
   * stable and canary pods under one workload name and tells them apart by revision.
   * @default - none
   */
  readonly matchers?: readonly string[];
  /**
   * Requests from this workload are left out (exactly this workload in exactly this namespace): the load tester,
   * whose synthetic requests reach only the canary and would otherwise skew a comparison with the primary.
   * @default - requests from every source count
   */
  readonly excludeSource?: SourceWorkload;
}

/** Flagger's MetricTemplate variables: the canary workload of the Canary being analysed. */
export const FLAGGER_SELECTOR: WorkloadSelector = { namespace: '{{ namespace }}', workload: '{{ target }}', interval: '{{ interval }}' };

/** Flagger's primary workload, as a template. */
export const FLAGGER_PRIMARY_WORKLOAD = '{{ target }}-primary';

/** A PromQL string literal. */
function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Istio label matchers for requests served by `s.workload`, plus `extra` matchers. */
function matchers(s: WorkloadSelector, extra: readonly string[] = []): string {
  return [
    'reporter="destination"',
    `destination_workload_namespace=${literal(s.namespace)}`,
    `destination_workload=${literal(s.workload)}`,
    ...(s.matchers ?? []),
    ...extra,
  ].join(', ');
}

/**
 * `rate(metric{...}[interval])` over the requests `s` selects. With `excludeSource`, the union of two disjoint
 * selections: every other `source_workload`, and the same workload name from another namespace (PromQL label
 * matchers cannot negate a pair of labels in one selector).
 */
function rates(metric: string, s: WorkloadSelector, extra: readonly string[] = []): string {
  const x = s.excludeSource;
  if (x === undefined) return `rate(${metric}{${matchers(s, extra)}}[${s.interval}])`;
  const other = `rate(${metric}{${matchers(s, [...extra, `source_workload!=${literal(x.workload)}`])}}[${s.interval}])`;
  const elsewhere = `rate(${metric}{${matchers(s, [...extra, `source_workload=${literal(x.workload)}`, `source_workload_namespace!=${literal(x.namespace)}`])}}[${s.interval}])`;
  return `${other} or ${elsewhere}`;
}

function requestRate(s: WorkloadSelector, extra: readonly string[] = []): string {
  return `sum(${rates('istio_requests_total', s, extra)})`;
}

/**
 * Percentage (0-100) of requests that did not answer 5xx. Same result as Flagger's builtin Istio
 * `request-success-rate`. No traffic gives no value (Flagger then halts and counts a failed check).
 */
export function requestSuccessRateQuery(s: WorkloadSelector): string {
  requireObjectArguments('requestSuccessRateQuery', { selector: s });
  return `100 * ${requestRate(s, ['response_code!~"5.."'])}\n/\n${requestRate(s)}`;
}

/**
 * Percentage (0-100) of requests that answered 5xx. `or on() vector(0)` turns "no 5xx series at all" into 0
 * (an empty numerator would otherwise give no value and fail a healthy canary); no traffic still gives no value.
 */
export function errorRateQuery(s: WorkloadSelector): string {
  requireObjectArguments('errorRateQuery', { selector: s });
  return `100 * (\n  ${requestRate(s, ['response_code=~"5.."'])}\n  or on() vector(0)\n)\n/\n${requestRate(s)}`;
}

/** The `quantile` (0-1) of request duration in milliseconds, from Istio's histogram. */
export function latencyQuantileQuery(s: WorkloadSelector, quantile: number): string {
  requireObjectArguments('latencyQuantileQuery', { selector: s });
  if (!(quantile > 0 && quantile < 1)) throw new RangeError(`quantile (${quantile}) must be between 0 and 1`);
  return `histogram_quantile(${quantile}, sum by (le) (${rates('istio_request_duration_milliseconds_bucket', s)}))`;
}

/** 95th percentile request duration in milliseconds. */
export function p95LatencyQuery(s: WorkloadSelector): string {
  requireObjectArguments('p95LatencyQuery', { selector: s });
  return latencyQuantileQuery(s, 0.95);
}

/**
 * Canary latency quantile divided by the primary's: 1.0 = as fast, 1.1 = 10% slower. Both sides drop the `le`
 * label, so the division matches their empty label sets. The primary is a workload name (same namespace, window
 * and `excludeSource` as the canary: like is compared with like) or a full selector.
 */
export function relativeLatencyQuery(canary: WorkloadSelector, primaryWorkload: string | WorkloadSelector, quantile = 0.95): string {
  requireObjectArguments('relativeLatencyQuery', { canary });
  const primary = typeof primaryWorkload === 'string' ? { ...canary, workload: primaryWorkload } : primaryWorkload;
  return `${latencyQuantileQuery(canary, quantile)}\n/\n${latencyQuantileQuery(primary, quantile)}`;
}

/** The relative-latency threshold for "canary at most `maxSlowerPercent`% slower": 1 + N/100. */
export function relativeLatencyThreshold(maxSlowerPercent: number): number {
  return (100 + maxSlowerPercent) / 100;
}

/** Values for Flagger's template variables in a query. */
export interface TemplateValues {
  /** `{{ namespace }}`. */
  readonly namespace: string;
  /** `{{ target }}` (the canary workload). */
  readonly target: string;
  /** `{{ name }}` (the Canary resource). @default - target */
  readonly name?: string;
  /** `{{ service }}` (the apex Service). @default - target */
  readonly service?: string;
  /** `{{ interval }}`. */
  readonly interval: string;
}

/**
 * A business metric's query with Flagger's template variables replaced by `values`, as Flagger's Go template
 * would. A query without variables passes through unchanged.
 * @throws Error when the query uses a variable Flagger does not offer
 */
export function businessMetricQuery(query: string, values: TemplateValues): string {
  requireObjectArguments('businessMetricQuery', { values });
  const table: Readonly<Record<string, string>> = {
    namespace: values.namespace,
    target: values.target,
    name: values.name ?? values.target,
    service: values.service ?? values.target,
    interval: values.interval,
  };
  return query.replace(/\{\{\s*(.*?)\s*\}\}/g, (_m, variable: string) => {
    const value = table[variable];
    if (value === undefined) throw new Error(`query uses {{ ${variable} }}, which Flagger does not offer`);
    return value;
  });
}

/** One check of a service's analysis, as the engine renders it (template form only). */
export interface AnalysisCheck {
  /** Check name as it appears in the Canary: `request-success-rate`, `error-rate`, a business metric name... */
  readonly check: string;
  /** Flagger runs builtin checks itself; the others come from a MetricTemplate. */
  readonly source: 'builtin' | 'metricTemplate';
  /** MetricTemplate name, for `metricTemplate` checks. */
  readonly metricTemplate?: string;
  /** The query with Flagger's template variables (what the MetricTemplate holds). */
  readonly template: string;
  /** Passing range. */
  readonly thresholdRange: { readonly min?: number; readonly max?: number };
  /** Query window. */
  readonly interval: Duration;
  /** Unit of the result. */
  readonly unit: 'percent' | 'milliseconds' | 'ratio' | 'value';
}

/** One query a service's analysis runs, with its concrete form. */
export interface AnalysisQuery extends AnalysisCheck {
  /** The query for this service with concrete values (namespace, `<name>`, `<name>-primary`, window). */
  readonly query: string;
}

/**
 * The workload whose requests the relative-latency comparison leaves out: the load tester behind
 * `platform.loadTesterUrl` (`http://<service>.<namespace>/`, validated). Istio names a Deployment's pods' workload
 * after the Deployment (`GetDeployMetaFromPod`), and the flagger-loadtester chart names its Deployment and its
 * Service alike (`loadtester.fullname`), so the Service in the URL is the workload.
 */
export function loadTesterSource(spec: ResolvedCanaryService): SourceWorkload {
  requireObjectArguments('loadTesterSource', { spec });
  const address = parseInClusterServiceUrl(spec.platform.loadTesterUrl);
  if (address === undefined) throw new Error(`platform.loadTesterUrl (${spec.platform.loadTesterUrl}) ${IN_CLUSTER_SERVICE_URL_RULE}`);
  return { namespace: address.namespace, workload: address.service };
}

/** The template forms of the absolute checks do not depend on the service: built once. */
const TEMPLATES = {
  successRate: requestSuccessRateQuery(FLAGGER_SELECTOR),
  latencyP99: latencyQuantileQuery(FLAGGER_SELECTOR, 0.99),
  errorRate: errorRateQuery(FLAGGER_SELECTOR),
  latencyP95: p95LatencyQuery(FLAGGER_SELECTOR),
} as const;

/** The relative-latency template per load tester (`namespace/workload`): one per platform in practice. */
const RELATIVE_LATENCY_TEMPLATES = new Map<string, string>();

/** Flagger's relative-latency template, the load tester's requests left out on both sides. */
function relativeLatencyTemplate(loadTester: SourceWorkload): string {
  const key = `${loadTester.namespace}/${loadTester.workload}`;
  let template = RELATIVE_LATENCY_TEMPLATES.get(key);
  if (template === undefined) {
    template = relativeLatencyQuery({ ...FLAGGER_SELECTOR, excludeSource: loadTester }, FLAGGER_PRIMARY_WORKLOAD);
    RELATIVE_LATENCY_TEMPLATES.set(key, template);
  }
  return template;
}

/** Every check the analysis of `spec` runs, in the order the Canary lists its metrics. */
export function analysisChecks(spec: ResolvedCanaryService): AnalysisCheck[] {
  const names = canaryServiceNames(spec.name);
  const { checks } = spec.analysis;
  const out: AnalysisCheck[] = [];
  if (checks.successRate !== false) {
    const c = checks.successRate;
    out.push({ check: 'request-success-rate', source: 'builtin', template: TEMPLATES.successRate, thresholdRange: { min: c.minPercent }, interval: c.interval, unit: 'percent' });
  }
  if (checks.latencyP99 !== false) {
    const c = checks.latencyP99;
    out.push({ check: 'request-duration', source: 'builtin', template: TEMPLATES.latencyP99, thresholdRange: { max: c.maxMs }, interval: c.interval, unit: 'milliseconds' });
  }
  if (checks.errorRate !== false) {
    const c = checks.errorRate;
    out.push({ check: 'error-rate', source: 'metricTemplate', metricTemplate: names.metricTemplate('error-rate'), template: TEMPLATES.errorRate, thresholdRange: { max: c.maxPercent }, interval: c.interval, unit: 'percent' });
  }
  if (checks.latencyP95 !== false) {
    const c = checks.latencyP95;
    out.push({ check: 'latency-p95', source: 'metricTemplate', metricTemplate: names.metricTemplate('latency-p95'), template: TEMPLATES.latencyP95, thresholdRange: { max: c.maxMs }, interval: c.interval, unit: 'milliseconds' });
  }
  if (checks.relativeLatency !== false) {
    const c = checks.relativeLatency;
    out.push({
      check: 'relative-latency',
      source: 'metricTemplate',
      metricTemplate: names.metricTemplate('relative-latency'),
      template: relativeLatencyTemplate(loadTesterSource(spec)),
      thresholdRange: { max: relativeLatencyThreshold(c.maxSlowerPercent) },
      interval: c.interval,
      unit: 'ratio',
    });
  }
  for (const m of checks.business) {
    out.push({
      check: m.name,
      source: 'metricTemplate',
      metricTemplate: names.metricTemplate(m.name),
      template: m.query,
      thresholdRange: { ...(m.max !== undefined ? { max: m.max } : {}), ...(m.min !== undefined ? { min: m.min } : {}) },
      interval: m.interval,
      unit: 'value',
    });
  }
  return out;
}

/**
 * Every query the analysis of `spec` runs, in the order the Canary lists its metrics, each with its template
 * form (what Flagger runs) and its concrete form for this service (what promtool, dashboards and tests run).
 */
export function analysisQueries(spec: ResolvedCanaryService): AnalysisQuery[] {
  requireObjectArguments('analysisQueries', { spec });
  const names = canaryServiceNames(spec.name);
  return analysisChecks(spec).map((c) => {
    const values: TemplateValues = { namespace: spec.namespace, target: names.deployment, name: names.resource, service: names.apexService, interval: c.interval.toString() };
    return { ...c, query: businessMetricQuery(c.template, values) };
  });
}
