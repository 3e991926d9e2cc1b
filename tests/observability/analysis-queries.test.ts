/**
 * Proves every canary analysis query against a real Prometheus engine (promtool): the queries are taken from
 * the canary's own query module (`analysisQueries(spec)`, concrete values substituted), recorded as rules, and
 * evaluated on synthetic Istio traffic. For each scenario, each query must
 * - return a value (never "no data", which Flagger counts as a failed check or, worse, judges nothing),
 * - return the value the traffic model predicts (within a small tolerance),
 * - pass or fail its threshold exactly as predicted.
 */
import { businessMetricQuery } from '../../packages/canary/spec/queries';
import { analysisRuleFile, checkoutSeries, passes, predicted, QUERIES, record, verdictExpr } from './analysis-model';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile, type ExprTest } from '../support/promtool-unit';
import { NAMESPACE, SCENARIOS, SCRAPE_SECONDS, scenarioSeries, TARGET, type Scenario } from './scenarios';

/** The analysis windows are 1m: 20 minutes of series, evaluated at 15m, are plenty. */
const SAMPLES = (20 * 60) / SCRAPE_SECONDS;
const EVAL = '15m';

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
  const rules = analysisRuleFile(QUERIES);

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
        series: [...scenarioSeries(scenario, 'exposed', SAMPLES), ...checkoutSeries(scenario, SAMPLES)],
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
