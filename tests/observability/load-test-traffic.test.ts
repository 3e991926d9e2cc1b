/**
 * The load tester's requests must not change the relative-latency verdict: flagger-loadtester calls only the
 * canary (`<name>-canary`), so at 5-20% weight most of the canary's requests are synthetic while the primary's
 * are all production. The analysis' own queries (`analysisQueries`, concrete values) run in promtool on
 * synthetic Istio traffic that includes a load-tester stream (`source_workload="flagger-loadtester"`,
 * `source_workload_namespace="flagger-system"`), and must give the verdict of the same traffic without it.
 * The absolute checks do count the load tester (it is what gives them data at low weights): that is pinned too,
 * as docs/canary-service.md states it.
 */
import { analysisQueries, relativeLatencyQuery, type AnalysisQuery } from '../../packages/canary/spec/queries';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile } from '../support/promtool-unit';
import {
  exponentialLatency,
  histogramQuantile,
  istioSeries,
  LOAD_TESTER,
  slower,
  type LatencyDistribution,
  type SourceIdentity,
  type WorkloadTraffic,
} from '../support/istio-series';
import { analysisRuleFile, passes, record, verdictExpr } from './analysis-model';
import { HEALTHY_LATENCY, NAMESPACE, SCRAPE_SECONDS, TARGET } from './scenarios';

const SAMPLES = (20 * 60) / SCRAPE_SECONDS;
const EVAL = '15m';

const SPEC = validateCanaryServiceProps(TARGET, { namespace: NAMESPACE, image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 });
const QUERIES = analysisQueries(SPEC);
const query = (check: string): AnalysisQuery => {
  const q = QUERIES.find((c) => c.check === check);
  if (q === undefined) throw new Error(`no ${check} check`);
  return q;
};
const RELATIVE = query('relative-latency');

/** The same comparison without leaving the load tester out: what the analysis ran before. */
const NAIVE_RELATIVE: AnalysisQuery = {
  ...RELATIVE,
  check: 'naive-relative-latency',
  query: relativeLatencyQuery({ namespace: NAMESPACE, workload: TARGET, interval: '1m' }, `${TARGET}-primary`),
};

/** One request stream. */
interface Stream {
  readonly workload: string;
  readonly service: string;
  readonly rps: number;
  readonly errorRatio: number;
  readonly latency: LatencyDistribution;
  readonly source?: SourceIdentity;
}

/** A release step: production traffic split by weight, and the load tester's stream to the canary. */
interface Step {
  readonly name: string;
  readonly primary: Stream;
  readonly canary: Stream;
  readonly loadTest: Stream;
}

const production = (workload: string, rps: number, latency: LatencyDistribution, errorRatio = 0.0005): Stream => ({
  workload,
  service: workload === TARGET ? `${TARGET}-canary` : workload,
  rps,
  errorRatio,
  latency,
});
/** `hey -z 1m -q 10 -c 2`: 20 requests per second of `GET /`. */
const loadTest = (latency: LatencyDistribution, errorRatio = 0): Stream => ({ ...production(TARGET, 20, latency, errorRatio), source: LOAD_TESTER });

/** At 10% weight: 18 req/s on the primary, 2 on the canary, 20 from the load tester. */
const STEPS = {
  slowSynthetic: {
    name: 'a healthy canary whose synthetic GET / is slow (mean 400ms)',
    primary: production(`${TARGET}-primary`, 18, HEALTHY_LATENCY),
    canary: production(TARGET, 2, HEALTHY_LATENCY),
    loadTest: loadTest(exponentialLatency(400)),
  },
  fastSynthetic: {
    name: 'a canary 50% slower on production requests whose synthetic GET / is fast (mean 5ms)',
    primary: production(`${TARGET}-primary`, 18, HEALTHY_LATENCY),
    canary: production(TARGET, 2, slower(HEALTHY_LATENCY, 1.5)),
    loadTest: loadTest(exponentialLatency(5)),
  },
} as const satisfies Record<string, Step>;

function traffic(streams: readonly Stream[]): WorkloadTraffic[] {
  return streams.map((s) => ({
    namespace: NAMESPACE,
    workload: s.workload,
    service: s.service,
    app: s.workload,
    requestsPerSecond: s.rps,
    errorRatio: s.errorRatio,
    latency: s.latency,
    ...(s.source !== undefined ? { source: s.source } : {}),
  }));
}

const series = (streams: readonly Stream[]) => istioSeries(traffic(streams), { scrapeIntervalSeconds: SCRAPE_SECONDS, samples: SAMPLES });

/** Several streams served by one workload, as one latency distribution. */
function mixture(streams: readonly Stream[]): LatencyDistribution {
  const total = streams.reduce((sum, s) => sum + s.rps, 0);
  return {
    cdf: (ms) => streams.reduce((sum, s) => sum + s.rps * s.latency.cdf(ms), 0) / total,
    meanMs: streams.reduce((sum, s) => sum + s.rps * s.latency.meanMs, 0) / total,
    description: 'mixture',
  };
}

/** Production p95 of the canary over production p95 of the primary: what the comparison must measure. */
const productionRatio = (step: Step): number => histogramQuantile(0.95, step.canary.latency) / histogramQuantile(0.95, step.primary.latency);
/** The same ratio with the load tester's requests mixed into the canary's: what the naive comparison measures. */
const mixedRatio = (step: Step): number => histogramQuantile(0.95, mixture([step.canary, step.loadTest])) / histogramQuantile(0.95, step.primary.latency);

describe('the model behind the load-test scenarios', () => {
  it('has the load tester flip the naive verdict in both steps, so the tests below can tell the queries apart', () => {
    const verdicts = (step: Step) => [passes(RELATIVE, productionRatio(step)), passes(RELATIVE, mixedRatio(step))];
    expect(verdicts(STEPS.slowSynthetic)).toEqual([true, false]);
    expect(verdicts(STEPS.fastSynthetic)).toEqual([false, true]);
  });
});

describeWithPromtool('the load tester does not change the relative-latency verdict', (promtool) => {
  const rules = analysisRuleFile([...QUERIES, NAIVE_RELATIVE]);

  const run = (streams: readonly Stream[], tests: { expr: string; value: number }[]) => {
    const test = unitTestFile({
      ruleFiles: ['analysis.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      series: series(streams),
      exprTests: tests.map((t) => ({ expr: t.expr, evalTime: EVAL, samples: [{ labels: '{}', value: t.value }] })),
    });
    return promtool.testRules(test, { 'analysis.yaml': rules });
  };
  const near = (q: AnalysisQuery, value: number) => ({ expr: `abs(${record(q)} - ${value}) < bool ${Math.max(Math.abs(value) * 0.001, 1e-6)}`, value: 1 });

  it('every query, the naive comparison included, is a valid recording rule', () => {
    expect(promtool.checkRules({ 'analysis.yaml': rules }).output).toContain(`SUCCESS: ${QUERIES.length + 1} rules found`);
  });

  describe.each(Object.values(STEPS).map((s) => [s.name, s] as const))('%s', (_name, step) => {
    const verdict = passes(RELATIVE, productionRatio(step));

    it('measures production against production: the value and the verdict of the same traffic without the load tester', () => {
      const result = run([step.primary, step.canary, step.loadTest], [near(RELATIVE, productionRatio(step)), { expr: verdictExpr(RELATIVE), value: verdict ? 1 : 0 }]);
      expect(result.output).toContain('SUCCESS');
      const without = run([step.primary, step.canary], [near(RELATIVE, productionRatio(step)), { expr: verdictExpr(RELATIVE), value: verdict ? 1 : 0 }]);
      expect(without.output).toContain('SUCCESS');
    });

    it('while the naive comparison, with the load tester mixed in, gives the opposite verdict', () => {
      const result = run([step.primary, step.canary, step.loadTest], [near(NAIVE_RELATIVE, mixedRatio(step)), { expr: verdictExpr(NAIVE_RELATIVE), value: verdict ? 0 : 1 }]);
      expect(result.output).toContain('SUCCESS');
    });
  });

  it('leaves out only the load tester: a caller with the same workload name in another namespace still counts', () => {
    const step = STEPS.slowSynthetic;
    const namesake: Stream = { ...step.loadTest, source: { ...LOAD_TESTER, namespace: NAMESPACE } };
    const expected = histogramQuantile(0.95, mixture([step.canary, namesake])) / histogramQuantile(0.95, step.primary.latency);
    const result = run([step.primary, step.canary, namesake], [near(RELATIVE, expected)]);
    expect(result.output).toContain('SUCCESS');
  });

  it('has no value when the canary served no production request (only the load tester), as Flagger then counts a failed check', () => {
    const step = STEPS.slowSynthetic;
    const test = unitTestFile({
      ruleFiles: ['analysis.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      series: series([step.primary, step.loadTest]),
      // No canary series is left after the load tester's are left out: no sample (NaN would be filtered by ==
      // too). Flagger's Prometheus provider reports both as "no values found" (pkg/metrics/providers/prometheus.go).
      exprTests: [
        { expr: `${record(RELATIVE)} == ${record(RELATIVE)}`, evalTime: EVAL, samples: [] },
        { expr: `${record(NAIVE_RELATIVE)} > bool 0`, evalTime: EVAL, samples: [{ labels: '{}', value: 1 }] },
      ],
    });
    expect(promtool.testRules(test, { 'analysis.yaml': rules }).output).toContain('SUCCESS');
  });

  it("the absolute checks count every request the canary served, the load tester's included (docs/canary-service.md)", () => {
    const step: Step = { ...STEPS.slowSynthetic, canary: production(TARGET, 2, HEALTHY_LATENCY, 0.05) };
    const served = [step.canary, step.loadTest];
    const rps = served.reduce((sum, s) => sum + s.rps, 0);
    const errors = served.reduce((sum, s) => sum + s.rps * s.errorRatio, 0) / rps;
    const result = run(
      [step.primary, ...served],
      [
        near(query('request-success-rate'), 100 * (1 - errors)),
        near(query('error-rate'), 100 * errors),
        near(query('latency-p95'), histogramQuantile(0.95, mixture(served))),
        near(query('request-duration'), histogramQuantile(0.99, mixture(served))),
      ],
    );
    expect(result.output).toContain('SUCCESS');
  });
});
