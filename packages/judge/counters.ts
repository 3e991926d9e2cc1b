/**
 * From counter samples at aligned boundaries (the matrices the queries of ./queries.ts return) to what each
 * version served in each stratum between two boundaries.
 *
 * Per series (one pod, one side, one `le`), the stratum's count is the difference between its values at the
 * stratum's two boundaries, with Prometheus' counter rules: a drop is a reset (the pod restarted; the new value
 * is what it served since), a series that appears after the first boundary is a new pod or a new response code
 * (its whole value was served inside the analysis), a missing value (a failed scrape, a pod gone) counts nothing
 * until the series is seen again. Counts are exact request counts: no extrapolation.
 *
 * A restart resets every counter of the pod at once, but a counter that grew past its old value since then (a
 * latency bucket of a young pod, an error counter) does not show it. So resets are recognised per pod from its
 * request counter and applied to all of the pod's series: otherwise one bucket would count 3 requests where it
 * counted 103 and the pod's latency histogram of that stratum would be distorted (found by the evaluation).
 */
import type { MatrixSeries, VectorSample } from './prometheus';
import { SIDE_LABEL, type Side } from './queries';
import { emptyBuckets, parseLe, type BucketCounts } from './stats/histogram';

/** What one version served in one stratum. */
export interface SideCounts {
  /** Production requests. */
  readonly requests: number;
  /** Of which 5xx. */
  readonly errors: number;
  /** Their latency, per bucket. */
  readonly latency: BucketCounts;
}

/** One stratum: the time between two boundaries. */
export interface Stratum {
  /** Start (unix seconds, exclusive). */
  readonly start: number;
  /** End (unix seconds, inclusive). */
  readonly end: number;
  readonly canary: SideCounts;
  readonly primary: SideCounts;
}

/** The boundaries from `first` to `time` every `step` seconds: first, first + step, ..., at most time. */
export function boundaries(first: number, time: number, step: number): number[] {
  const out: number[] = [];
  for (let t = first; t <= time + 1e-9; t += step) out.push(t);
  return out;
}

/**
 * The value of a series at each boundary (undefined where it has none), walking both sorted lists once.
 * Prometheus returns samples in time order; subquery samples fall exactly on the boundaries.
 */
function valuesAt(values: readonly (readonly [number, number])[], at: readonly number[]): (number | undefined)[] {
  const out = new Array<number | undefined>(at.length).fill(undefined);
  let k = 0;
  for (const [t, v] of values) {
    while (k < at.length && at[k] < t - 1e-6) k++;
    if (k >= at.length) break;
    if (Math.abs(at[k] - t) <= 1e-6 && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/** The boundary indices at which a series' value dropped (a counter reset), from index 1. */
export function resetIndices(values: readonly (readonly [number, number])[], at: readonly number[]): Set<number> {
  const v = valuesAt(values, at);
  const resets = new Set<number>();
  let last = v[0];
  for (let k = 1; k < at.length; k++) {
    const value = v[k];
    if (value === undefined) continue;
    if (last !== undefined && value < last) resets.add(k);
    last = value;
  }
  return resets;
}

/**
 * Per-stratum deltas of one series (length boundaries.length − 1). `resets` are boundary indices at which the
 * pod is known to have restarted, whatever this series' own values show.
 */
export function seriesDeltas(values: readonly (readonly [number, number])[], at: readonly number[], resets: ReadonlySet<number> = new Set()): number[] {
  const v = valuesAt(values, at);
  const deltas: number[] = [];
  let last = v[0];
  for (let k = 1; k < at.length; k++) {
    const value = v[k];
    if (value === undefined) {
      deltas.push(0);
      continue;
    }
    deltas.push(last === undefined || resets.has(k) ? value : value >= last ? value - last : value);
    last = value;
  }
  return deltas;
}

/** The pod of a series: its side and `instance`. */
function podKey(metric: Readonly<Record<string, string>>): string {
  return `${metric[SIDE_LABEL] ?? ''}/${metric.instance ?? ''}`;
}

/** Resets per pod, from the pods' request counters. */
export function podResets(requests: readonly MatrixSeries[], at: readonly number[]): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const s of requests) {
    const resets = resetIndices(s.values, at);
    const k = podKey(s.metric);
    out.set(k, new Set([...(out.get(k) ?? []), ...resets]));
  }
  return out;
}

/** Sums of per-stratum deltas, per side and group (e.g. per `le`). */
export function sideDeltas(series: readonly MatrixSeries[], at: readonly number[], group: (metric: Readonly<Record<string, string>>) => string, resets: ReadonlyMap<string, ReadonlySet<number>> = new Map()): Record<Side, Map<string, number[]>> {
  const out: Record<Side, Map<string, number[]>> = { canary: new Map(), primary: new Map() };
  for (const s of series) {
    const side = s.metric[SIDE_LABEL];
    if (side !== 'canary' && side !== 'primary') continue;
    const g = group(s.metric);
    const deltas = seriesDeltas(s.values, at, resets.get(podKey(s.metric)));
    const sum = out[side].get(g) ?? new Array<number>(Math.max(0, at.length - 1)).fill(0);
    deltas.forEach((d, k) => {
      sum[k] += d;
    });
    out[side].set(g, sum);
  }
  return out;
}

/** The three counter matrices of one judgement. */
export interface CounterMatrices {
  readonly requests: readonly MatrixSeries[];
  readonly errors: readonly MatrixSeries[];
  readonly latency: readonly MatrixSeries[];
}

/**
 * The matrix with the samples of `now` (the same series at `time`, an instant query) appended: the boundaries
 * then end with `time` itself.
 */
export function appendNow(matrix: readonly MatrixSeries[], now: readonly VectorSample[], time: number): MatrixSeries[] {
  const key = (metric: Readonly<Record<string, string>>) => JSON.stringify(Object.keys(metric).sort().map((k) => [k, metric[k]]));
  const out = new Map<string, MatrixSeries>(matrix.map((s) => [key(s.metric), { metric: s.metric, values: [...s.values] }]));
  for (const sample of now) {
    const k = key(sample.metric);
    const existing = out.get(k);
    const point = [time, sample.value[1]] as const;
    if (existing === undefined) out.set(k, { metric: sample.metric, values: [point] });
    else if (existing.values.length === 0 || existing.values[existing.values.length - 1][0] < time) out.set(k, { metric: existing.metric, values: [...existing.values, point] });
  }
  return [...out.values()];
}

function latencyPerStratum(byLe: Map<string, number[]>, strata: number): BucketCounts[] {
  if (byLe.size === 0) return Array.from({ length: strata }, () => emptyBuckets());
  // Sort the les once; each stratum's cumulative values become per-bucket counts, made monotonic as
  // bucketsFromCumulative (and Prometheus' histogram_quantile) do.
  const les = [...byLe.entries()].map(([le, deltas]) => ({ bound: parseLe(le), deltas })).sort((a, b) => a.bound - b.bound);
  const finite = les.filter((l) => Number.isFinite(l.bound));
  const infinity = les.find((l) => !Number.isFinite(l.bound));
  const bounds = finite.map((l) => l.bound);
  return Array.from({ length: strata }, (_, k) => {
    const counts: number[] = [];
    let previous = 0;
    for (const l of finite) {
      const value = Math.max(previous, l.deltas[k]);
      counts.push(value - previous);
      previous = value;
    }
    counts.push(infinity === undefined ? 0 : Math.max(previous, infinity.deltas[k]) - previous);
    return { bounds, counts };
  });
}

/** The strata between consecutive boundaries `at`. */
export function strataFromMatrices(m: CounterMatrices, at: readonly number[]): Stratum[] {
  const n = Math.max(0, at.length - 1);
  const resets = podResets(m.requests, at);
  const requests = sideDeltas(m.requests, at, () => '', resets);
  const errors = sideDeltas(m.errors, at, () => '', resets);
  const latency = sideDeltas(m.latency, at, (metric) => metric.le ?? '+Inf', resets);
  const canaryLatency = latencyPerStratum(latency.canary, n);
  const primaryLatency = latencyPerStratum(latency.primary, n);
  const zeros = new Array<number>(n).fill(0);
  const side = (s: Side, k: number, h: BucketCounts): SideCounts => ({
    requests: (requests[s].get('') ?? zeros)[k],
    errors: (errors[s].get('') ?? zeros)[k],
    latency: h,
  });
  return Array.from({ length: n }, (_, k) => ({
    start: at[k],
    end: at[k + 1],
    canary: side('canary', k, canaryLatency[k]),
    primary: side('primary', k, primaryLatency[k]),
  }));
}
