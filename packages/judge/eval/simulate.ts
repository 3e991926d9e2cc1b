/**
 * Simulated Istio and Flagger telemetry of one release under one controller, as Prometheus would scrape it.
 *
 * Pods: one canary pod, one primary pod, and Flagger (for `flagger_canary_weight`), each scraped every 15 seconds
 * at its own offset. Between two scrapes of a pod, its requests are Poisson: production traffic R·w(t) to the
 * canary and R·(1 − w(t)) to the primary (w: the canary weight the controller sets at each tick, integrated over
 * the interval), times a burst factor, plus the load tester's requests to the canary. Each request is a 503 with
 * the version's error rate, and falls into Istio's default latency buckets with the version's log-normal latency
 * (Poisson thinning: each bucket of each response code is an independent Poisson count).
 *
 * Series are created when their first request arrives (as Envoy does); a restarted pod's counters start from 0;
 * a failed scrape leaves no sample. Draws are keyed by (release, pod, scrape), so the data of a trajectory's
 * first ticks is the same however the later ticks are decided.
 */
import { hashString, seededRandom, type Random } from './random';
import type { ReleaseScenario } from './scenarios';
import { ISTIO_DURATION_BUCKETS_MS, logNormalBuckets } from '../stats/histogram';

/** Scrape interval of every target. */
export const SCRAPE_SECONDS = 15;
/** The load tester's identity (excluded by the judge; counted by Flagger's builtin checks). */
export const LOAD_TESTER = { workload: 'flagger-loadtester', namespace: 'flagger-system' } as const;
/** The production traffic's source. */
export const GATEWAY = { workload: 'istio-ingressgateway', namespace: 'istio-system' } as const;

/** One series and its samples (ascending time). */
export interface SeriesData {
  readonly family: 'requests' | 'buckets' | 'weight';
  readonly labels: Readonly<Record<string, string>>;
  readonly side: 'canary' | 'primary' | 'flagger';
  readonly source: 'gateway' | 'load-tester' | 'none';
  readonly code: string;
  /** `le` as a number (+Infinity for +Inf); NaN for non-bucket series. */
  readonly le: number;
  readonly times: number[];
  readonly values: number[];
}

/** Where a trajectory sits in time. */
export interface Timeline {
  /** Start of the simulated data (primary traffic before the release). */
  readonly t0: number;
  /** Tick 0: the new revision is detected, the canary pod starts (weight 0). */
  readonly releaseStart: number;
  /** Seconds between ticks. */
  readonly intervalSeconds: number;
}

interface Pod {
  readonly name: 'canary' | 'primary' | 'flagger';
  readonly instance: string;
  readonly offset: number;
  /** Next scrape index. */
  next: number;
  /** Time of the previous (attempted) scrape. */
  last: number;
}

interface Counter {
  readonly series: SeriesData;
  value: number;
}

/** A release being simulated; `advanceTo` generates data up to a time, given the weights decided so far. */
export class TrafficSimulation {
  /** Every series, in creation order. */
  readonly series: SeriesData[] = [];
  private readonly counters = new Map<string, Counter>();
  private readonly pods: Pod[];
  /** Weight changes: [time, weight 0..1], ascending. */
  private readonly weights: [number, number][] = [[Number.NEGATIVE_INFINITY, 0]];
  private analysisStart = Number.POSITIVE_INFINITY;
  private canaryProduction = 0;
  private readonly canaryBuckets: readonly number[];
  private readonly primaryBuckets: readonly number[];

  constructor(
    readonly scenario: ReleaseScenario,
    readonly timeline: Timeline,
    private readonly namespace: string,
  ) {
    const offset = (name: string) => 1 + (hashString(`${scenario.seed}/${name}`) % 14);
    this.pods = (['canary', 'primary', 'flagger'] as const).map((name) => ({ name, instance: `${name}-0`, offset: offset(name), next: 0, last: timeline.t0 }));
    this.canaryBuckets = logNormalBuckets(scenario.latency.medianMs * scenario.canarySlowdown, scenario.latency.sigma).counts;
    this.primaryBuckets = logNormalBuckets(scenario.latency.medianMs, scenario.latency.sigma).counts;
    // The primary has been serving for an hour: its series exist with large counters.
    const hour = scenario.requestsPerSecond * 3600;
    this.add('primary', 'gateway', '200', this.primaryBuckets, hour * (1 - scenario.errorRate));
    this.add('primary', 'gateway', '503', this.primaryBuckets, hour * scenario.errorRate);
  }

  /** Sets the canary weight (percent) from `time` on. */
  setWeight(time: number, percent: number): void {
    this.weights.push([time, percent / 100]);
    if (percent > 0 && time < this.analysisStart) this.analysisStart = time;
  }

  /** Production requests the canary served up to `time` (ground truth, counted at its scrapes). */
  canaryRequestsUntil(time: number): number {
    this.advanceTo(time);
    return this.canaryProduction;
  }

  /** The canary weight (0..1) at `time`. */
  weightAt(time: number): number {
    let w = 0;
    for (const [t, v] of this.weights) if (t <= time) w = v;
    return w;
  }

  /** ∫ weight dt over (from, to]. */
  private weightIntegral(from: number, to: number): number {
    let total = 0;
    for (let i = 0; i < this.weights.length; i++) {
      const start = Math.max(from, this.weights[i][0]);
      const end = Math.min(to, i + 1 < this.weights.length ? this.weights[i + 1][0] : Number.POSITIVE_INFINITY);
      if (end > start) total += (end - start) * this.weights[i][1];
    }
    return total;
  }

  /** Seconds of (from, to] inside the disturbance window [at, at + length) after the first traffic step. */
  private overlap(from: number, to: number, at: number, length: number): number {
    const start = this.timeline.releaseStart + this.timeline.intervalSeconds + at;
    return Math.max(0, Math.min(to, start + length) - Math.max(from, start));
  }

  private key(side: string, source: string, code: string, le: number): string {
    return `${side}|${source}|${code}|${le}`;
  }

  /** Sets a series family to `requests` requests spread over buckets by `shares` (the primary's state at t0). */
  private add(side: 'canary' | 'primary', source: 'gateway' | 'load-tester', code: string, shares: readonly number[], requests: number): void {
    const counts = shares.map((p) => Math.round(p * requests));
    this.increment(side, source, code, counts);
  }

  private counter(side: 'canary' | 'primary', source: 'gateway' | 'load-tester', code: string, le: number): Counter {
    const key = this.key(side, source, code, le);
    let c = this.counters.get(key);
    if (c === undefined) {
      const src = source === 'gateway' ? GATEWAY : LOAD_TESTER;
      const labels: Record<string, string> = {
        reporter: 'destination',
        destination_workload_namespace: this.namespace,
        destination_workload: side === 'canary' ? 'podinfo' : 'podinfo-primary',
        instance: `${side}-0`,
        response_code: code,
        source_workload: src.workload,
        source_workload_namespace: src.namespace,
      };
      if (!Number.isNaN(le)) labels.le = le === Number.POSITIVE_INFINITY ? '+Inf' : String(le);
      const series: SeriesData = { family: Number.isNaN(le) ? 'requests' : 'buckets', labels, side, source, code, le, times: [], values: [] };
      this.series.push(series);
      c = { series, value: 0 };
      this.counters.set(key, c);
    }
    return c;
  }

  /** Adds per-bucket counts (the last one above every bound) to a response code's request and bucket counters. */
  private increment(side: 'canary' | 'primary', source: 'gateway' | 'load-tester', code: string, counts: readonly number[]): number {
    const n = counts.reduce((a, b) => a + b, 0);
    if (n === 0) return 0;
    this.counter(side, source, code, Number.NaN).value += n;
    let cumulative = 0;
    ISTIO_DURATION_BUCKETS_MS.forEach((le, i) => {
      cumulative += counts[i];
      this.counter(side, source, code, le).value += cumulative;
    });
    this.counter(side, source, code, Number.POSITIVE_INFINITY).value += n;
    return n;
  }

  /** Generates every scrape at or before `time`. */
  advanceTo(time: number): void {
    for (const pod of this.pods) {
      for (;;) {
        const at = this.timeline.t0 + pod.offset + pod.next * SCRAPE_SECONDS;
        if (at > time) break;
        this.scrape(pod, at);
        pod.last = at;
        pod.next++;
      }
    }
  }

  private scrape(pod: Pod, at: number): void {
    const s = this.scenario;
    const d = s.disturbance;
    const random = seededRandom(hashString(`${s.seed}/${pod.name}/${pod.next}`));
    if (pod.name === 'flagger') {
      this.sample('weight', at, 100 * this.weightAt(at));
      return;
    }
    const from = pod.last;
    const seconds = at - from;
    // Traffic of the interval (from, at].
    const burst = d.kind === 'traffic-burst' ? (d.factor - 1) * this.overlap(from, at, d.atSeconds, d.seconds) : 0;
    const canaryTime = this.weightIntegral(from, at);
    const sideTime = pod.name === 'canary' ? canaryTime : seconds - canaryTime;
    const burstShare = seconds > 0 ? burst * (sideTime / seconds) : 0;
    const production = s.requestsPerSecond * (sideTime + burstShare);
    const baseError = pod.name === 'canary' ? s.canaryErrorRate : s.errorRate;
    const errorBurstSeconds = d.kind === 'error-burst' ? this.overlap(from, at, d.atSeconds, d.seconds) : 0;
    const errorRate = d.kind === 'error-burst' && seconds > 0 ? (baseError * (seconds - errorBurstSeconds) + Math.max(baseError, d.errorRate) * errorBurstSeconds) / seconds : baseError;
    const shares = pod.name === 'canary' ? this.canaryBuckets : this.primaryBuckets;
    if (pod.name === 'canary' && d.kind === 'canary-restart') {
      const restartAt = this.timeline.releaseStart + this.timeline.intervalSeconds + d.atSeconds;
      if (restartAt > from && restartAt <= at) {
        for (const c of this.counters.values()) if (c.series.side === 'canary') c.value = 0;
        return; // the restart costs one scrape; requests during it are lost
      }
    }
    const served = this.draw(pod.name, 'gateway', shares, production, errorRate, random);
    if (pod.name === 'canary') this.canaryProduction += served;
    if (pod.name === 'canary' && d.kind === 'load-tester') {
      const active = Math.max(0, at - Math.max(from, this.analysisStart));
      this.draw('canary', 'load-tester', shares, d.requestsPerSecond * active, errorRate, random);
    }
    const outageStart = this.timeline.releaseStart + this.timeline.intervalSeconds + (d.kind === 'missing-scrapes' ? d.atSeconds : 0);
    const dropped = d.kind === 'missing-scrapes' && d.side === pod.name && (random.next() < d.dropRate || (at >= outageStart && at < outageStart + d.outageSeconds));
    if (dropped) return;
    for (const c of this.counters.values()) {
      if (c.series.side !== pod.name) continue;
      c.series.times.push(at);
      c.series.values.push(c.value);
    }
  }

  /** Draws one interval's requests of one pod and source; returns how many. */
  private draw(side: 'canary' | 'primary', source: 'gateway' | 'load-tester', shares: readonly number[], mean: number, errorRate: number, random: Random): number {
    if (!(mean > 0)) return 0;
    const ok = this.increment(side, source, '200', shares.map((q) => random.poisson(mean * (1 - errorRate) * q)));
    const failed = this.increment(side, source, '503', shares.map((q) => random.poisson(mean * errorRate * q)));
    return ok + failed;
  }

  private sample(family: 'weight', at: number, value: number): void {
    let c = this.counters.get('flagger');
    if (c === undefined) {
      const series: SeriesData = { family, labels: { namespace: this.namespace, workload: 'podinfo' }, side: 'flagger', source: 'none', code: '', le: Number.NaN, times: [], values: [] };
      this.series.push(series);
      c = { series, value };
      this.counters.set('flagger', c);
    }
    c.series.times.push(at);
    c.series.values.push(value);
  }
}
