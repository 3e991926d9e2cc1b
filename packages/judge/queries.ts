/**
 * The exact PromQL the judge runs, built from the service, the excluded source workload and the window.
 *
 * Istio's standard metrics, as recorded by the sidecar of the pod that served each request
 * (`reporter="destination"`): `istio_requests_total` (5xx `response_code` = error) and
 * `istio_request_duration_milliseconds_bucket` (`le` in ms). Versions are told apart by `destination_workload`
 * (Flagger: `<name>` is the canary, `<name>-primary` the primary) or, for Argo Rollouts, where both versions are
 * one workload, by `destination_canonical_revision`.
 *
 * Counters, not `increase()`: each query samples the raw counters, summed per scraped pod (`instance`), at
 * boundaries aligned to multiples of the resolution (a subquery `[<range>:<resolution>]`, evaluated at the step
 * time). The judge takes differences between boundaries itself, treating a drop as a counter reset (a restarted
 * pod) and a new pod's first value as requests it served. `increase()` would extrapolate every window to its full
 * width (by about 4/3 for one-minute windows at 15-second scrapes), and inflated counts would make the tests
 * over-confident; it would also drop each new series' first scrape. Aligned boundaries make every call see the
 * same strata, so the tests form one e-process over time.
 *
 * Production traffic only: requests from `excludeSource` (the load tester) are left out on both sides.
 */
import type { Duration } from './duration';

/** A workload that sends requests, as Istio labels it. */
export interface SourceWorkload {
  /** `source_workload`, e.g. `flagger-loadtester`. */
  readonly workload: string;
  /** `source_workload_namespace`, e.g. `flagger-system`. @default - the workload name in any namespace */
  readonly namespace?: string;
}

/** Which requests are the canary's and which the primary's. */
export type JudgeTarget =
  /** Two workloads (Flagger: `podinfo` and `podinfo-primary`). */
  | { readonly kind: 'workloads'; readonly namespace: string; readonly canary: string; readonly primary: string }
  /** One workload, two revisions (Argo Rollouts: the canary is `canaryRevision`, the stable version every other). */
  | { readonly kind: 'revisions'; readonly namespace: string; readonly workload: string; readonly canaryRevision: string };

/** What the queries select: the target and the requests left out. */
export interface QueryScope {
  readonly target: JudgeTarget;
  /** Requests from this workload are left out on both sides. @default - none */
  readonly excludeSource?: SourceWorkload;
}

/** The two versions. */
export type Side = 'canary' | 'primary';

/** The label the queries add to tell the versions apart in one result. */
export const SIDE_LABEL = 'judge_side';

/** A PromQL string literal. */
export function literal(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The label matchers of one side's requests (without the source exclusion). */
export function sideMatchers(target: JudgeTarget, side: Side): string[] {
  const base = ['reporter="destination"', `destination_workload_namespace=${literal(target.namespace)}`];
  if (target.kind === 'workloads') return [...base, `destination_workload=${literal(side === 'canary' ? target.canary : target.primary)}`];
  const operator = side === 'canary' ? '=' : '!=';
  return [...base, `destination_workload=${literal(target.workload)}`, `destination_canonical_revision${operator}${literal(target.canaryRevision)}`];
}

/**
 * `metric{...}` for one side, the excluded source left out. PromQL cannot negate a pair of labels in one
 * selector, so with a namespace the exclusion is the union of two disjoint selections: every other source
 * workload, and the same workload name from another namespace.
 */
export function sideSelector(metric: string, scope: QueryScope, side: Side, extra: readonly string[] = []): string {
  const matchers = [...sideMatchers(scope.target, side), ...extra];
  const x = scope.excludeSource;
  if (x === undefined) return `${metric}{${matchers.join(', ')}}`;
  const other = `${metric}{${[...matchers, `source_workload!=${literal(x.workload)}`].join(', ')}}`;
  if (x.namespace === undefined) return other;
  const elsewhere = `${metric}{${[...matchers, `source_workload=${literal(x.workload)}`, `source_workload_namespace!=${literal(x.namespace)}`].join(', ')}}`;
  return `${other} or ${elsewhere}`;
}

/** Where and how finely the counters are sampled. */
export interface SampleWindow {
  /** Evaluation time (unix seconds, whole). */
  readonly time: number;
  /** The first boundary: the analysis start rounded down to a multiple of the resolution (unix seconds). */
  readonly firstBoundary: number;
  /** Distance between boundaries. */
  readonly resolution: Duration;
}

/** The first boundary of an analysis that started at `start`: rounded down to a multiple of the resolution. */
export function firstBoundary(start: number, resolution: Duration): number {
  const step = resolution.toSeconds();
  return Math.floor(start / step) * step;
}

function subquery(inner: string, window: SampleWindow): string {
  const range = Math.max(window.resolution.toSeconds(), Math.ceil(window.time - window.firstBoundary));
  return `(\n${inner}\n)[${range}s:${window.resolution.toString()}]`;
}

function bothSides(metric: string, scope: QueryScope, by: string, extra: readonly string[] = []): string {
  const side = (s: Side) => `  label_replace(sum by (${by}) (${sideSelector(metric, scope, s, extra)}), ${literal(SIDE_LABEL)}, ${literal(s)}, "", "")`;
  return `${side('canary')}\nor\n${side('primary')}`;
}

/** The queries of one judgement. */
export interface JudgeQueries {
  /** All requests, per side and pod, at each boundary. */
  readonly requests: string;
  /** 5xx responses, per side and pod, at each boundary. */
  readonly errors: string;
  /** Latency buckets, per side, pod and `le`, at each boundary. */
  readonly latency: string;
  /** The same three at the evaluation time itself (the stratum since the last boundary: counted, not yet tested). */
  readonly requestsNow: string;
  readonly errorsNow: string;
  readonly latencyNow: string;
}

/** The counter queries for `scope` over `window` (instant queries at `window.time`; the first three return matrices). */
export function judgeQueries(scope: QueryScope, window: SampleWindow): JudgeQueries {
  const requests = bothSides('istio_requests_total', scope, 'instance');
  const errors = bothSides('istio_requests_total', scope, 'instance', ['response_code=~"5.."']);
  const latency = bothSides('istio_request_duration_milliseconds_bucket', scope, 'instance, le');
  return {
    requests: subquery(requests, window),
    errors: subquery(errors, window),
    latency: subquery(latency, window),
    requestsNow: requests,
    errorsNow: errors,
    latencyNow: latency,
  };
}

/**
 * Flagger's analysis start: the last time within `lookback` at which Flagger reported the canary's weight as 0
 * (`flagger_canary_weight`, set on every scheduler tick). Scrape configs that add their own `namespace` label
 * rename Flagger's to `exported_namespace`, so both are matched. Result: one sample, a unix time; none when the
 * weight was never 0 in the lookback (the judge then starts at the lookback's beginning) or never reported.
 */
export function flaggerStartQuery(namespace: string, canaryWorkload: string, lookback: Duration, resolution: Duration): string {
  const weight = (label: string) => `flagger_canary_weight{${label}=${literal(namespace)}, workload=${literal(canaryWorkload)}}`;
  return `max(max_over_time(timestamp((${weight('namespace')} or ${weight('exported_namespace')}) == 0)[${lookback.toString()}:${resolution.toString()}]))`;
}

/** The canary weight Flagger reports now (none when Flagger's metrics are not scraped). */
export function flaggerWeightNowQuery(namespace: string, canaryWorkload: string): string {
  const weight = (label: string) => `flagger_canary_weight{${label}=${literal(namespace)}, workload=${literal(canaryWorkload)}}`;
  return `max(${weight('namespace')} or ${weight('exported_namespace')})`;
}

/**
 * Argo Rollouts' analysis start: the first time within `lookback` at which the canary revision served production
 * requests (its series exist only since its pods started). Result: one sample, a unix time, or none.
 */
export function firstCanaryTrafficQuery(scope: QueryScope, lookback: Duration, resolution: Duration): string {
  return `min(min_over_time(timestamp(sum(${sideSelector('istio_requests_total', scope, 'canary')}))[${lookback.toString()}:${resolution.toString()}]))`;
}
