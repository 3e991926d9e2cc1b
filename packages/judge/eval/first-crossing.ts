/**
 * How much evidence a rollback really needed: the canary requests up to the first stratum at which one of the
 * judge's tests crossed its threshold. The controller only asks once per interval, so the canary may serve more
 * requests before the rollback (at 1000 req/s, 1500 in the first 30 seconds at 5%); this number measures the
 * test, the other the whole loop. The comparisons use the strata the judge uses (../incidents.ts).
 */
import type { Stratum } from '../counters';
import { selectStrata } from '../incidents';
import { thresholds } from '../decide';
import type { JudgeSpec } from '../spec';
import { logTiltFactor, type TiltGrid, type TiltStratum } from '../stats/e-value';
import { logSumExp } from '../stats/special';
import { ERROR_GRID, errorShareStrata, LATENCY_GRID, latencyRankStrata, limitTest } from '../stats/tests';

class Running {
  private readonly sums: number[];
  constructor(private readonly grid: TiltGrid) {
    this.sums = grid.lambdas.map(() => 0);
  }
  add(s: TiltStratum): number {
    this.grid.lambdas.forEach((lambda, j) => {
      this.sums[j] += logTiltFactor(s, lambda);
    });
    return logSumExp(this.sums.map((v, j) => v + Math.log(this.grid.weights[j])));
  }
}

/** Canary requests up to the first stratum where a test's e-value reached its threshold; undefined if none did. */
export function firstCrossing(strata: readonly Stratum[], spec: JudgeSpec, baseline: readonly Stratum[] = []): number | undefined {
  const last = strata[strata.length - 1];
  const { included } = selectStrata(baseline, strata, last !== undefined && last.end % spec.resolution.toSeconds() !== 0);
  const latencyOn = spec.detect.latencyIncrease !== false;
  const errorLimit = spec.hardLimits.maxErrorPercent;
  const latencyLimit = spec.hardLimits.latency;
  const bounds = thresholds(spec);
  const logThreshold = Math.log(bounds.comparisons.threshold);
  const logLimit = Math.log(bounds.limits.threshold);
  const errors = new Running(ERROR_GRID);
  const latency = new Running(LATENCY_GRID);
  const errorStrata = errorShareStrata(strata.map((s) => ({ canary: s.canary, primary: s.primary })));
  const latencyStrata = latencyRankStrata(strata.map((s) => ({ canary: s.canary.latency, primary: s.primary.latency })));
  let requests = 0;
  let errorsSoFar = 0;
  let slow = 0;
  let measured = 0;
  for (let i = 0; i < strata.length; i++) {
    const c = strata[i].canary;
    requests += c.requests;
    errorsSoFar += c.errors;
    if (included[i] && errors.add(errorStrata[i]) >= logThreshold) return requests;
    if (included[i] && latencyOn && latency.add(latencyStrata[i]) >= logThreshold) return requests;
    if (errorLimit !== false && limitTest(errorsSoFar, requests, errorLimit / 100).logE >= logLimit) return requests;
    if (latencyLimit !== false) {
      const index = c.latency.bounds.findIndex((b) => b >= latencyLimit.maxMs);
      if (index >= 0) {
        slow += c.latency.counts.slice(index + 1).reduce((a, b) => a + b, 0);
        measured += c.latency.counts.reduce((a, b) => a + b, 0);
        if (limitTest(slow, measured, 1 - latencyLimit.quantile).logE >= logLimit) return requests;
      }
    }
  }
  return undefined;
}
