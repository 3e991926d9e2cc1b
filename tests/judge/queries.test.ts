import { parser } from '@prometheus-io/lezer-promql';
import { boundaries, seriesDeltas, strataFromMatrices } from '../../packages/judge/counters';
import { Duration } from '../../packages/judge/duration';
import type { MatrixSeries } from '../../packages/judge/prometheus';
import { firstBoundary, firstCanaryTrafficQuery, flaggerStartQuery, flaggerWeightNowQuery, judgeQueries, literal, sideSelector, type QueryScope } from '../../packages/judge/queries';

function syntaxErrors(query: string): number {
  let errors = 0;
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) errors++;
    },
  });
  return errors;
}

const flagger: QueryScope = {
  target: { kind: 'workloads', namespace: 'shop', canary: 'podinfo', primary: 'podinfo-primary' },
  excludeSource: { workload: 'flagger-loadtester', namespace: 'flagger-system' },
};
const argo: QueryScope = { target: { kind: 'revisions', namespace: 'shop', workload: 'podinfo', canaryRevision: '7c9d' }, excludeSource: { workload: 'flagger-loadtester' } };
const window = { time: 1735690200, firstBoundary: 1735689600, resolution: Duration.seconds(15) };

describe('judge queries', () => {
  it('requests: raw counters per side and pod, load tester left out, sampled every 15s since the first boundary', () => {
    expect(judgeQueries(flagger, window).requests).toBe(
      [
        '(',
        '  label_replace(sum by (instance) (istio_requests_total{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo", source_workload!="flagger-loadtester"} or istio_requests_total{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo", source_workload="flagger-loadtester", source_workload_namespace!="flagger-system"}), "judge_side", "canary", "", "")',
        'or',
        '  label_replace(sum by (instance) (istio_requests_total{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo-primary", source_workload!="flagger-loadtester"} or istio_requests_total{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo-primary", source_workload="flagger-loadtester", source_workload_namespace!="flagger-system"}), "judge_side", "primary", "", "")',
        ')[600s:15s]',
      ].join('\n'),
    );
  });

  it('errors are 5xx responses; latency keeps le', () => {
    const q = judgeQueries(flagger, window);
    expect(q.errors).toContain('destination_workload="podinfo", response_code=~"5..", source_workload!="flagger-loadtester"');
    expect(q.latency).toContain('sum by (instance, le) (istio_request_duration_milliseconds_bucket{reporter="destination"');
  });

  it('Argo Rollouts: one workload, the canary revision against every other', () => {
    expect(sideSelector('istio_requests_total', argo, 'canary')).toBe(
      'istio_requests_total{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo", destination_canonical_revision="7c9d", source_workload!="flagger-loadtester"}',
    );
    expect(sideSelector('istio_requests_total', argo, 'primary')).toContain('destination_canonical_revision!="7c9d"');
  });

  it('without an excluded source every request counts', () => {
    expect(sideSelector('istio_requests_total', { target: flagger.target }, 'canary')).toBe(
      'istio_requests_total{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo"}',
    );
  });

  it('start queries: Flagger weight (namespace or exported_namespace) and the first canary traffic', () => {
    expect(flaggerStartQuery('shop', 'podinfo', Duration.hours(1), Duration.seconds(15))).toBe(
      'max(max_over_time(timestamp((flagger_canary_weight{namespace="shop", workload="podinfo"} or flagger_canary_weight{exported_namespace="shop", workload="podinfo"}) == 0)[1h:15s]))',
    );
    expect(flaggerWeightNowQuery('shop', 'podinfo')).toBe('max(flagger_canary_weight{namespace="shop", workload="podinfo"} or flagger_canary_weight{exported_namespace="shop", workload="podinfo"})');
    expect(firstCanaryTrafficQuery(argo, Duration.hours(1), Duration.seconds(15))).toMatch(/^min\(min_over_time\(timestamp\(sum\(istio_requests_total\{.*destination_canonical_revision="7c9d".*\}\)\)\[1h:15s\]\)\)$/);
  });

  it('every query is valid PromQL (Prometheus grammar)', () => {
    const all = [
      ...Object.values(judgeQueries(flagger, window)),
      ...Object.values(judgeQueries(argo, window)),
      flaggerStartQuery('shop', 'podinfo', Duration.hours(1), Duration.seconds(15)),
      flaggerWeightNowQuery('shop', 'podinfo'),
      firstCanaryTrafficQuery(argo, Duration.hours(1), Duration.seconds(15)),
    ];
    for (const q of all) expect({ q, errors: syntaxErrors(q) }).toEqual({ q, errors: 0 });
  });

  it('label values are escaped as PromQL string literals', () => {
    expect(literal('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('the first boundary is the start rounded down to the resolution', () => {
    expect(firstBoundary(1735689607, Duration.seconds(15))).toBe(1735689600);
  });
});

describe('counters to strata', () => {
  const at = boundaries(0, 60, 15);

  it('boundaries every step from the first to the evaluation time', () => {
    expect(at).toEqual([0, 15, 30, 45, 60]);
  });

  it('differences between boundaries; a drop is a reset; a new series counts in full; a gap counts later', () => {
    expect(seriesDeltas([[0, 100], [15, 110], [30, 130], [45, 5], [60, 20]], at)).toEqual([10, 20, 5, 15]);
    expect(seriesDeltas([[30, 7], [45, 9]], at)).toEqual([0, 7, 2, 0]);
    expect(seriesDeltas([[0, 10], [30, 30], [60, 40]], at)).toEqual([0, 20, 0, 10]);
  });

  it('a pod restart resets all its series, even a bucket whose new value passed its old one', () => {
    const at3 = [0, 15, 30];
    const series = (le: string | undefined, values: [number, number][]): MatrixSeries => ({ metric: { judge_side: 'canary', instance: 'c', ...(le ? { le } : {}) }, values });
    // The pod restarted between 15 and 30: its request counter fell from 152 to 149; its 25ms bucket rose from 100 to 103.
    const strata = strataFromMatrices(
      {
        requests: [series(undefined, [[0, 0], [15, 152], [30, 149]])],
        errors: [],
        latency: [series('25', [[0, 0], [15, 100], [30, 103]]), series('+Inf', [[0, 0], [15, 152], [30, 149]])],
      },
      at3,
    );
    expect(strata[1].canary).toEqual({ requests: 149, errors: 0, latency: { bounds: [25], counts: [103, 46] } });
  });

  it('assembles both sides and the latency histogram per stratum', () => {
    const series = (side: string, extra: Record<string, string>, values: [number, number][]): MatrixSeries => ({ metric: { judge_side: side, instance: 'a', ...extra }, values });
    const strata = strataFromMatrices(
      {
        requests: [series('canary', {}, [[0, 0], [15, 10]]), series('primary', {}, [[0, 100], [15, 190]]), series('primary', { instance: 'b' }, [[15, 5]])],
        errors: [series('canary', {}, [[15, 2]])],
        latency: [series('canary', { le: '100' }, [[0, 0], [15, 8]]), series('canary', { le: '+Inf' }, [[0, 0], [15, 10]])],
      },
      [0, 15],
    );
    expect(strata).toEqual([
      {
        start: 0,
        end: 15,
        canary: { requests: 10, errors: 2, latency: { bounds: [100], counts: [8, 2] } },
        primary: { requests: 95, errors: 0, latency: { bounds: [], counts: [0] } },
      },
    ]);
  });
});
