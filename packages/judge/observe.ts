/**
 * Asks Prometheus what the judge needs at one moment: the analysis start (given, or derived from Prometheus)
 * and the strata since then. Every failure becomes an `unavailable` observation that says what failed.
 */
import { appendNow, boundaries, strataFromMatrices, type CounterMatrices } from './counters';
import type { Observation } from './decide';
import { Duration } from './duration';
import type { MatrixSeries, PrometheusClient, QueryResult, VectorSample } from './prometheus';
import { firstBoundary, firstCanaryTrafficQuery, flaggerStartQuery, flaggerWeightNowQuery, judgeQueries, type QueryScope } from './queries';
import type { JudgeSpec } from './spec';

/** How the analysis start is found. */
export type StartRule =
  /** Given by the caller (unix seconds). */
  | { readonly kind: 'given'; readonly start: number }
  /** Flagger: the last time `flagger_canary_weight` of the canary was 0. */
  | { readonly kind: 'flagger-weight' }
  /** Argo Rollouts: the first production request the canary revision served. */
  | { readonly kind: 'first-canary-traffic' };

/** What to observe. */
export interface ObserveRequest {
  readonly scope: QueryScope;
  readonly spec: JudgeSpec;
  /** Evaluation time, unix seconds (rounded down to a whole second). */
  readonly time: number;
  readonly start: StartRule;
}

/** The observation, and the queries that produced it (for the verdict's audit trail and the eval). */
export interface ObserveResult {
  readonly observation: Observation;
  readonly queries: readonly string[];
}

/**
 * The primary's traffic this long before the analysis start is fetched too: the baseline against which shared
 * incidents are recognised (./incidents.ts).
 */
export const BASELINE_SECONDS = 300;

/** How far back a derived start is looked for: maxHold plus half an hour. */
export function startLookback(spec: JudgeSpec): Duration {
  return Duration.seconds(spec.maxHold.toSeconds() + 1800);
}

function single(result: QueryResult): number | undefined {
  if (result.resultType !== 'vector' || result.result.length === 0) return undefined;
  const v = result.result[0].value[1];
  return Number.isFinite(v) ? v : undefined;
}

function vector(result: QueryResult, name: string): readonly VectorSample[] {
  if (result.resultType !== 'vector') throw new Error(`the ${name} query at the evaluation time returned a ${result.resultType}, expected a vector`);
  return result.result;
}

function matrix(result: QueryResult, name: string): readonly MatrixSeries[] {
  if (result.resultType !== 'matrix') throw new Error(`the ${name} query returned a ${result.resultType}, expected a matrix`);
  return result.result;
}

type Started = { readonly kind: 'started'; readonly start: number } | { readonly kind: 'not-started'; readonly reason: string } | { readonly kind: 'unknown'; readonly message: string };

async function findStart(client: PrometheusClient, req: ObserveRequest, time: number, queries: string[]): Promise<Started> {
  const { scope, spec } = req;
  const lookback = startLookback(spec);
  if (req.start.kind === 'given') return { kind: 'started', start: req.start.start };
  if (req.start.kind === 'first-canary-traffic') {
    const q = firstCanaryTrafficQuery(scope, lookback, spec.resolution);
    queries.push(q);
    const first = single(await client.query(q, time));
    return first === undefined ? { kind: 'not-started', reason: `the canary served no production requests in the last ${lookback}` } : { kind: 'started', start: first };
  }
  const target = scope.target;
  const workload = target.kind === 'workloads' ? target.canary : target.workload;
  const nowQuery = flaggerWeightNowQuery(target.namespace, workload);
  const startQuery = flaggerStartQuery(target.namespace, workload, lookback, spec.resolution);
  queries.push(nowQuery, startQuery);
  const [now, lastZero] = await Promise.all([client.query(nowQuery, time).then(single), client.query(startQuery, time).then(single)]);
  if (now === undefined) {
    return { kind: 'unknown', message: `flagger_canary_weight of ${target.namespace}/${workload} has no recent sample: is Prometheus scraping Flagger? Or pass the analysis start explicitly` };
  }
  if (now <= 0) return { kind: 'not-started', reason: 'the canary has no traffic yet (Flagger reports weight 0)' };
  return { kind: 'started', start: lastZero ?? time - lookback.toSeconds() };
}

/** Observes `req.scope` at `req.time`. Never throws for Prometheus failures: they become `unavailable`. */
export async function observe(client: PrometheusClient, req: ObserveRequest): Promise<ObserveResult> {
  const time = Math.floor(req.time);
  const queries: string[] = [];
  let started: Started;
  try {
    started = await findStart(client, req, time, queries);
  } catch (error) {
    return { observation: { kind: 'unavailable', message: describe(error) }, queries };
  }
  if (started.kind === 'unknown') return { observation: { kind: 'unavailable', message: started.message }, queries };
  if (started.kind === 'not-started') return { observation: { kind: 'observed', analysis: started, strata: [] }, queries };
  const start = Math.min(started.start, time);
  const step = req.spec.resolution.toSeconds();
  const analysisFirst = firstBoundary(start, req.spec.resolution);
  const first = firstBoundary(start - BASELINE_SECONDS, req.spec.resolution);
  const q = judgeQueries(req.scope, { time, firstBoundary: first, resolution: req.spec.resolution });
  const all6 = [q.requests, q.errors, q.latency, q.requestsNow, q.errorsNow, q.latencyNow];
  queries.push(...all6);
  try {
    const [requests, errors, latency, requestsNow, errorsNow, latencyNow] = await Promise.all(all6.map((text) => client.query(text, time)));
    const at = boundaries(first, time, step);
    // The last stratum ends at the evaluation time itself when that is not a boundary (counted, not yet tested).
    const partial = at[at.length - 1] < time;
    const withNow = (m: QueryResult, n: QueryResult, name: string) => (partial ? appendNow(matrix(m, name), vector(n, name), time) : matrix(m, name));
    const matrices: CounterMatrices = { requests: withNow(requests, requestsNow, 'requests'), errors: withNow(errors, errorsNow, 'errors'), latency: withNow(latency, latencyNow, 'latency') };
    const all = strataFromMatrices(matrices, partial ? [...at, time] : at);
    const baseline = all.filter((s) => s.end <= analysisFirst);
    const strata = all.filter((s) => s.end > analysisFirst);
    return { observation: { kind: 'observed', analysis: { kind: 'started', start }, strata, baseline }, queries };
  } catch (error) {
    return { observation: { kind: 'unavailable', message: describe(error), start }, queries };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
