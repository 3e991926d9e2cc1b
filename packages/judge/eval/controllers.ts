/**
 * The three release controllers the evaluation compares, each a model of Flagger's scheduler
 * (pkg/controller/scheduler.go): one tick per analysis interval; at tick 1 the first weight step is taken without
 * analysis; then each tick either rolls back, holds, advances a step or promotes.
 *
 * - `judge`: this package's judge behind Flagger's webhooks (weights 5, 10, 20, 50 every 30s, the platform's
 *   schedule). Each tick asks the rollback hook (200 = roll back), then confirm-traffic-increase or, at the last
 *   weight, confirm-promotion (200 = go on; 403 = hold, no failed check).
 * - `today`: the platform's default checks today (packages/canary/defaults.ts and queries.ts at the time of
 *   writing): success rate >= 99%, P99 <= 500ms, error rate <= 1%, P95 <= 300ms and canary P95 at most 10% above
 *   the primary's (load tester left out of that one), all over 1m; weights 5, 10, 20, 50 every 30s; rolled back
 *   once 2 checks have failed. No data is a failed check, as in Flagger.
 * - `flagger-tutorial`: Flagger's tutorial defaults: request-success-rate >= 99 over 1m, request-duration (P99)
 *   <= 500ms over 30s, stepWeight 10 up to maxWeight 50, interval 1m, threshold 5.
 */
import { judge, type Observation, type Verdict } from '../decide';
import { observe } from '../observe';
import type { PrometheusClient } from '../prometheus';
import { resolveJudgeSettings, type JudgeSettings, type JudgeSpec } from '../spec';
import { literal } from '../queries';
import { quantileOfRates, sumRate } from './proxy';
import { LOAD_TESTER, type SeriesData } from './simulate';

/** The controllers. */
export type ControllerName = 'judge' | 'today' | 'flagger-tutorial';
export const CONTROLLER_NAMES: readonly ControllerName[] = ['judge', 'today', 'flagger-tutorial'];

/** A controller's schedule. */
export interface ControllerConfig {
  /** Canary weights in percent. */
  readonly weights: readonly number[];
  readonly intervalSeconds: number;
  /** Failed checks before rollback (threshold controllers). */
  readonly threshold: number;
}

export const CONTROLLERS: Readonly<Record<ControllerName, ControllerConfig>> = {
  judge: { weights: [5, 10, 20, 50], intervalSeconds: 30, threshold: 0 },
  today: { weights: [5, 10, 20, 50], intervalSeconds: 30, threshold: 2 },
  'flagger-tutorial': { weights: [10, 20, 30, 40, 50], intervalSeconds: 60, threshold: 5 },
};

/** What a controller does at one tick. */
export interface TickDecision {
  /** `fail-check`: a threshold controller counted a failed check (no progress). */
  readonly action: 'advance' | 'promote' | 'stay' | 'rollback' | 'fail-check';
  /** Why a release was rolled back: the judge's comparison, a hard limit alone, maxHold, or failed threshold checks. */
  readonly cause?: 'evidence' | 'hard-limit' | 'max-hold' | 'checks';
  /** The judge's explanation (rollback or hold), or the failing checks. */
  readonly reason?: string;
}

/** A controller's position in its schedule. */
export interface ControllerState {
  /** Index of the current weight; -1 before the first step. */
  readonly step: number;
  readonly failedChecks: number;
}

/** The state after a decision. */
export function nextState(state: ControllerState, d: TickDecision): ControllerState {
  if (d.action === 'advance') return { step: state.step + 1, failedChecks: state.failedChecks };
  if (d.action === 'fail-check') return { step: state.step, failedChecks: state.failedChecks + 1 };
  return state;
}

/** One threshold check: its PromQL and its model on simulated samples. */
export interface BaselineCheck {
  readonly name: string;
  readonly query: string;
  readonly min?: number;
  readonly max?: number;
  /** The value Prometheus would return, from the samples (undefined: no data). */
  readonly model: (series: readonly SeriesData[], time: number) => number | undefined;
}

const canary = (s: SeriesData) => s.side === 'canary';
const production = (s: SeriesData) => s.source !== 'load-tester';

function flaggerSelector(metric: string, namespace: string, extra = ''): string {
  return `${metric}{reporter="destination", destination_workload_namespace=${literal(namespace)}, destination_workload=~"podinfo"${extra}}`;
}

function platformSelector(metric: string, namespace: string, workload: string, extra = ''): string {
  return `${metric}{reporter="destination", destination_workload_namespace=${literal(namespace)}, destination_workload=${literal(workload)}${extra}}`;
}

function excluding(metric: string, namespace: string, workload: string, range: string): string {
  const lt = `source_workload=${literal(LOAD_TESTER.workload)}`;
  return `rate(${platformSelector(metric, namespace, workload, `, source_workload!=${literal(LOAD_TESTER.workload)}`)}[${range}]) or rate(${platformSelector(metric, namespace, workload, `, ${lt}, source_workload_namespace!=${literal(LOAD_TESTER.namespace)}`)}[${range}])`;
}

const ratio = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || b === undefined || b === 0 ? undefined : a / b);

function successRate(namespace: string, seconds: number): BaselineCheck {
  const w = `${seconds}s`;
  return {
    name: `request-success-rate ${w}`,
    query: `sum(rate(${flaggerSelector('istio_requests_total', namespace, ', response_code!~"5.*"')}[${w}])) / sum(rate(${flaggerSelector('istio_requests_total', namespace)}[${w}])) * 100`,
    min: 99,
    model: (series, t) => {
      const all = series.filter((s) => canary(s) && s.family === 'requests');
      const v = ratio(sumRate(all.filter((s) => !s.code.startsWith('5')), t, seconds), sumRate(all, t, seconds));
      return v === undefined ? undefined : v * 100;
    },
  };
}

function p99(namespace: string, seconds: number): BaselineCheck {
  const w = `${seconds}s`;
  return {
    name: `request-duration p99 ${w}`,
    query: `histogram_quantile(0.99, sum(rate(${flaggerSelector('istio_request_duration_milliseconds_bucket', namespace)}[${w}])) by (le))`,
    max: 500,
    model: (series, t) => quantileOfRates(0.99, series.filter((s) => canary(s) && s.family === 'buckets'), t, seconds),
  };
}

/** The threshold checks of a controller for the release whose series live in `namespace`. */
export function baselineChecks(name: Exclude<ControllerName, 'judge'>, namespace: string): BaselineCheck[] {
  if (name === 'flagger-tutorial') return [successRate(namespace, 60), p99(namespace, 30)];
  const sel = (m: string, extra = '') => platformSelector(m, namespace, 'podinfo', extra);
  return [
    successRate(namespace, 60),
    p99(namespace, 60),
    {
      name: 'error-rate 60s',
      query: `100 * (\n  sum(rate(${sel('istio_requests_total', ', response_code=~"5.."')}[1m]))\n  or on() vector(0)\n)\n/\nsum(rate(${sel('istio_requests_total')}[1m]))`,
      max: 1,
      model: (series, t) => {
        const all = series.filter((s) => canary(s) && s.family === 'requests');
        const v = ratio(sumRate(all.filter((s) => s.code.startsWith('5')), t, 60) ?? 0, sumRate(all, t, 60));
        return v === undefined ? undefined : v * 100;
      },
    },
    {
      name: 'latency-p95 60s',
      query: `histogram_quantile(0.95, sum by (le) (rate(${sel('istio_request_duration_milliseconds_bucket')}[1m])))`,
      max: 300,
      model: (series, t) => quantileOfRates(0.95, series.filter((s) => canary(s) && s.family === 'buckets'), t, 60),
    },
    {
      name: 'relative-latency p95 60s',
      query: `histogram_quantile(0.95, sum by (le) (${excluding('istio_request_duration_milliseconds_bucket', namespace, 'podinfo', '1m')}))\n/\nhistogram_quantile(0.95, sum by (le) (${excluding('istio_request_duration_milliseconds_bucket', namespace, 'podinfo-primary', '1m')}))`,
      max: 1.1,
      model: (series, t) => {
        const buckets = series.filter((s) => s.family === 'buckets' && production(s));
        return ratio(quantileOfRates(0.95, buckets.filter(canary), t, 60), quantileOfRates(0.95, buckets.filter((s) => s.side === 'primary'), t, 60));
      },
    },
  ];
}

/** Where a threshold check's value comes from: the real Prometheus or the model. */
export type CheckSource = (check: BaselineCheck, time: number) => Promise<number | undefined>;

/** Check values from a Prometheus: the first sample of the result (Flagger's `RunQuery`); NaN is no data. */
export function prometheusChecks(client: PrometheusClient): CheckSource {
  return async (check, time) => {
    const r = await client.query(check.query, time);
    if (r.resultType !== 'vector' || r.result.length === 0) return undefined;
    const v = r.result[0].value[1];
    return Number.isNaN(v) ? undefined : v;
  };
}

/** One tick of a threshold controller. */
export async function thresholdTick(name: Exclude<ControllerName, 'judge'>, checks: readonly BaselineCheck[], source: CheckSource, time: number, state: ControllerState): Promise<TickDecision> {
  const config = CONTROLLERS[name];
  if (state.step < 0) return { action: 'advance' };
  if (state.failedChecks >= config.threshold) return { action: 'rollback', cause: 'checks', reason: `${state.failedChecks} failed checks` };
  const failing: string[] = [];
  for (const check of checks) {
    const v = await source(check, time);
    if (v === undefined) failing.push(`${check.name}: no data`);
    else if ((check.min !== undefined && v < check.min) || (check.max !== undefined && v > check.max)) failing.push(`${check.name}: ${Number(v.toPrecision(4))}`);
  }
  if (failing.length > 0) return { action: 'fail-check', reason: failing.join(', ') };
  return { action: state.step === config.weights.length - 1 ? 'promote' : 'advance' };
}

/** The judge's settings in the evaluation: the defaults, the load tester left out. */
export function evalJudgeSpec(settings: JudgeSettings = {}): JudgeSpec {
  return resolveJudgeSettings(settings);
}

/** One tick of the judge controller: the rollback hook, then the traffic-increase or promotion hook. */
export async function judgeTick(client: PrometheusClient, namespace: string, spec: JudgeSpec, time: number, state: ControllerState): Promise<{ decision: TickDecision; verdict: Verdict; observation: Observation }> {
  const scope = { target: { kind: 'workloads' as const, namespace, canary: 'podinfo', primary: 'podinfo-primary' }, excludeSource: LOAD_TESTER };
  const { observation } = await observe(client, { scope, spec, time, start: { kind: 'flagger-weight' } });
  const rollback = judge({ spec, gate: 'rollback', time, observation });
  if (rollback.verdict === 'fail') {
    const gaveUp = rollback.reason.startsWith('failed: never got enough traffic') || rollback.reason.startsWith('failed: no usable data');
    const compared = rollback.evidence?.tests.some((t) => t.rejected && (t.test === 'errors' || t.test === 'latency')) === true;
    return { decision: { action: 'rollback', cause: gaveUp ? 'max-hold' : compared ? 'evidence' : 'hard-limit', reason: rollback.reason }, verdict: rollback, observation };
  }
  const last = state.step === CONTROLLERS.judge.weights.length - 1;
  // The promotion question has the rollback question's verdict (both need the promotion evidence).
  const gate = last ? { ...rollback, gate: 'promotion' as const } : judge({ spec, gate: 'traffic-increase', time, observation });
  if (gate.verdict !== 'pass') return { decision: { action: 'stay', reason: gate.reason }, verdict: gate, observation };
  return { decision: { action: last ? 'promote' : 'advance' }, verdict: gate, observation };
}
