/**
 * The releases the evaluation simulates: healthy ones and bad ones (errors 0.5% -> 5%, latency +25%), at 1, 10,
 * 100 and 1000 requests per second, each with at most one disturbance (a traffic burst, an error burst hitting
 * both versions, a canary pod restart, missing scrapes, or load-tester traffic to the canary).
 * Deterministic: the same count and seed give the same corpus.
 */
import { seededRandom } from './random';

/** What the release does to the canary. */
export type ReleaseKind = 'healthy' | 'errors' | 'latency';

/** A disturbance of the traffic or of the telemetry. */
export type Disturbance =
  | { readonly kind: 'none' }
  /** Both versions get `factor` times the traffic from `atSeconds` (after the first traffic step) for `seconds`. */
  | { readonly kind: 'traffic-burst'; readonly atSeconds: number; readonly seconds: number; readonly factor: number }
  /** Both versions answer `errorRate` errors from `atSeconds` for `seconds` (a failing dependency). */
  | { readonly kind: 'error-burst'; readonly atSeconds: number; readonly seconds: number; readonly errorRate: number }
  /** The canary pod restarts at `atSeconds`: its counters start again from 0 and it misses one scrape. */
  | { readonly kind: 'canary-restart'; readonly atSeconds: number }
  /** A pod's scrapes fail with probability `dropRate`, and for a whole `outageSeconds` from `atSeconds`. */
  | { readonly kind: 'missing-scrapes'; readonly side: 'canary' | 'primary'; readonly dropRate: number; readonly atSeconds: number; readonly outageSeconds: number }
  /** flagger-loadtester sends `requestsPerSecond` to the canary during the analysis (left out by the judge). */
  | { readonly kind: 'load-tester'; readonly requestsPerSecond: number };

/** One simulated release. */
export interface ReleaseScenario {
  /** Index in the corpus (also the Kubernetes namespace suffix of its series). */
  readonly id: number;
  /** Production requests per second to the service (both versions together, before bursts). */
  readonly requestsPerSecond: number;
  readonly kind: ReleaseKind;
  /** The primary's (and a healthy canary's) error rate. */
  readonly errorRate: number;
  /** The canary's error rate. */
  readonly canaryErrorRate: number;
  /** Log-normal latency of the primary: median (ms) and log-scale deviation. */
  readonly latency: { readonly medianMs: number; readonly sigma: number };
  /** The canary's latency factor (1.25 = 25% slower). */
  readonly canarySlowdown: number;
  readonly disturbance: Disturbance;
  /** Seconds after a scrape boundary at which the analysis' first tick happens (ticks are not aligned). */
  readonly phaseSeconds: number;
  /** Seed of the release's traffic. */
  readonly seed: number;
}

/** The traffic levels of the corpus. */
export const TRAFFIC_LEVELS: readonly number[] = [1, 10, 100, 1000];

/** How a corpus is composed. */
export interface CorpusOptions {
  /** Number of releases (split evenly over traffic levels). */
  readonly releases: number;
  readonly seed: number;
  /** Share of healthy releases; the rest is split evenly between error and latency regressions. @default 0.5 */
  readonly healthyShare?: number;
  /**
   * The traffic levels releases cycle through; a level listed twice gets twice the releases.
   * @default TRAFFIC_LEVELS (1, 10, 100, 1000)
   */
  readonly trafficLevels?: readonly number[];
}

const DISTURBANCES = ['none', 'none', 'traffic-burst', 'error-burst', 'canary-restart', 'missing-scrapes', 'load-tester'] as const;

function disturbance(kind: (typeof DISTURBANCES)[number], u: () => number): Disturbance {
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'traffic-burst':
      return { kind: 'traffic-burst', atSeconds: Math.round(30 + u() * 120), seconds: 120, factor: 3 };
    case 'error-burst':
      return { kind: 'error-burst', atSeconds: Math.round(30 + u() * 120), seconds: 60, errorRate: 0.05 };
    case 'canary-restart':
      return { kind: 'canary-restart', atSeconds: Math.round(20 + u() * 100) };
    case 'missing-scrapes':
      return { kind: 'missing-scrapes', side: u() < 0.5 ? 'canary' : 'primary', dropRate: 0.1, atSeconds: Math.round(30 + u() * 90), outageSeconds: 60 };
    case 'load-tester':
      return { kind: 'load-tester', requestsPerSecond: 20 };
  }
}

/** Highest steady-state P99 of a simulated service: inside the judge's default hard limit (P99 <= 500ms). */
export const MAX_BASELINE_P99_MS = 350;

/**
 * A service's log-normal latency from two uniforms: median 20-150 ms (log-uniform), sigma 0.35-0.7, the median
 * lowered where needed so that the P99 (median · e^(2.326·sigma)) stays at or below {@link MAX_BASELINE_P99_MS}:
 * healthy services respect their own limits.
 */
function serviceLatency(u1: number, u2: number): { medianMs: number; sigma: number } {
  const sigma = Math.round((0.35 + 0.35 * u2) * 100) / 100;
  const median = Math.min(20 * Math.pow(7.5, u1), MAX_BASELINE_P99_MS / Math.exp(2.326 * sigma));
  return { medianMs: Math.round(median), sigma };
}

/** The corpus: releases cycling over traffic levels, kinds and disturbances, with random service shapes. */
export function buildCorpus(options: CorpusOptions): ReleaseScenario[] {
  const random = seededRandom(options.seed);
  const healthyShare = options.healthyShare ?? 0.5;
  const levels = options.trafficLevels ?? TRAFFIC_LEVELS;
  if (levels.length === 0 || levels.some((l) => !(l > 0))) throw new RangeError(`trafficLevels ([${levels.join(', ')}]) must be one or more request rates above 0`);
  const out: ReleaseScenario[] = [];
  for (let id = 0; id < options.releases; id++) {
    const r = random.fork(`release-${id}`);
    const requestsPerSecond = levels[id % levels.length];
    const slot = Math.floor(id / levels.length);
    const perLevel = Math.ceil(options.releases / levels.length);
    const healthyCount = Math.round(perLevel * healthyShare);
    const kind: ReleaseKind = slot < healthyCount ? 'healthy' : (slot - healthyCount) % 2 === 0 ? 'errors' : 'latency';
    const errorRate = 0.005;
    out.push({
      id,
      requestsPerSecond,
      kind,
      errorRate,
      canaryErrorRate: kind === 'errors' ? 0.05 : errorRate,
      latency: serviceLatency(r.next(), r.next()),
      canarySlowdown: kind === 'latency' ? 1.25 : 1,
      // Every traffic level cycles through every disturbance (slot + level offset, not the id: ids step by 4).
      disturbance: disturbance(DISTURBANCES[(slot + 2 * (id % levels.length)) % DISTURBANCES.length], () => r.next()),
      phaseSeconds: Math.floor(r.next() * 15),
      seed: Math.floor(r.next() * 2 ** 31),
    });
  }
  return out;
}
