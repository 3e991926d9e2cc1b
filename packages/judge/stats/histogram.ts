/**
 * Latency histograms as Prometheus exposes them (cumulative `_bucket{le="..."}` counters), turned into request
 * counts per bucket, plus the two things the judge computes from them: Prometheus' own `histogram_quantile`
 * (for the numbers in explanations, with its interpolation) and mid-ranks (for the rank test).
 */
import { normalCdf } from './special';

/** Istio's default request-duration bucket boundaries (ms), `+Inf` excluded: the `le` values Istio exports. */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

/**
 * Request counts per latency bucket: `counts[i]` requests took more than `bounds[i - 1]` (0 for i = 0) and at
 * most `bounds[i]` milliseconds; the last entry, `counts[bounds.length]`, counts those above the last bound
 * (the `+Inf` bucket). Counts may be fractional (Prometheus' `increase()` extrapolates).
 */
export interface BucketCounts {
  /** Finite upper bounds, strictly increasing. */
  readonly bounds: readonly number[];
  /** `bounds.length + 1` non-negative counts. */
  readonly counts: readonly number[];
}

/** Parses an `le` label value: a number, or `+Inf`. */
export function parseLe(le: string): number {
  if (le === '+Inf' || le === 'Inf' || le === '+inf') return Number.POSITIVE_INFINITY;
  const value = Number(le);
  if (le.trim() === '' || Number.isNaN(value)) throw new RangeError(`le label ${JSON.stringify(le)} is not a number or +Inf`);
  return value;
}

/**
 * Per-bucket counts from cumulative bucket values keyed by `le` (as `sum by (le) (increase(..._bucket[w]))`
 * returns them). Cumulative values are first made monotonic the way Prometheus' `histogram_quantile` does
 * (extrapolated increases of separate series can dip slightly), so no count is negative. A histogram without a
 * `+Inf` bucket takes its total from the largest bound.
 */
export function bucketsFromCumulative(cumulative: ReadonlyMap<number, number>): BucketCounts {
  const entries = [...cumulative.entries()].filter(([le]) => !Number.isNaN(le)).sort((a, b) => a[0] - b[0]);
  const bounds: number[] = [];
  const counts: number[] = [];
  let previous = 0;
  let sawInfinity = false;
  for (const [le, raw] of entries) {
    const value = Math.max(previous, Number.isFinite(raw) ? raw : previous);
    if (le === Number.POSITIVE_INFINITY) {
      counts.push(value - previous);
      sawInfinity = true;
    } else {
      bounds.push(le);
      counts.push(value - previous);
    }
    previous = value;
  }
  if (!sawInfinity) counts.push(0);
  return { bounds, counts };
}

/** The total number of requests in `h`. */
export function totalCount(h: BucketCounts): number {
  return h.counts.reduce((sum, c) => sum + c, 0);
}

/**
 * What Prometheus' `histogram_quantile(q, ...)` returns for these buckets (promql/quantile.go `bucketQuantile`,
 * v2.42): linear interpolation inside the bucket holding rank q·total, the lower edge of the first bucket
 * taken as 0, and the largest finite bound when the rank falls into `+Inf`. NaN without observations.
 */
export function histogramQuantile(q: number, h: BucketCounts): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  if (h.bounds.length === 0) return Number.NaN;
  const total = totalCount(h);
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let below = 0;
  for (let b = 0; b < h.bounds.length; b++) {
    const cumulative = below + h.counts[b];
    if (cumulative >= rank) {
      if (b === 0 && h.bounds[0] <= 0) return h.bounds[0];
      const start = b === 0 ? 0 : h.bounds[b - 1];
      return start + (h.bounds[b] - start) * ((rank - below) / h.counts[b]);
    }
    below = cumulative;
  }
  return h.bounds[h.bounds.length - 1];
}

/** Element-wise sum of histograms with the same bounds. @throws RangeError when the bounds differ */
export function addBuckets(a: BucketCounts, b: BucketCounts): BucketCounts {
  if (a.bounds.length === 0) return b;
  if (b.bounds.length === 0) return a;
  if (a.bounds.length !== b.bounds.length || a.bounds.some((x, i) => x !== b.bounds[i])) {
    throw new RangeError(`histograms have different bucket bounds: [${a.bounds.join(', ')}] and [${b.bounds.join(', ')}]`);
  }
  return { bounds: a.bounds, counts: a.counts.map((c, i) => c + b.counts[i]) };
}

/** An empty histogram on `bounds`. */
export function emptyBuckets(bounds: readonly number[] = []): BucketCounts {
  return { bounds, counts: new Array<number>(bounds.length + 1).fill(0) };
}

/**
 * Centred mid-ranks of each bucket within `pooled`: a request in bucket i is slower than the share
 * `(below_i + counts_i / 2) / total` of all pooled requests; the score is that share minus ½, in [−½, ½].
 * Ties (a whole bucket) share one mid-rank, as in the Mann-Whitney test with ties. All zeros when empty.
 */
export function midRankScores(pooled: BucketCounts): number[] {
  const total = totalCount(pooled);
  if (!(total > 0)) return pooled.counts.map(() => 0);
  let below = 0;
  return pooled.counts.map((c) => {
    const score = (below + c / 2) / total - 0.5;
    below += c;
    return score;
  });
}

/**
 * The share of a histogram's requests at or below `x` ms, interpolating linearly in log(latency) inside a
 * bucket (linearly from 0 in the first bucket; `+Inf` holds its requests above the last bound). Used only to
 * plan sample sizes (what would a +25% slower canary look like in these buckets), never for a verdict.
 */
export function cdfAt(h: BucketCounts, x: number): number {
  const total = totalCount(h);
  if (!(total > 0)) return Number.NaN;
  let below = 0;
  for (let b = 0; b < h.bounds.length; b++) {
    const upper = h.bounds[b];
    if (x <= upper) {
      const lower = b === 0 ? 0 : h.bounds[b - 1];
      const fraction = b === 0 || lower <= 0 ? x / upper : Math.log(x / lower) / Math.log(upper / lower);
      return (below + h.counts[b] * Math.max(0, Math.min(1, fraction))) / total;
    }
    below += h.counts[b];
  }
  return below / total;
}

/**
 * The share of requests per bucket of a log-normal latency (median `medianMs`, log-scale deviation `sigma`):
 * `counts[i]` is the probability of bucket i. A common model of service latency, used for planning and by the
 * simulator.
 */
export function logNormalBuckets(medianMs: number, sigma: number, bounds: readonly number[] = ISTIO_DURATION_BUCKETS_MS): BucketCounts {
  const counts: number[] = [];
  let previous = 0;
  for (const bound of bounds) {
    const at = normalCdf(Math.log(bound / medianMs) / sigma);
    counts.push(Math.max(0, at - previous));
    previous = Math.max(previous, at);
  }
  counts.push(Math.max(0, 1 - previous));
  return { bounds, counts };
}
