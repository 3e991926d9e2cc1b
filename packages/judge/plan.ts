/**
 * How long a release takes with the judge at a given traffic, without running one: the same evidence arithmetic
 * the judge uses to say "need ~N canary requests" (./stats/plan.ts), applied to a traffic schedule.
 *
 * Model (Flagger's scheduler, one judgement per analysis interval I): the first weight step needs no evidence;
 * each later step is taken once the canary has served `minCanaryRequests` production requests; promotion once
 * it has also served enough that a regression of the `detect` size would have been caught with probability
 * `power`. At R requests per second and weight w the canary serves R·w·I requests per interval; the tick at
 * which the accumulated evidence suffices is the first whole interval after it. The planner adds Flagger's fixed
 * ticks (detect, promote, route to primary, finalise) to `analysisTicks`.
 */
import { Duration } from './duration';
import { regressedErrorRate, thresholds } from './decide';
import { resolveJudgeSettings, type JudgeSettings } from './spec';
import { logNormalBuckets } from './stats/histogram';
import { accrue, canaryRequestsToPower, emptyAccrued, errorEvidenceRate, latencyEvidenceRate, type Accrued, type EvidenceRate } from './stats/plan';
import type { TiltGrid } from './stats/e-value';
import { ERROR_GRID, LATENCY_GRID } from './stats/tests';

/** The service's steady state, which the evidence depends on. */
export interface Baseline {
  /** The primary's error rate (0..1). @default 0.005 */
  readonly errorRate?: number;
  /** The primary's latency, log-normal. @default { medianMs: 50, sigma: 0.5 } */
  readonly latency?: { readonly medianMs: number; readonly sigma: number };
}

/** Inputs of {@link estimateReleaseDuration}. */
export interface ReleaseDurationInput {
  /** Production requests per second to the service (all versions together). */
  readonly requestsPerSecond: number;
  /** Canary weights in percent, in order, e.g. `[5, 10, 20, 50]`. */
  readonly weights: readonly number[];
  /** Analysis interval: how long each judgement's step lasts, e.g. `'30s'`. */
  readonly interval: Duration | string;
  /** The judge's settings (detect, alpha, power, minCanaryRequests, hardLimits, maxHold). @default - the defaults */
  readonly settings?: JudgeSettings;
  /** The service's error rate and latency. @default - 0.5% errors, log-normal latency with median 50ms and sigma 0.5 */
  readonly baseline?: Baseline;
}

/** The estimate. */
export interface ReleaseDurationEstimate {
  /** Minutes from the first traffic step to the promotion verdict; null when it would exceed `maxHold`. */
  readonly minutes: number | null;
  /** Judgements (intervals) from the first traffic step to the promotion verdict; null as above. */
  readonly analysisTicks: number | null;
  /** Canary requests needed before promotion (the larger of the error and latency tests, and minCanaryRequests). */
  readonly canaryRequestsNeeded: number;
  /** The arithmetic, one line each. */
  readonly explanation: readonly string[];
}

/**
 * Estimates how long the judge takes to promote a healthy release at `requestsPerSecond`.
 * @throws RangeError for a non-positive rate, empty or out-of-range weights or a zero interval
 * @throws JudgeSettingsError for invalid settings
 */
export function estimateReleaseDuration(input: ReleaseDurationInput): ReleaseDurationEstimate {
  const spec = resolveJudgeSettings(input.settings ?? {}, ['settings']);
  const interval = typeof input.interval === 'string' ? Duration.parse(input.interval) : input.interval;
  const rate = input.requestsPerSecond;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`requestsPerSecond (${rate}) must be a number above 0`);
  if (input.weights.length === 0 || input.weights.some((w) => !(w > 0 && w < 100))) {
    throw new RangeError(`weights ([${input.weights.join(', ')}]) must be one or more percentages between 0 and 100 (exclusive)`);
  }
  if (interval.toSeconds() <= 0) throw new RangeError(`interval (${interval}) must be longer than 0s`);

  const errorRate = input.baseline?.errorRate ?? 0.005;
  const { medianMs, sigma } = input.baseline?.latency ?? { medianMs: 50, sigma: 0.5 };
  const latency = logNormalBuckets(medianMs, sigma);
  const bounds = thresholds(spec).comparisons;
  const logThreshold = Math.log(bounds.threshold);
  const regressed = regressedErrorRate(spec.detect.errorRate, errorRate);
  const slowdown = spec.detect.latencyIncrease;
  type Test = { readonly grid: TiltGrid; readonly rateAt: (share: number) => EvidenceRate; acc: Accrued };
  const tests: Test[] = [{ grid: ERROR_GRID, rateAt: (s) => errorEvidenceRate(s, errorRate, regressed), acc: emptyAccrued(ERROR_GRID) }];
  if (slowdown !== false) tests.push({ grid: LATENCY_GRID, rateAt: (s) => latencyEvidenceRate(s, latency, slowdown), acc: emptyAccrued(LATENCY_GRID) });

  const seconds = interval.toSeconds();
  const maxTicks = Math.floor(spec.maxHold.toSeconds() / seconds);
  const weights = input.weights.map((w) => w / 100);
  let step = 0;
  let canary = 0;
  let needed = spec.minCanaryRequests;
  const explanation: string[] = [
    `judge: alpha ${spec.alpha} over ${bounds.tests} comparisons (threshold ${Math.round(bounds.threshold)}), power ${spec.power}; detect errors ${(errorRate * 100).toPrecision(2)}% -> ${(regressed * 100).toPrecision(2)}%${slowdown !== false ? `, latency +${Math.round(slowdown * 100)}%` : ''}`,
  ];
  const lastWeight = weights[weights.length - 1];
  let sufficientAt: number | undefined;
  const promotionNeed = (): number => Math.max(spec.minCanaryRequests, canary + Math.max(0, ...tests.map((t) => canaryRequestsToPower(t.acc, t.grid, t.rateAt(lastWeight), logThreshold, spec.power))));
  for (let tick = 1; tick <= maxTicks; tick++) {
    const w = weights[step];
    const last = step === weights.length - 1;
    const served = rate * w * seconds;
    // The first point at which the evidence suffices (at this tick's weight), or what the last weight still needs.
    if (sufficientAt === undefined) {
      const more = Math.max(0, ...tests.map((t) => canaryRequestsToPower(t.acc, t.grid, t.rateAt(w), logThreshold, spec.power)));
      if (more <= served) sufficientAt = Math.max(spec.minCanaryRequests, canary + more);
    }
    if (last) needed = sufficientAt ?? promotionNeed();
    canary += served;
    for (const t of tests) t.acc = accrue(t.acc, t.grid, served, t.rateAt(w));
    if (!last) {
      if (canary >= spec.minCanaryRequests) {
        explanation.push(`tick ${tick}: weight ${input.weights[step]}%, canary ${Math.round(canary)} requests >= ${spec.minCanaryRequests}: next step`);
        step++;
      }
      continue;
    }
    if (canary >= needed) {
      explanation.push(`tick ${tick}: weight ${input.weights[step]}%, canary ${Math.round(canary)} requests >= ~${Math.ceil(needed)} needed: promote`);
      explanation.push(`${tick} intervals of ${interval} = ${((tick * seconds) / 60).toFixed(1)} minutes from the first traffic step`);
      return { minutes: (tick * seconds) / 60, analysisTicks: tick, canaryRequestsNeeded: Math.ceil(needed), explanation };
    }
  }
  needed = promotionNeed();
  explanation.push(`not enough evidence within maxHold ${spec.maxHold}: canary ${Math.round(canary)} requests, need ~${Number.isFinite(needed) ? Math.ceil(needed) : 'unbounded'}`);
  return { minutes: null, analysisTicks: null, canaryRequestsNeeded: Number.isFinite(needed) ? Math.ceil(needed) : Number.MAX_SAFE_INTEGER, explanation };
}
