/**
 * Anytime-valid evidence: exponentially tilted e-values, multiplied over strata and mixed over a fixed grid of
 * tilts. Every test of the judge (error share, latency ranks, hard limits) is one of these.
 *
 * The set-up. In stratum k (one minute of traffic, say) the null hypothesis makes the observed items a random
 * sample, drawn without replacement, of `draws` items from a known finite population of scores (for the error
 * test: the errors are a random subset of the requests, each labelled canary 1 or primary 0; for the latency
 * test: the canary requests are a random subset of all requests, each scored by its latency rank). The
 * statistic is the sum S_k of the sampled scores. For any λ ≥ 0,
 *
 *     e_k(λ) = exp(λ·S_k − draws_k · ln M_k(λ)),   M_k(λ) = mean over the population of exp(λ·score),
 *
 * has expectation at most 1 under the null: sampling without replacement is dominated in convex order by
 * sampling with replacement (Hoeffding 1963, "Probability inequalities for sums of bounded random variables",
 * Theorem 4), and with replacement E[exp(λS)] = M(λ)^draws exactly. Strata are independent given their
 * margins, so the running product over strata is a non-negative supermartingale with initial value 1, and so is
 * any fixed mixture Σ_j w_j Π_k e_k(λ_j). Ville's inequality then bounds the probability that it EVER reaches
 * 1/α by α: the judge may look after every stratum (every webhook call) without inflating false alarms. This is
 * the "e-process" / "test martingale" view of Ramdas, Grünwald, Vovk & Shafer, "Game-theoretic statistics and
 * safe anytime-valid inference" (Statistical Science 2023), and a discrete-mixture mSPRT (Robbins 1970;
 * Johari et al., "Always valid inference", 2017; Lindon & Malek, arXiv 2205.14762, for count data).
 *
 * A discrete grid of tilts is a proper prior: the mixture is exactly valid, not an approximation.
 */
import { logSumExp } from './special';

/** A finite population of scores with non-negative weights (counts): the null distribution of one draw. */
export interface ScorePopulation {
  /** The distinct scores. */
  readonly scores: readonly number[];
  /** Weight (count) of each score; same length as `scores`. Need not be whole numbers. */
  readonly weights: readonly number[];
}

/** One stratum of a tilted test: what was drawn, and from what. */
export interface TiltStratum {
  /** Sum of the scores of the drawn items (S_k). */
  readonly sum: number;
  /** Number of items drawn (n_k). Zero draws contribute a factor of 1. */
  readonly draws: number;
  /** The population the items were drawn from, under the null. */
  readonly population: ScorePopulation;
}

/** A mixture over tilts: λ_j ≥ 0 with prior weights w_j summing to 1. */
export interface TiltGrid {
  /** The tilts λ_j (natural-log scale: λ = ln ρ for a relative risk ρ). */
  readonly lambdas: readonly number[];
  /** Prior weights w_j, same length, summing to 1. */
  readonly weights: readonly number[];
}

/** The value of a mixture e-process after some strata. */
export interface EValue {
  /** The e-value (can be +∞ in overwhelming cases). */
  readonly e: number;
  /** Its natural logarithm (finite whenever the data are finite). */
  readonly logE: number;
  /** The tilt contributing most, and its log e-value alone (without its prior weight). */
  readonly best: { readonly lambda: number; readonly logE: number };
}

/**
 * A grid of tilts with equal prior weights.
 * @throws RangeError unless every tilt is a finite number > 0 and there is at least one
 */
export function equalWeightGrid(lambdas: readonly number[]): TiltGrid {
  if (lambdas.length === 0 || lambdas.some((l) => !(l > 0) || !Number.isFinite(l))) {
    throw new RangeError(`a tilt grid needs at least one tilt, each a finite number > 0 (got [${lambdas.join(', ')}])`);
  }
  return { lambdas: [...lambdas], weights: lambdas.map(() => 1 / lambdas.length) };
}

/** `count` numbers from `from` to `to` (both included), equally spaced on a log scale. */
export function geometricSequence(from: number, to: number, count: number): number[] {
  if (count === 1) return [from];
  const ratio = Math.pow(to / from, 1 / (count - 1));
  return Array.from({ length: count }, (_, j) => (j === count - 1 ? to : from * Math.pow(ratio, j)));
}

/**
 * ln M(λ) = ln( Σ w_i exp(λ s_i) / Σ w_i ): the log moment generating function of one draw.
 * @throws RangeError when the population has no positive weight
 */
export function logMgf(population: ScorePopulation, lambda: number): number {
  const { scores, weights } = population;
  const terms: number[] = [];
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights[i];
    if (w > 0) {
      terms.push(Math.log(w) + lambda * scores[i]);
      total += w;
    }
  }
  if (total <= 0) throw new RangeError('logMgf: the population has no positive weight');
  return logSumExp(terms) - Math.log(total);
}

/** ln e_k(λ) for one stratum; 0 when nothing was drawn. */
export function logTiltFactor(stratum: TiltStratum, lambda: number): number {
  if (!(stratum.draws > 0)) return 0;
  return lambda * stratum.sum - stratum.draws * logMgf(stratum.population, lambda);
}

/** The mixture e-value Σ_j w_j Π_k e_k(λ_j) of `strata` (in order of time; order does not change the value). */
export function mixtureEValue(strata: readonly TiltStratum[], grid: TiltGrid): EValue {
  const perLambda = grid.lambdas.map((lambda) => strata.reduce((sum, stratum) => sum + logTiltFactor(stratum, lambda), 0));
  const logE = logSumExp(perLambda.map((l, j) => Math.log(grid.weights[j]) + l));
  let bestIndex = 0;
  for (let j = 1; j < perLambda.length; j++) if (perLambda[j] > perLambda[bestIndex]) bestIndex = j;
  return { e: Math.exp(logE), logE, best: { lambda: grid.lambdas[bestIndex], logE: perLambda[bestIndex] } };
}
