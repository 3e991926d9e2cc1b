/**
 * The three tests of the judge, each a mixture e-value (./e-value.ts) over strata of time:
 *
 * - {@link errorShareTest} (canary vs primary errors): if the canary is as healthy as the primary, every error of
 *   stratum k is the canary's with probability s_k, the canary's share of that stratum's requests (its ACTUAL
 *   share, not the configured weight). Given the stratum's errors m_k and requests, the canary's errors are
 *   hypergeometric, dominated by Binomial(m_k, s_k). Tilt λ = ln ρ: ρ is the canary's relative risk.
 * - {@link latencyRankTest} (canary vs primary latency): a Mann-Whitney-type statistic on binned data. Under
 *   the null the canary's requests are a random subset of the stratum's requests; each is scored by the centred
 *   mid-rank of its bucket among all of the stratum's requests (ties share a mid-rank), so a slower canary
 *   collects positive scores. Stratified like van Elteren's test: ranks are taken within a stratum, so a
 *   slowdown that hits both versions at once (a slow dependency) is not blamed on the canary.
 * - {@link limitTest} (a hard limit on the canary alone): "the canary's error rate (or share of requests above a
 *   latency bound) is at most p₀", a one-sample binomial tilt.
 *
 * Stratification matters: the canary's share of traffic grows step by step, and an error burst that hits both
 * versions while the canary holds 50% of traffic would look like a canary regression if the errors were pooled
 * over the whole analysis and compared with the average share.
 */
import { equalWeightGrid, mixtureEValue, type EValue, type TiltGrid, type TiltStratum } from './e-value';
import { midRankScores, totalCount, type BucketCounts } from './histogram';

/** Requests and errors of one version in one stratum. */
export interface ErrorCounts {
  /** Requests served (production traffic only). */
  readonly requests: number;
  /** Of which answered with an error (5xx). */
  readonly errors: number;
}

/** Canary and primary counts of one stratum. */
export interface PairedErrorCounts {
  readonly canary: ErrorCounts;
  readonly primary: ErrorCounts;
}

/**
 * Tilts of the error-share test: relative risks ρ = 1.5 to 100, nine values equally spaced on a log scale,
 * equal weights (a regression from 0.5% to 5% is ρ = 10; a canary failing where the primary never does is
 * ρ → ∞, which the largest tilts cover).
 */
export const ERROR_GRID: TiltGrid = equalWeightGrid(
  Array.from({ length: 9 }, (_, j) => Math.log(1.5) + (j * (Math.log(100) - Math.log(1.5))) / 8),
);

/**
 * Tilts of the latency test: λ = 0.5 to 8 on centred mid-ranks in [−½, ½], eight values equally spaced on a log
 * scale (a 25% slowdown of a log-normal latency with σ = 0.5 has its best tilt near 1.5; large slowdowns near 8).
 */
export const LATENCY_GRID: TiltGrid = equalWeightGrid(Array.from({ length: 8 }, (_, j) => 0.5 * Math.pow(16, j / 7)));

/** The tilts of the hard-limit tests: the same relative risks as {@link ERROR_GRID}. */
export const LIMIT_GRID: TiltGrid = ERROR_GRID;

function nonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/** The error-share test's strata: draws = the stratum's errors, population = its requests labelled by version. */
export function errorShareStrata(strata: readonly PairedErrorCounts[]): TiltStratum[] {
  return strata.map(({ canary, primary }) => {
    const canaryRequests = nonNegative(canary.requests);
    const primaryRequests = nonNegative(primary.requests);
    const canaryErrors = Math.min(nonNegative(canary.errors), canaryRequests);
    const primaryErrors = Math.min(nonNegative(primary.errors), primaryRequests);
    return {
      sum: canaryErrors,
      draws: canaryRequests > 0 || primaryRequests > 0 ? canaryErrors + primaryErrors : 0,
      population: { scores: [1, 0], weights: [canaryRequests, primaryRequests] },
    };
  });
}

/** Evidence that the canary's error rate is higher than the primary's. */
export function errorShareTest(strata: readonly PairedErrorCounts[], grid: TiltGrid = ERROR_GRID): EValue {
  return mixtureEValue(errorShareStrata(strata), grid);
}

/** Canary and primary latency histograms of one stratum (same bucket bounds). */
export interface PairedBuckets {
  readonly canary: BucketCounts;
  readonly primary: BucketCounts;
}

/** The latency test's strata: draws = the canary's requests, population = all requests scored by mid-rank. */
export function latencyRankStrata(strata: readonly PairedBuckets[]): TiltStratum[] {
  return strata.map(({ canary, primary }) => {
    const n = Math.max(canary.counts.length, primary.counts.length);
    const c = Array.from({ length: n }, (_, i) => nonNegative(canary.counts[i] ?? 0));
    const p = Array.from({ length: n }, (_, i) => nonNegative(primary.counts[i] ?? 0));
    const pooled: BucketCounts = { bounds: canary.bounds.length > 0 ? canary.bounds : primary.bounds, counts: c.map((x, i) => x + p[i]) };
    const scores = midRankScores(pooled);
    const draws = c.reduce((sum, x) => sum + x, 0);
    return {
      sum: c.reduce((sum, x, i) => sum + x * scores[i], 0),
      draws: totalCount(pooled) > 0 ? draws : 0,
      population: { scores, weights: pooled.counts },
    };
  });
}

/** Evidence that the canary's requests are slower than the primary's. */
export function latencyRankTest(strata: readonly PairedBuckets[], grid: TiltGrid = LATENCY_GRID): EValue {
  return mixtureEValue(latencyRankStrata(strata), grid);
}

/**
 * Evidence that the canary's rate of an event (an error, a request slower than a bound) is above `limit`,
 * from `events` among `trials` canary requests. Valid whatever the true rate below the limit.
 * @throws RangeError unless 0 < limit < 1
 */
export function limitTest(events: number, trials: number, limit: number, grid: TiltGrid = LIMIT_GRID): EValue {
  if (!(limit > 0 && limit < 1)) throw new RangeError(`limitTest: limit (${limit}) must be strictly between 0 and 1`);
  const n = nonNegative(trials);
  const stratum: TiltStratum = { sum: Math.min(nonNegative(events), n), draws: n, population: { scores: [1, 0], weights: [limit, 1 - limit] } };
  return mixtureEValue([stratum], grid);
}
