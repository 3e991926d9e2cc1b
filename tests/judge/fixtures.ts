/** Synthetic strata for the judge's tests: expected counts, no randomness. */
import type { SideCounts, Stratum } from '../../packages/judge/counters';
import { logNormalBuckets, type BucketCounts } from '../../packages/judge/stats/histogram';

/** The analysis start used by the fixtures: 2025-01-01T00:00:00Z. */
export const START = 1735689600;

/** A latency histogram of `requests` requests, log-normal with this median (ms) and sigma. */
export function latency(requests: number, medianMs = 50, sigma = 0.5): BucketCounts {
  const shares = logNormalBuckets(medianMs, sigma);
  return { bounds: shares.bounds, counts: shares.counts.map((p) => p * requests) };
}

/** One version's counts: requests, error rate, latency median. */
export function side(requests: number, errorRate: number, medianMs = 50, sigma = 0.5): SideCounts {
  return { requests, errors: requests * errorRate, latency: latency(requests, medianMs, sigma) };
}

/** `n` strata of `seconds` each from START, the canary at `share` of `rate` req/s. */
export function strata(n: number, options: { rate: number; share: number; canaryErrors?: number; primaryErrors?: number; canaryMedianMs?: number; seconds?: number; from?: number }): Stratum[] {
  const seconds = options.seconds ?? 15;
  const from = options.from ?? START;
  return Array.from({ length: n }, (_, k) => ({
    start: from + k * seconds,
    end: from + (k + 1) * seconds,
    canary: side(options.rate * options.share * seconds, options.canaryErrors ?? 0.005, options.canaryMedianMs ?? 50),
    primary: side(options.rate * (1 - options.share) * seconds, options.primaryErrors ?? 0.005, 50),
  }));
}
