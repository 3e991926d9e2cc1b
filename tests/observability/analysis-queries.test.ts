/**
 * Proves every canary analysis query against a real Prometheus engine (promtool): the queries are taken from
 * the canary's own query module (`analysisQueries(spec)`, concrete values substituted), recorded as rules, and
 * evaluated on synthetic Istio traffic. For each scenario, each query must
 * - return a value (never "no data", which Flagger counts as a failed check or, worse, judges nothing),
 * - return the value the traffic model predicts (within a small tolerance),
 * - pass or fail its threshold exactly as predicted.
 */
import { validateCanaryServiceProps } from '../../components/canary/spec';
import { analysisQueries, businessMetricQuery, type AnalysisQuery } from '../../components/canary/queries';
import { histogramQuantile, podName, series, type InputSeries } from '../support/istio-series';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile, type ExprTest } from '../support/promtool-unit';
import { NAMESPACE, SCENARIOS, SCRAPE_SECONDS, scenarioSeries, TARGET, type Scenario } from './scenarios';

/** A business metric as a team would write it: the share of checkouts the canary's pods completed. */
const CHECKOUT_QUERY =
  'sum(rate(checkout_orders_total{namespace="{{ namespace }}", pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}", result="completed"}[{{ interval }}]))\n' +
  '/\n' +
  'sum(rate(checkout_orders_total{namespace="{{ namespace }}", pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}"}[{{ interval }}]))';

const spec = validateCanaryServiceProps(TARGET, {
  namespace: NAMESPACE,
  image: 'ghcr.io/stefanprodan/podinfo:6.14.1',
  port: 9898,
  analysis: { checks: { business: [{ name: 'checkout-completed', query: CHECKOUT_QUERY, min: 0.98 }] } },
});
const QUERIES = analysisQueries(spec);

/** The analysis windows are 1m: 20 minutes of series, evaluated at 15m, are plenty. */
const SAMPLES = (20 * 60) / SCRAPE_SECONDS;
const EVAL = '15m';

/** Orders per request and the share of them that fail along with 5xx answers. */
const ORDERS_PER_REQUEST = 0.1;

/** The app's own checkout counters (scraped from each pod), failing with the same ratio as its 5xx. */
function checkoutSeries(s: Scenario): InputSeries[] {
  const out: InputSeries[] = [];
  for (const [workload, b] of [
    [TARGET, s.canary],
    [`${TARGET}-primary`, s.primary],
  ] as const) {
    for (const p of [0, 1]) {
      const pod = podName(workload, p);
      const perScrape = (b.rps * ORDERS_PER_REQUEST * SCRAPE_SECONDS) / 2;
      for (const [result, share] of [
        ['completed', 1 - b.errorRatio],
        ['failed', b.errorRatio],
      ] as const) {
        if (share === 0) continue;
        const labels = { namespace: NAMESPACE, pod, result, container: TARGET, job: `${NAMESPACE}/${TARGET}`, instance: `${pod}:9898` };
        out.push(series('checkout_orders_total', labels, `0+${Number((perScrape * share).toFixed(6))}x${SAMPLES}`));
      }
    }
  }
  return out;
}

/** What the traffic model says each query returns for a scenario. */
function predicted(q: AnalysisQuery, s: Scenario): number {
  const p = (quantile: number, b: Scenario['canary']) => histogramQuantile(quantile, b.latency);
  switch (q.check) {
    case 'request-success-rate':
      return 100 * (1 - s.canary.errorRatio);
    case 'error-rate':
      return 100 * s.canary.errorRatio;
    case 'request-duration':
      return p(0.99, s.canary);
    case 'latency-p95':
      return p(0.95, s.canary);
    case 'relative-latency':
      return p(0.95, s.canary) / p(0.95, s.primary);
    case 'checkout-completed':
      return 1 - s.canary.errorRatio;
    default:
      throw new Error(`no prediction for check ${q.check}`);
  }
}

const passes = (q: AnalysisQuery, value: number) =>
  (q.thresholdRange.min === undefined || value >= q.thresholdRange.min) && (q.thresholdRange.max === undefined || value <= q.thresholdRange.max);

const record = (q: AnalysisQuery) => `canary_analysis:${q.check.replace(/-/g, '_')}`;

/** `rec >= bool min`, `rec <= bool max` or both multiplied: 1 when the check passes, 0 when it fails, nothing when no data. */
function verdictExpr(q: AnalysisQuery): string {
  const parts = [
    ...(q.thresholdRange.min !== undefined ? [`(${record(q)} >= bool ${q.thresholdRange.min})`] : []),
    ...(q.thresholdRange.max !== undefined ? [`(${record(q)} <= bool ${q.thresholdRange.max})`] : []),
  ];
  return parts.join(' * ');
}

const CASES: Scenario[] = [SCENARIOS.healthy, SCENARIOS.perfect, SCENARIOS.errors, SCENARIOS.slow];

describe('the analysis under test', () => {
  it('runs every check the issue names: success rate, p95, latency relative to the primary and a business metric', () => {
    expect(QUERIES.map((q) => q.check)).toEqual([
      'request-success-rate',
      'request-duration',
      'error-rate',
      'latency-p95',
      'relative-latency',
      'checkout-completed',
    ]);
  });

  it('tests the queries Flagger runs: each template with its variables filled is the concrete query', () => {
    for (const q of QUERIES) {
      expect(businessMetricQuery(q.template, {
        namespace: NAMESPACE,
        target: TARGET,
        interval: q.interval.toString(),
      })).toBe(q.query);
    }
  });

  it('predicts: every check passes a healthy canary; 5% errors fail success rate, error rate and the business metric; 50% slower fails every latency check', () => {
    const verdicts = (s: Scenario) => Object.fromEntries(QUERIES.map((q) => [q.check, passes(q, predicted(q, s))]));
    const all = (v: boolean) => Object.fromEntries(QUERIES.map((q) => [q.check, v]));
    expect(verdicts(SCENARIOS.healthy)).toEqual(all(true));
    expect(verdicts(SCENARIOS.perfect)).toEqual(all(true));
    expect(verdicts(SCENARIOS.errors)).toEqual({ ...all(true), 'request-success-rate': false, 'error-rate': false, 'checkout-completed': false });
    expect(verdicts(SCENARIOS.slow)).toEqual({ ...all(true), 'request-duration': false, 'latency-p95': false, 'relative-latency': false });
  });
});

describeWithPromtool('canary analysis queries on synthetic Istio traffic', (promtool) => {
  const rules = { groups: [{ name: 'canary-analysis', rules: QUERIES.map((q) => ({ record: record(q), expr: q.query })) }] };

  it('every analysis query is a valid recording rule', () => {
    const result = promtool.checkRules({ 'analysis.yaml': rules });
    expect(result.output).toContain(`SUCCESS: ${QUERIES.length} rules found`);
  });

  describe.each(CASES.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    it.each(QUERIES.map((q) => [q.check, q] as const))('%s returns the predicted value and verdict', (_check, q) => {
      const value = predicted(q, scenario);
      const tolerance = Math.max(Math.abs(value) * 0.001, 1e-6);
      const exprTests: ExprTest[] = [
        { expr: `abs(${record(q)} - ${value}) < bool ${tolerance}`, evalTime: EVAL, samples: [{ labels: '{}', value: 1 }] },
        { expr: verdictExpr(q), evalTime: EVAL, samples: [{ labels: '{}', value: passes(q, value) ? 1 : 0 }] },
      ];
      const test = unitTestFile({
        ruleFiles: ['analysis.yaml'],
        scrapeIntervalSeconds: SCRAPE_SECONDS,
        series: [...scenarioSeries(scenario, 'exposed', SAMPLES), ...checkoutSeries(scenario)],
        exprTests,
      });
      const result = promtool.testRules(test, { 'analysis.yaml': rules });
      expect(result.output).toContain('SUCCESS');
    });
  });

  it('catches a query on labels Istio does not set for the canary (destination_service_name is podinfo-canary)', () => {
    const q = QUERIES[0];
    const wrong = { groups: [{ name: 'wrong', rules: [{ record: record(q), expr: q.query.replace('destination_workload=', 'destination_service_name=') }] }] };
    const test = unitTestFile({
      ruleFiles: ['analysis.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      series: scenarioSeries(SCENARIOS.healthy, 'exposed', SAMPLES),
      exprTests: [{ expr: verdictExpr(q), evalTime: EVAL, samples: [{ labels: '{}', value: 1 }] }],
    });
    const result = promtool.testRules(test, { 'analysis.yaml': wrong });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/FAILED[\s\S]*got: \[\]|FAILED[\s\S]*got:\s*nil/);
  });

  it('returns nothing when the canary has no traffic, so Flagger halts instead of judging nothing', () => {
    const idle: Scenario = { ...SCENARIOS.healthy, canary: { ...SCENARIOS.healthy.canary, rps: 0 } };
    const test = unitTestFile({
      ruleFiles: ['analysis.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      series: scenarioSeries(idle, 'exposed', SAMPLES).filter((s) => !s.series.includes(`destination_workload="${TARGET}"`)),
      exprTests: QUERIES.filter((q) => q.check !== 'checkout-completed').map((q) => ({ expr: record(q), evalTime: EVAL, samples: [] })),
    });
    const result = promtool.testRules(test, { 'analysis.yaml': rules });
    expect(result.output).toContain('SUCCESS');
  });
});
