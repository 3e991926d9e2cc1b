/**
 * What Prometheus 2.42 would answer, computed in TypeScript from the simulated samples: the judge's queries
 * (raw counters at aligned subquery steps) and the threshold checks' `rate()` and `histogram_quantile()`.
 *
 * Used only to PREDICT each tick's decision while a trajectory is simulated; every decision the report uses is
 * then recomputed from the real Prometheus (./run.ts), and a trajectory whose prediction differs is simulated
 * again from that tick. The rules follow Prometheus' source: `extrapolatedRate` in promql/functions.go, instant
 * vectors with a 5-minute lookback, subquery steps aligned to multiples of the step.
 */
import type { MatrixSeries, PrometheusClient, QueryResult } from '../prometheus';
import { SIDE_LABEL } from '../queries';
import { bucketsFromCumulative, histogramQuantile } from '../stats/histogram';
import type { SeriesData } from './simulate';

/** Prometheus' default lookback for instant vectors. */
export const LOOKBACK_SECONDS = 300;

/** The value of `s` at `t`: its last sample at or before t, if within the lookback. */
export function valueAt(s: SeriesData, t: number): number | undefined {
  let lo = 0;
  let hi = s.times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.times[mid] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || t - s.times[found] > LOOKBACK_SECONDS) return undefined;
  return s.values[found];
}

/** Prometheus' `rate(s[range])` at `t` (samples in [t − range, t]); undefined with fewer than two samples. */
export function rateAt(s: SeriesData, t: number, range: number): number | undefined {
  const start = t - range;
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < s.times.length; i++) {
    if (s.times[i] < start) continue;
    if (s.times[i] > t) break;
    times.push(s.times[i]);
    values.push(s.values[i]);
  }
  if (times.length < 2) return undefined;
  let result = values[values.length - 1] - values[0];
  for (let i = 1; i < values.length; i++) if (values[i] < values[i - 1]) result += values[i - 1];
  let durationToStart = times[0] - start;
  const durationToEnd = t - times[times.length - 1];
  const sampled = times[times.length - 1] - times[0];
  const average = sampled / (times.length - 1);
  if (result > 0 && values[0] >= 0) {
    const durationToZero = sampled * (values[0] / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = average * 1.1;
  let interval = sampled;
  interval += durationToStart < threshold ? durationToStart : average / 2;
  interval += durationToEnd < threshold ? durationToEnd : average / 2;
  return (result * (interval / sampled)) / range;
}

/** `sum(rate(selected[range]))`: undefined when no series has a rate (an empty vector). */
export function sumRate(series: readonly SeriesData[], t: number, range: number): number | undefined {
  let sum: number | undefined;
  for (const s of series) {
    const r = rateAt(s, t, range);
    if (r !== undefined) sum = (sum ?? 0) + r;
  }
  return sum;
}

/** `histogram_quantile(q, sum by (le) (rate(buckets[range])))`: undefined when empty or NaN. */
export function quantileOfRates(q: number, buckets: readonly SeriesData[], t: number, range: number): number | undefined {
  const byLe = new Map<number, number>();
  for (const s of buckets) {
    const r = rateAt(s, t, range);
    if (r !== undefined) byLe.set(s.le, (byLe.get(s.le) ?? 0) + r);
  }
  if (!byLe.has(Number.POSITIVE_INFINITY) || byLe.size < 2) return undefined;
  const v = histogramQuantile(q, bucketsFromCumulative(byLe));
  return Number.isFinite(v) ? v : undefined;
}

function subqueryRange(promql: string): { range: number; step: number } {
  const m = /\[(\d+)s:(?:(\d+)m)?(?:(\d+)s)?\]\)*$/.exec(promql);
  if (m === null) throw new Error(`proxy: no subquery range in ${promql.slice(-80)}`);
  return { range: Number(m[1]), step: Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) };
}

function steps(time: number, range: number, step: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil((time - range) / step) * step; t <= time; t += step) out.push(t);
  return out;
}

function durationSeconds(text: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (m === null) throw new Error(`proxy: unexpected duration ${text}`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/**
 * A PrometheusClient answering exactly the judge's queries (./queries.ts) for one simulated trajectory whose
 * judge leaves out the load tester.
 */
export function judgeProxyClient(series: readonly SeriesData[]): PrometheusClient {
  const weight = series.filter((s) => s.family === 'weight');
  const vector = (v: number | undefined): QueryResult => ({ resultType: 'vector', result: v === undefined ? [] : [{ metric: {}, value: [0, v] }] });
  return {
    async query(promql, time) {
      if (promql.startsWith('max(flagger_canary_weight')) {
        const values = weight.map((s) => valueAt(s, time)).filter((v): v is number => v !== undefined);
        return vector(values.length > 0 ? Math.max(...values) : undefined);
      }
      if (promql.startsWith('max(max_over_time(timestamp((flagger_canary_weight')) {
        const m = /\[([0-9hms]+):([0-9hms]+)\]\)\)$/.exec(promql);
        if (m === null) throw new Error(`proxy: unexpected start query ${promql}`);
        let last: number | undefined;
        for (const t of steps(time, durationSeconds(m[1]), durationSeconds(m[2]))) if (weight.some((s) => valueAt(s, t) === 0)) last = t;
        return vector(last);
      }
      if (!promql.includes('label_replace')) throw new Error(`proxy: unexpected query ${promql.slice(0, 120)}`);
      if (!promql.includes('source_workload!="flagger-loadtester"')) throw new Error('proxy: the judge query does not leave out the load tester');
      const family = promql.includes('istio_request_duration_milliseconds_bucket') ? 'buckets' : 'requests';
      const errorsOnly = promql.includes('response_code=~"5.."');
      const instant = !/\]\)*$/.test(promql.trimEnd());
      const at = instant ? [time] : (({ range, step }) => steps(time, range, step))(subqueryRange(promql));
      const groups = new Map<string, { metric: Record<string, string>; members: SeriesData[] }>();
      for (const s of series) {
        if (s.family !== family || s.source === 'load-tester' || s.side === 'flagger') continue;
        if (errorsOnly && !s.code.startsWith('5')) continue;
        const metric: Record<string, string> = { [SIDE_LABEL]: s.side, instance: s.labels.instance };
        if (family === 'buckets') metric.le = s.labels.le;
        const key = JSON.stringify(metric);
        const g = groups.get(key) ?? { metric, members: [] };
        g.members.push(s);
        groups.set(key, g);
      }
      const result: MatrixSeries[] = [];
      for (const { metric, members } of groups.values()) {
        const values: [number, number][] = [];
        for (const t of at) {
          let sum: number | undefined;
          for (const s of members) {
            const v = valueAt(s, t);
            if (v !== undefined) sum = (sum ?? 0) + v;
          }
          if (sum !== undefined) values.push([t, sum]);
        }
        if (values.length > 0) result.push({ metric, values });
      }
      if (instant) return { resultType: 'vector', result: result.map((r) => ({ metric: r.metric, value: r.values[0] })) };
      return { resultType: 'matrix', result };
    },
  };
}
