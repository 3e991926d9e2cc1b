/**
 * How much evidence a test needs before "no regression of the size we care about" can be believed: enough canary
 * requests that a regression of the detectable size would, with probability `power`, already have pushed the
 * test's e-value over its threshold. The judge passes a release only after that; it can fail it at any time.
 * So the detectable regression size fixes the minimum evidence, and the minimum evidence fixes how long a
 * release takes at a given traffic (../plan.ts).
 *
 * Model (for planning only, never for a verdict). Under the regression, each canary request adds to the log
 * e-value of tilt λ a random amount with mean d(λ, s) and variance v(λ, s), where s is the canary's share of
 * traffic when it was served:
 * - error test, with canary error rate p₁, primary p₀, Λ = ln(1 − s + s·e^λ): the canary's errors (Poisson,
 *   rate p₁) add λ − Λ each and the (1 − s)/s primary requests per canary request add −Λ per error, so
 *   d = p₁(λ − Λ) − p₀(1 − s)/s·Λ and v = p₁(λ − Λ)² + p₀(1 − s)/s·Λ²;
 * - latency test: a canary request's mid-rank score r has mean μ and deviation σ under the slowdown, so
 *   d = λμ − ln M(λ) and v = λ²σ².
 * Summed over the strata seen so far (drift D_j, variance V_j for tilt j, prior weight w_j), the normal
 * approximation gives P(ln e ≥ L) ≥ power once D_j − z·√V_j + ln w_j ≥ L for some j, z = Φ⁻¹(power): the
 * mixture is at least each of its terms.
 */
import { logMgf, type TiltGrid } from './e-value';
import { cdfAt, midRankScores, totalCount, type BucketCounts } from './histogram';
import { normalQuantile } from './special';

/** Expected log-evidence per canary request for tilt λ: mean and variance. */
export type EvidenceRate = (lambda: number) => { readonly drift: number; readonly variance: number };

/** No evidence at all (a stratum without comparison traffic). */
export const NO_EVIDENCE: EvidenceRate = () => ({ drift: 0, variance: 0 });

/** Evidence accrued so far, per tilt of a grid. */
export interface Accrued {
  /** Σ drift per tilt. */
  readonly drift: readonly number[];
  /** Σ variance per tilt. */
  readonly variance: readonly number[];
}

/** Nothing accrued yet. */
export function emptyAccrued(grid: TiltGrid): Accrued {
  return { drift: grid.lambdas.map(() => 0), variance: grid.lambdas.map(() => 0) };
}

/** `acc` plus `canaryRequests` requests served at `rate`. */
export function accrue(acc: Accrued, grid: TiltGrid, canaryRequests: number, rate: EvidenceRate): Accrued {
  if (!(canaryRequests > 0)) return acc;
  const drift = [...acc.drift];
  const variance = [...acc.variance];
  grid.lambdas.forEach((lambda, j) => {
    const r = rate(lambda);
    drift[j] += canaryRequests * r.drift;
    variance[j] += canaryRequests * r.variance;
  });
  return { drift, variance };
}

function zOf(power: number): number {
  if (!(power > 0 && power < 1)) throw new RangeError(`power (${power}) must be strictly between 0 and 1`);
  return normalQuantile(power);
}

/**
 * More canary requests, served at `rate`, after which the regression is detected with probability `power`
 * (0 when already so; +∞ when the rate brings no evidence).
 * @throws RangeError unless 0 < power < 1
 */
export function canaryRequestsToPower(acc: Accrued, grid: TiltGrid, rate: EvidenceRate, logThreshold: number, power: number): number {
  const z = zOf(power);
  let best = Number.POSITIVE_INFINITY;
  grid.lambdas.forEach((lambda, j) => {
    const target = logThreshold - Math.log(grid.weights[j]);
    const D = acc.drift[j];
    const V = acc.variance[j];
    if (D - z * Math.sqrt(V) >= target) {
      best = 0;
      return;
    }
    const { drift: d, variance: v } = rate(lambda);
    if (!(d > 0)) return;
    let more: number;
    if (!(v > 0)) {
      more = (target + z * Math.sqrt(V) - D) / d;
    } else {
      // Solve D + Δd − z√(V + Δv) = target with u = √(V + Δv): (d/v)u² − zu + (D − dV/v − target) = 0.
      const a = d / v;
      const c = D - a * V - target;
      const u = (z + Math.sqrt(Math.max(0, z * z - 4 * a * c))) / (2 * a);
      more = (u * u - V) / v;
    }
    best = Math.min(best, Math.max(0, Math.ceil(more)));
  });
  return best;
}

/** Whether the regression would already have been detected with probability `power`. */
export function powerReached(acc: Accrued, grid: TiltGrid, logThreshold: number, power: number): boolean {
  const z = zOf(power);
  return grid.lambdas.some((_, j) => acc.drift[j] - z * Math.sqrt(acc.variance[j]) >= logThreshold - Math.log(grid.weights[j]));
}

/**
 * Evidence per canary request of the error-share test at canary share `share`, when the canary's error rate is
 * `regressedRate` and the primary's `baselineRate`.
 */
export function errorEvidenceRate(share: number, baselineRate: number, regressedRate: number): EvidenceRate {
  if (!(share > 0 && share < 1) || !(regressedRate > baselineRate) || !(baselineRate >= 0)) return NO_EVIDENCE;
  const primaryPerCanary = (1 - share) / share;
  return (lambda) => {
    const cumulant = Math.log(1 - share + share * Math.exp(lambda));
    const canaryStep = lambda - cumulant;
    return {
      drift: regressedRate * canaryStep - baselineRate * primaryPerCanary * cumulant,
      variance: regressedRate * canaryStep * canaryStep + baselineRate * primaryPerCanary * cumulant * cumulant,
    };
  };
}

/**
 * The bucket shares of `baseline` with every request `factor` times slower, interpolating inside buckets
 * log-linearly ({@link cdfAt}).
 */
export function slowedBucketShares(baseline: BucketCounts, factor: number): number[] {
  const shares: number[] = [];
  let previous = 0;
  for (const bound of baseline.bounds) {
    const at = cdfAt(baseline, bound / factor);
    shares.push(Math.max(0, at - previous));
    previous = Math.max(previous, at);
  }
  shares.push(Math.max(0, 1 - previous));
  return shares;
}

/**
 * Evidence per canary request of the latency rank test at canary share `share`, when every canary request is
 * `1 + slowdown` times slower than the `baseline` histogram (the primary's).
 */
export function latencyEvidenceRate(share: number, baseline: BucketCounts, slowdown: number): EvidenceRate {
  const total = totalCount(baseline);
  if (!(share > 0 && share < 1) || !(total > 0) || !(slowdown > 0)) return NO_EVIDENCE;
  const primary = baseline.counts.map((c) => c / total);
  const canary = slowedBucketShares(baseline, 1 + slowdown);
  const pooled = primary.map((p, i) => share * canary[i] + (1 - share) * p);
  const scores = midRankScores({ bounds: baseline.bounds, counts: pooled });
  const mean = canary.reduce((sum, p, i) => sum + p * scores[i], 0);
  const second = canary.reduce((sum, p, i) => sum + p * scores[i] * scores[i], 0);
  const sd2 = Math.max(0, second - mean * mean);
  const population = { scores, weights: pooled };
  return (lambda) => ({ drift: lambda * mean - logMgf(population, lambda), variance: lambda * lambda * sd2 });
}
