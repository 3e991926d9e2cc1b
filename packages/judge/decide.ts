/**
 * The judge: a pure function from what the canary and the primary served since the analysis started to one of
 * three verdicts, explained with numbers.
 *
 * - fail (roll back now): the canary is worse than the primary (errors or latency: e-value >= k/alpha for k
 *   comparisons) or over a hard limit (e-value >= l/hardLimits.alpha for l limits); or the analysis has run longer
 *   than `maxHold` without enough evidence to promote ("never got enough traffic");
 * - pass (advance): nothing failed and there is enough evidence for this gate: `minCanaryRequests` canary
 *   requests before traffic increases; before promotion, also enough that a regression of the `detect` size
 *   would have failed the release with probability `power` (./stats/plan.ts);
 * - hold: neither (not enough evidence yet; no failure counted).
 *
 * Stateless: the same observation always gives the same verdict. Missing data never passes and never fails by
 * itself, but the time it takes counts towards `maxHold`.
 */
import type { Stratum } from './counters';
import { count, eValue, finiteOrNull, ms, percent, seconds } from './format';
import type { ErrorRateRegression, JudgeSpec } from './spec';
import { addBuckets, emptyBuckets, histogramQuantile, totalCount, type BucketCounts } from './stats/histogram';
import { accrue, canaryRequestsToPower, emptyAccrued, errorEvidenceRate, latencyEvidenceRate, type EvidenceRate } from './stats/plan';
import { errorShareTest, ERROR_GRID, LATENCY_GRID, latencyRankTest, limitTest } from './stats/tests';
import type { TiltGrid } from './stats/e-value';
import { selectStrata } from './incidents';

/** The question asked: may traffic increase, may the canary be promoted, should it be rolled back. */
export type Gate = 'traffic-increase' | 'promotion' | 'rollback';

/** Every gate, for validation messages. */
export const GATES: readonly Gate[] = ['traffic-increase', 'promotion', 'rollback'];

/** Whether the analysis has started, and when. */
export type Analysis = { readonly kind: 'started'; readonly start: number } | { readonly kind: 'not-started'; readonly reason: string };

/**
 * What the judge knows: the strata since the start (and, optionally, the primary's strata just before it, the
 * baseline of ./incidents.ts), or why there are none.
 */
export type Observation =
  | { readonly kind: 'observed'; readonly analysis: Analysis; readonly strata: readonly Stratum[]; readonly baseline?: readonly Stratum[] }
  | { readonly kind: 'unavailable'; readonly message: string; readonly start?: number };

/** The input of {@link judge}. */
export interface JudgeInput {
  /** The resolved settings (resolveJudgeSettings). */
  readonly spec: JudgeSpec;
  /** The question asked. */
  readonly gate: Gate;
  /** Evaluation time, unix seconds. */
  readonly time: number;
  /** What Prometheus showed (observe), or why it showed nothing. */
  readonly observation: Observation;
}

/** One version's totals since the start. */
export interface VersionSummary {
  /** Production requests since the start. */
  readonly requests: number;
  /** Of which 5xx. */
  readonly errors: number;
  /** Error rate in percent; null without requests. */
  readonly errorPercent: number | null;
  /** Median and P99 latency as Prometheus' histogram_quantile would report them (interpolated). */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

/** One test's outcome. */
export interface TestSummary {
  /** Which test: the two comparisons with the primary, or one of the two hard limits. */
  readonly test: 'errors' | 'latency' | 'error-limit' | 'latency-limit';
  /** The e-value (null when it overflowed). */
  readonly e: number | null;
  /** The e-value at which it fails the canary. */
  readonly threshold: number;
  /** Whether it failed the canary (e >= threshold). */
  readonly rejected: boolean;
  /** What was compared, in numbers. */
  readonly detail: string;
}

/** The verdict, with everything it was derived from. */
export interface Verdict {
  /** pass: advance; hold: not enough evidence yet; fail: roll back. */
  readonly verdict: 'pass' | 'hold' | 'fail';
  /** The question answered. */
  readonly gate: Gate;
  /** One line, with numbers, e.g. `held: not enough traffic (canary 37 requests, need ~150)`. */
  readonly reason: string;
  /** When it was judged, unix seconds. */
  readonly time: number;
  /** The analysis start (unix seconds; null when unknown), time since, and the maxHold budget. */
  readonly analysis: { readonly start: number | null; readonly elapsedSeconds: number | null; readonly maxHoldSeconds: number; readonly maxHoldExceeded: boolean };
  /** The canary's totals since the start (null without data). */
  readonly canary: VersionSummary | null;
  /** The primary's totals since the start (null without data). */
  readonly primary: VersionSummary | null;
  /** The evidence behind the verdict (null without data). */
  readonly evidence: {
    /** Canary production requests counted. */
    readonly canaryRequests: number;
    /** Canary requests needed for this gate (null: unknown, the canary gets no traffic now). */
    readonly canaryRequestsNeeded: number | null;
    /** The comparisons' alpha. */
    readonly alpha: number;
    /** Every active test, comparisons first. */
    readonly tests: readonly TestSummary[];
    /** Strata the comparisons left out: at a shared incident on the primary, or waiting for their successor. */
    readonly strataLeftOut: { readonly incident: number; readonly pending: number };
  } | null;
}

interface Totals {
  readonly requests: number;
  readonly errors: number;
  readonly latency: BucketCounts;
}

function totals(strata: readonly Stratum[], side: 'canary' | 'primary'): Totals {
  return strata.reduce<Totals>(
    (t, s) => ({ requests: t.requests + s[side].requests, errors: t.errors + s[side].errors, latency: addBuckets(t.latency, s[side].latency) }),
    { requests: 0, errors: 0, latency: emptyBuckets() },
  );
}

function summary(t: Totals): VersionSummary {
  const hasLatency = totalCount(t.latency) > 0;
  return {
    requests: Math.round(t.requests),
    errors: Math.round(t.errors),
    errorPercent: t.requests > 0 ? (100 * t.errors) / t.requests : null,
    p50Ms: hasLatency ? finiteOrNull(histogramQuantile(0.5, t.latency)) : null,
    p99Ms: hasLatency ? finiteOrNull(histogramQuantile(0.99, t.latency)) : null,
  };
}

/** How many tests of each kind are active, and the e-value each must reach. */
export interface Thresholds {
  /** Errors and (unless turned off) latency: alpha split between them. */
  readonly comparisons: { readonly tests: number; readonly threshold: number };
  /** The active hard limits: hardLimits.alpha split between them. */
  readonly limits: { readonly tests: number; readonly threshold: number };
}

/** The thresholds of `spec` (Bonferroni within each kind). */
export function thresholds(spec: JudgeSpec): Thresholds {
  const comparisons = 1 + (spec.detect.latencyIncrease !== false ? 1 : 0);
  const limits = (spec.hardLimits.maxErrorPercent !== false ? 1 : 0) + (spec.hardLimits.latency !== false ? 1 : 0);
  return {
    comparisons: { tests: comparisons, threshold: comparisons / spec.alpha },
    limits: { tests: limits, threshold: limits / spec.hardLimits.alpha },
  };
}

/** The canary error rate a regression of the detect size means, given the primary's `baseline`. */
export function regressedErrorRate(detect: ErrorRateRegression, baseline: number): number {
  if (detect.kind === 'absolute') return Math.min(1, baseline + detect.percentagePoints / 100);
  // A relative regression of a (near) zero rate is undetectable; below 0.1 percentage point it is not a target.
  return Math.min(1, Math.max(baseline * detect.factor, baseline + 0.001));
}

function share(s: Stratum): number {
  const total = s.canary.requests + s.primary.requests;
  return total > 0 ? s.canary.requests / total : 0;
}

/** The canary's share of traffic in the most recent strata (up to 4) that had any. */
function currentShare(strata: readonly Stratum[]): number {
  let canary = 0;
  let all = 0;
  let used = 0;
  for (let k = strata.length - 1; k >= 0 && used < 4; k--) {
    const n = strata[k].canary.requests + strata[k].primary.requests;
    if (n <= 0) continue;
    canary += strata[k].canary.requests;
    all += n;
    used++;
  }
  return all > 0 ? canary / all : 0;
}

/**
 * Canary requests a test needs in total: the first point, stratum by stratum, at which the accrued evidence
 * suffices; if it does not yet, what it has plus what the current share still needs.
 */
function requestsToPower(strata: readonly Stratum[], included: readonly boolean[], grid: TiltGrid, rateAt: (share: number) => EvidenceRate, logThreshold: number, power: number): number {
  // Shares rounded to 0.1 percentage point, and each share's evidence per tilt, computed once.
  const cache = new Map<number, EvidenceRate>();
  const rate = (s: number): EvidenceRate => {
    const rounded = Math.round(s * 1000) / 1000;
    let r = cache.get(rounded);
    if (r === undefined) {
      const base = rateAt(rounded);
      const byTilt = new Map<number, ReturnType<EvidenceRate>>();
      r = (lambda) => {
        let v = byTilt.get(lambda);
        if (v === undefined) byTilt.set(lambda, (v = base(lambda)));
        return v;
      };
      cache.set(rounded, r);
    }
    return r;
  };
  let acc = emptyAccrued(grid);
  let served = 0;
  for (const [j, s] of strata.entries()) {
    if (!(s.canary.requests > 0)) continue;
    if (!included[j]) {
      served += s.canary.requests;
      continue;
    }
    const r = rate(share(s));
    const more = canaryRequestsToPower(acc, grid, r, logThreshold, power);
    if (more <= s.canary.requests) return served + more;
    acc = accrue(acc, grid, s.canary.requests, r);
    served += s.canary.requests;
  }
  return served + canaryRequestsToPower(acc, grid, rate(currentShare(strata)), logThreshold, power);
}

function notObserved(input: JudgeInput, start: number | null, reason: string, verdict: 'pass' | 'hold' | 'fail'): Verdict {
  const maxHold = input.spec.maxHold.toSeconds();
  const elapsed = start === null ? null : input.time - start;
  return {
    verdict,
    gate: input.gate,
    reason,
    time: input.time,
    analysis: { start, elapsedSeconds: elapsed, maxHoldSeconds: maxHold, maxHoldExceeded: elapsed !== null && elapsed > maxHold },
    canary: null,
    primary: null,
    evidence: null,
  };
}

/** The verdict for `input.gate` (see the file comment). */
export function judge(input: JudgeInput): Verdict {
  const { spec, gate, time, observation } = input;
  const maxHold = spec.maxHold.toSeconds();
  if (observation.kind === 'unavailable') {
    const start = observation.start ?? null;
    if (start !== null && time - start > maxHold) {
      return notObserved(input, start, `failed: no usable data for ${seconds(time - start)} (maxHold ${spec.maxHold}): ${observation.message}`, 'fail');
    }
    return notObserved(input, start, `held: no data from Prometheus (${observation.message})`, 'hold');
  }
  if (observation.analysis.kind === 'not-started') {
    return gate === 'traffic-increase'
      ? notObserved(input, null, `passed: ${observation.analysis.reason}; the first traffic step needs no evidence`, 'pass')
      : notObserved(input, null, `held: ${observation.analysis.reason}`, 'hold');
  }
  const start = observation.analysis.start;
  const elapsed = time - start;
  const strata = observation.strata;
  const canary = totals(strata, 'canary');
  const primary = totals(strata, 'primary');
  // The comparisons leave out strata at a shared incident and wait for the latest stratum's successor.
  const last = strata[strata.length - 1];
  const selection = selectStrata(observation.baseline ?? [], strata, last !== undefined && last.end % spec.resolution.toSeconds() !== 0);
  const compared = strata.filter((_, j) => selection.included[j]);

  // Comparisons share alpha, hard limits hardLimits.alpha (Bonferroni within each kind).
  const latencyOn = spec.detect.latencyIncrease !== false;
  const errorLimit = spec.hardLimits.maxErrorPercent;
  const latencyLimit = spec.hardLimits.latency;
  const bounds = thresholds(spec);
  const logThreshold = Math.log(bounds.comparisons.threshold);
  const tests: TestSummary[] = [];
  const test = (name: TestSummary['test'], e: number, detail: string): TestSummary => {
    const threshold = name === 'errors' || name === 'latency' ? bounds.comparisons.threshold : bounds.limits.threshold;
    const t: TestSummary = { test: name, e: finiteOrNull(e), threshold, rejected: e >= threshold, detail };
    tests.push(t);
    return t;
  };

  const errors = test('errors', errorShareTest(compared.map((s) => ({ canary: s.canary, primary: s.primary }))).e, `errors ${percent(canary.errors, canary.requests)} vs ${percent(primary.errors, primary.requests)}`);
  const c50 = histogramQuantile(0.5, canary.latency);
  const p50 = histogramQuantile(0.5, primary.latency);
  const latency = latencyOn
    ? test('latency', latencyRankTest(compared.map((s) => ({ canary: s.canary.latency, primary: s.primary.latency }))).e, `latency p50 ${ms(finiteOrNull(c50))} vs ${ms(finiteOrNull(p50))}, p99 ${ms(finiteOrNull(histogramQuantile(0.99, canary.latency)))} vs ${ms(finiteOrNull(histogramQuantile(0.99, primary.latency)))}`)
    : undefined;
  // The hard limits judge the release, not the environment: they leave out the same strata as the comparisons (a
  // shared incident on the primary is not the canary's fault, and rolling back would not end it).
  const judged = totals(compared, 'canary');
  const limits: TestSummary[] = [];
  if (errorLimit !== false) {
    limits.push(test('error-limit', limitTest(judged.errors, judged.requests, errorLimit / 100).e, `hard limit: canary error rate ${percent(judged.errors, judged.requests)} (limit ${errorLimit}%)`));
  }
  if (latencyLimit !== false) {
    const h = judged.latency;
    const index = h.bounds.findIndex((b) => b >= latencyLimit.maxMs);
    const bound = index >= 0 ? h.bounds[index] : undefined;
    const above = index >= 0 ? h.counts.slice(index + 1).reduce((a, b) => a + b, 0) : 0;
    const n = totalCount(h);
    const boundNote = bound !== undefined && bound !== latencyLimit.maxMs ? ` (bucket bound ${bound}ms, the next above ${latencyLimit.maxMs}ms)` : '';
    const quantileName = `p${Number((latencyLimit.quantile * 100).toPrecision(4))}`;
    limits.push(
      test('latency-limit', bound === undefined ? 1 : limitTest(above, n, 1 - latencyLimit.quantile).e, `hard limit: canary ${quantileName} <= ${latencyLimit.maxMs}ms: ${percent(above, n)} of requests slower than ${bound ?? latencyLimit.maxMs}ms${boundNote} (limit ${percent(1 - latencyLimit.quantile, 1)})`),
    );
  }

  const base = {
    gate,
    time,
    analysis: { start, elapsedSeconds: elapsed, maxHoldSeconds: maxHold, maxHoldExceeded: elapsed > maxHold },
    canary: summary(canary),
    primary: summary(primary),
  };
  const strataLeftOut = { incident: selection.incident, pending: selection.pending };
  const incidentNote = selection.incident > 0 ? `; ${selection.incident} strata of a shared incident on the primary left out of the comparisons` : '';
  const alphaText = `alpha ${spec.alpha} over ${bounds.comparisons.tests} comparison${bounds.comparisons.tests > 1 ? 's' : ''}${bounds.limits.tests > 0 ? `; hard limits: alpha ${spec.hardLimits.alpha} over ${bounds.limits.tests}` : ''}`;
  const rejected = [errors, ...(latency ? [latency] : []), ...limits].filter((t) => t.rejected);
  if (rejected.length > 0) {
    const what = rejected.map((t) => `${t.detail}, e = ${eValue(t.e ?? Number.POSITIVE_INFINITY)} (threshold ${eValue(t.threshold)})`).join('; ');
    return { ...base, verdict: 'fail', reason: `failed: ${what} (${alphaText})${incidentNote}`, evidence: { canaryRequests: Math.round(canary.requests), canaryRequestsNeeded: null, alpha: spec.alpha, tests, strataLeftOut } };
  }

  // Evidence needed for this gate.
  let needed = spec.minCanaryRequests;
  const why: string[] = [];
  if (gate !== 'traffic-increase' && primary.requests > 0) {
    const p0 = (primary.errors + 0.5) / (primary.requests + 1);
    const p1 = regressedErrorRate(spec.detect.errorRate, p0);
    const forErrors = requestsToPower(strata, selection.plannable, ERROR_GRID, (s) => errorEvidenceRate(s, p0, p1), logThreshold, spec.power);
    why.push(`errors ${percent(p0, 1)} -> ${percent(p1, 1)}: ~${count(forErrors)}`);
    needed = Math.max(needed, forErrors);
    const slowdown = spec.detect.latencyIncrease;
    if (slowdown !== false && totalCount(primary.latency) > 0) {
      const forLatency = requestsToPower(strata, selection.plannable, LATENCY_GRID, (s) => latencyEvidenceRate(s, primary.latency, slowdown), logThreshold, spec.power);
      why.push(`latency +${Math.round(slowdown * 100)}%: ~${count(forLatency)}`);
      needed = Math.max(needed, forLatency);
    }
  }
  const evidence = { canaryRequests: Math.round(canary.requests), canaryRequestsNeeded: finiteOrNull(needed), alpha: spec.alpha, tests, strataLeftOut };
  const since = `since ${new Date(start * 1000).toISOString()}`;

  const perTest = why.length > 0 ? `; ${why.join(', ')}` : '';
  let shortage: string | undefined;
  if (primary.requests <= 0) shortage = `the primary served no production requests ${since}: nothing to compare with`;
  else if (canary.requests <= 0) shortage = `the canary served no production requests ${since}`;
  else if (canary.requests < needed) shortage = `canary ${count(canary.requests)} requests, need ~${count(needed)}${perTest}`;
  if (shortage !== undefined) {
    if (elapsed > maxHold) {
      return { ...base, verdict: 'fail', reason: `failed: never got enough traffic in ${seconds(elapsed)} (maxHold ${spec.maxHold}): ${shortage}`, evidence };
    }
    return { ...base, verdict: 'hold', reason: `held: not enough traffic (${shortage})${incidentNote}`, evidence };
  }
  const latencyText = latency ? `, ${latency.detail} (e = ${eValue(latency.e ?? Number.POSITIVE_INFINITY)})` : '';
  return {
    ...base,
    verdict: 'pass',
    reason: `passed: canary ${count(canary.requests)} requests (needed ~${count(needed)}): ${errors.detail} (e = ${eValue(errors.e ?? Number.POSITIVE_INFINITY)})${latencyText}; threshold ${eValue(bounds.comparisons.threshold)} (${alphaText})${incidentNote}`,
    evidence,
  };
}
