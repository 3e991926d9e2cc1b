/**
 * Which strata the comparisons may use.
 *
 * Prometheus scrapes each pod at its own offset, so a stratum's canary counts and primary counts cover windows
 * shifted by up to one scrape interval. While the error rate (or latency) of both versions is steady this does
 * not matter. During a shared incident (a failing dependency: errors or slowness hit both versions at once), the
 * edge of the incident falls into different strata for the two versions, and where the canary's share of traffic
 * also changes between those strata, the shift looks exactly like a canary regression: in the evaluation, a
 * one-minute 5% error burst at 1000 req/s made the error test fail a healthy canary with e = 10^8.
 *
 * So a stratum is left out of the comparisons when it, or a neighbour, shows an incident on the PRIMARY (the
 * reference, whose behaviour a canary regression does not change): its error count, or its count of requests
 * slower than the baseline's 90th-percentile bucket, far above what its baseline predicts (at least twice the
 * expectation and 5 standard deviations above it). The baseline is the primary's own traffic before the analysis
 * and in the strata not flagged since. A stratum is decided only once its successor exists, so the most recent
 * stratum waits (15 seconds by default) and no decision is ever revised: the tests remain one e-process.
 *
 * Validity: leaving strata out never makes an e-process invalid when the choice does not depend on how the
 * stratum's events were split between the versions. This rule looks at the primary's counts, which do depend on
 * the split, but only flags counts that are essentially impossible (p < 1e-6) without an incident; its effect on
 * the false-alarm rate is negligible next to alpha. The hard limits use every stratum: they are absolute.
 */
import type { Stratum } from './counters';
import { addBuckets, emptyBuckets, totalCount, type BucketCounts } from './stats/histogram';

/** Why strata were left out. */
export interface StrataSelection {
  /** Per stratum: whether the comparisons use it. */
  readonly included: readonly boolean[];
  /** Per stratum: whether it may count as evidence when planning (everything but incident strata). */
  readonly plannable: readonly boolean[];
  /** Strata left out because of a shared incident (or next to one). */
  readonly incident: number;
  /** Strata still waiting for a complete successor (the latest one, and a partial one up to now). */
  readonly pending: number;
}

function surge(observed: number, expected: number): boolean {
  return observed > 2 * expected && observed - expected > 5 * Math.sqrt(expected) + 2;
}

/** The share of `h` above its first bound at or beyond the 90th percentile, and that bound's index. */
function slowBound(h: BucketCounts): { index: number; share: number } | undefined {
  const total = totalCount(h);
  if (total < 50) return undefined;
  let below = 0;
  for (let i = 0; i < h.bounds.length; i++) {
    below += h.counts[i];
    if (below / total >= 0.9) return { index: i, share: 1 - below / total };
  }
  return undefined;
}

function above(h: BucketCounts, index: number): number {
  return h.counts.slice(index + 1).reduce((a, b) => a + b, 0);
}

/** Flags primary incidents in `all` (baseline strata first, then the analysis), in time order. */
export function incidentFlags(all: readonly Stratum[]): boolean[] {
  let errors = 1;
  let requests = 200;
  let latency: BucketCounts = emptyBuckets();
  return all.map((s) => {
    const p = s.primary;
    const errorSurge = p.requests > 0 && surge(p.errors, (p.requests * errors) / requests);
    const slow = slowBound(latency);
    const latencySurge = slow !== undefined && p.latency.bounds.length === latency.bounds.length && surge(above(p.latency, slow.index), totalCount(p.latency) * slow.share);
    const flagged = errorSurge || latencySurge;
    if (!flagged) {
      errors += p.errors;
      requests += p.requests;
      if (totalCount(p.latency) > 0) latency = addBuckets(latency, p.latency);
    }
    return flagged;
  });
}

/**
 * The analysis strata the comparisons use, given `baseline` strata before the analysis (primary only) and the
 * `analysis` strata since its start, the last of which is `partial` when it ends at the evaluation time rather
 * than at a boundary.
 */
export function selectStrata(baseline: readonly Stratum[], analysis: readonly Stratum[], partial = false): StrataSelection {
  const all = incidentFlags([...baseline, ...analysis]);
  const flags = all.slice(baseline.length);
  const before = baseline.length > 0 && all[baseline.length - 1];
  const pending = Math.min(analysis.length, partial ? 2 : 1);
  const firstPending = analysis.length - pending;
  let incident = 0;
  const near = analysis.map((_, j) => flags[j] || (j + 1 < analysis.length && flags[j + 1]) || (j > 0 ? flags[j - 1] : before));
  const included = analysis.map((_, j) => {
    if (j >= firstPending) return false;
    if (near[j]) incident++;
    return !near[j];
  });
  return { included, plannable: near.map((n) => !n), incident, pending };
}
