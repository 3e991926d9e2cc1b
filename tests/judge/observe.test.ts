import { observe } from '../../packages/judge/observe';
import { PrometheusError, type PrometheusClient, type QueryResult } from '../../packages/judge/prometheus';
import type { QueryScope } from '../../packages/judge/queries';
import { resolveJudgeSettings } from '../../packages/judge/spec';

const scope: QueryScope = { target: { kind: 'workloads', namespace: 'shop', canary: 'podinfo', primary: 'podinfo-primary' } };
const spec = resolveJudgeSettings({});
const T = 1735690200;

/** A fake Prometheus: answers by the query's shape. */
function fake(answers: { weightNow?: number; lastZero?: number; firstTraffic?: number; fail?: string }): PrometheusClient & { asked: string[] } {
  const asked: string[] = [];
  const vector = (v: number | undefined): QueryResult => ({ resultType: 'vector', result: v === undefined ? [] : [{ metric: {}, value: [T, v] }] });
  const counters = (side: 'canary' | 'primary', from: number, perStep: number) => ({
    metric: { judge_side: side, instance: `${side}-0` },
    values: Array.from({ length: 5 }, (_, k) => [from + 15 * k, perStep * k] as const),
  });
  return {
    asked,
    async query(promql) {
      asked.push(promql);
      if (answers.fail !== undefined && promql.includes('[')) throw new PrometheusError(answers.fail);
      if (promql.startsWith('max(max_over_time')) return vector(answers.lastZero);
      if (promql.startsWith('max(flagger_canary_weight')) return vector(answers.weightNow);
      if (promql.startsWith('min(min_over_time')) return vector(answers.firstTraffic);
      const first = T - 60;
      const result = [counters('canary', first, 10), counters('primary', first, 190)];
      // The counters at the evaluation time itself (no subquery): a vector of the last values.
      if (!promql.endsWith(']')) return { resultType: 'vector', result: result.map((s) => ({ metric: s.metric, value: s.values[s.values.length - 1] })) };
      return { resultType: 'matrix', result };
    },
  };
}

describe('observe', () => {
  it('Flagger: start at the last zero weight, then four 15s strata of counters', async () => {
    const client = fake({ weightNow: 5, lastZero: T - 60 });
    const { observation, queries } = await observe(client, { scope, spec, time: T, start: { kind: 'flagger-weight' } });
    expect(observation.kind).toBe('observed');
    if (observation.kind !== 'observed') return;
    expect(observation.analysis).toEqual({ kind: 'started', start: T - 60 });
    expect(observation.strata.map((s) => [s.end - T, s.canary.requests, s.primary.requests])).toEqual([
      [-45, 10, 190],
      [-30, 10, 190],
      [-15, 10, 190],
      [0, 10, 190],
    ]);
    expect(queries).toHaveLength(8);
    expect(queries[2]).toContain(')[360s:15s]'); // 60s since the start and the 5-minute baseline before it
  });

  it('Flagger weight 0 now: the analysis has not started', async () => {
    const { observation } = await observe(fake({ weightNow: 0, lastZero: T }), { scope, spec, time: T, start: { kind: 'flagger-weight' } });
    expect(observation).toEqual({ kind: 'observed', analysis: { kind: 'not-started', reason: 'the canary has no traffic yet (Flagger reports weight 0)' }, strata: [] });
  });

  it('no Flagger metric: unavailable, with what to do', async () => {
    const { observation } = await observe(fake({}), { scope, spec, time: T, start: { kind: 'flagger-weight' } });
    expect(observation).toEqual({
      kind: 'unavailable',
      message: 'flagger_canary_weight of shop/podinfo has no recent sample: is Prometheus scraping Flagger? Or pass the analysis start explicitly',
    });
  });

  it('weight never 0 within the lookback: the start is the lookback (maxHold + 30m) ago', async () => {
    const { observation } = await observe(fake({ weightNow: 20 }), { scope, spec, time: T, start: { kind: 'flagger-weight' } });
    expect(observation.kind === 'observed' && observation.analysis).toEqual({ kind: 'started', start: T - 3600 });
  });

  it('Argo: start at the canary revision first production request, or not started', async () => {
    const argo: QueryScope = { target: { kind: 'revisions', namespace: 'shop', workload: 'podinfo', canaryRevision: 'abc' } };
    const started = await observe(fake({ firstTraffic: T - 30 }), { scope: argo, spec, time: T, start: { kind: 'first-canary-traffic' } });
    expect(started.observation.kind === 'observed' && started.observation.analysis).toEqual({ kind: 'started', start: T - 30 });
    const none = await observe(fake({}), { scope: argo, spec, time: T, start: { kind: 'first-canary-traffic' } });
    expect(none.observation.kind === 'observed' && none.observation.analysis).toEqual({ kind: 'not-started', reason: 'the canary served no production requests in the last 1h' });
  });

  it('a failing counter query: unavailable, keeping the start so maxHold still counts', async () => {
    const { observation } = await observe(fake({ fail: 'Prometheus at http://p:9090 answered HTTP 503 (unavailable: down)' }), { scope, spec, time: T, start: { kind: 'given', start: T - 120 } });
    expect(observation).toEqual({ kind: 'unavailable', message: 'Prometheus at http://p:9090 answered HTTP 503 (unavailable: down)', start: T - 120 });
  });
});
