/**
 * Traffic scenarios shared by the promtool tests: a service `podinfo` in namespace `shop` whose primary
 * (`podinfo-primary`) and canary (`podinfo`) receive traffic through the ingress gateway, next to a decoy
 * workload (`podinfo-backend`, failing and slow) whose series must never leak into podinfo's queries.
 */
import {
  exponentialLatency,
  istioSeries,
  slower,
  type InputSeries,
  type LatencyDistribution,
  type WorkloadTraffic,
} from '../support/istio-series';

/** Namespace and Flagger target of the service under test. */
export const NAMESPACE = 'shop';
/** Flagger target (the canary workload); the primary is `podinfo-primary`. */
export const TARGET = 'podinfo';

/** The platform scrapes Istio sidecars every 15s (packages/platform/observability, PodMonitor `envoy-stats`). */
export const SCRAPE_SECONDS = 15;
/** Series cover 70 minutes; tests evaluate at 60m. */
export const SAMPLES = (70 * 60) / SCRAPE_SECONDS;

/** Healthy latency: exponential with a mean of 80ms (p95 ≈ 246ms, p99 ≈ 452ms on Istio's buckets). */
export const HEALTHY_LATENCY = exponentialLatency(80);
/** Error ratio of a healthy workload: 0.05 %. */
export const HEALTHY_ERRORS = 0.0005;

/** How one workload behaves in a scenario. */
export interface WorkloadBehaviour {
  /** Requests per second. */
  readonly rps: number;
  /** Share answered 500. */
  readonly errorRatio: number;
  /** Latency distribution. */
  readonly latency: LatencyDistribution;
}

/** A scenario: primary and canary behaviour. */
export interface Scenario {
  /** Name used in test titles. */
  readonly name: string;
  /** The primary (stable version). */
  readonly primary: WorkloadBehaviour;
  /** The canary (new version). */
  readonly canary: WorkloadBehaviour;
}

const healthy = (rps: number): WorkloadBehaviour => ({ rps, errorRatio: HEALTHY_ERRORS, latency: HEALTHY_LATENCY });

/** The scenarios of the issue: healthy, 5 % errors, 50 % slower, plus a canary that never answered 5xx. */
export const SCENARIOS = {
  healthy: { name: 'healthy canary', primary: healthy(18), canary: healthy(2) },
  perfect: {
    name: 'canary without a single 5xx (no response_code="500" series exists)',
    primary: healthy(18),
    canary: { rps: 2, errorRatio: 0, latency: HEALTHY_LATENCY },
  },
  errors: {
    name: 'canary answering 5% errors',
    primary: healthy(18),
    canary: { rps: 2, errorRatio: 0.05, latency: HEALTHY_LATENCY },
  },
  slow: {
    name: 'canary 50% slower',
    primary: healthy(18),
    canary: { rps: 2, errorRatio: HEALTHY_ERRORS, latency: slower(HEALTHY_LATENCY, 1.5) },
  },
} as const satisfies Record<string, Scenario>;

/** Scenarios for service-wide SLOs: the whole service (primary and canary) behaves the same. */
export function serviceWide(name: string, behaviour: Omit<WorkloadBehaviour, 'rps'>): Scenario {
  return { name, primary: { rps: 18, ...behaviour }, canary: { rps: 2, ...behaviour } };
}

/** Flagger rewrites the primary's `app` label to `<target>-primary`; Istio reports it as destination_app. */
function workload(workloadName: string, service: string, b: WorkloadBehaviour): WorkloadTraffic {
  return {
    namespace: NAMESPACE,
    workload: workloadName,
    service,
    app: workloadName,
    requestsPerSecond: b.rps,
    errorRatio: b.errorRatio,
    latency: b.latency,
  };
}

/** The decoy: another workload in the same namespace whose name starts with the target's. */
const DECOY: WorkloadTraffic = {
  namespace: NAMESPACE,
  workload: `${TARGET}-backend`,
  service: `${TARGET}-backend`,
  app: `${TARGET}-backend`,
  requestsPerSecond: 50,
  errorRatio: 0.5,
  latency: exponentialLatency(2000),
};

/**
 * Synthetic Istio series of a scenario (Flagger routes the canary through `podinfo-canary`), `samples` scrapes
 * long (70 minutes by default, enough for the SLO tests' 1h windows).
 */
export function scenarioSeries(s: Scenario, leStyle: 'exposed' | 'normalized' = 'exposed', samples = SAMPLES): InputSeries[] {
  return istioSeries(
    [
      workload(`${TARGET}-primary`, `${TARGET}-primary`, s.primary),
      workload(TARGET, `${TARGET}-canary`, s.canary),
      DECOY,
    ],
    { scrapeIntervalSeconds: SCRAPE_SECONDS, samples, leStyle },
  );
}

/** Share of the service's requests (primary and canary) answered 5xx. */
export function serviceErrorRatio(s: Scenario): number {
  return (s.primary.rps * s.primary.errorRatio + s.canary.rps * s.canary.errorRatio) / (s.primary.rps + s.canary.rps);
}

/** Share of the service's requests slower than `thresholdMs`. */
export function serviceSlowRatio(s: Scenario, thresholdMs: number): number {
  const slow = (b: WorkloadBehaviour) => b.rps * (1 - b.latency.cdf(thresholdMs));
  return (slow(s.primary) + slow(s.canary)) / (s.primary.rps + s.canary.rps);
}
