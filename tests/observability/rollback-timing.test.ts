/**
 * The timeline's worst case, from the real defaults, and checked against a real Prometheus: the canary
 * helper's arithmetic says a failure on the canary is rolled back at most (T + 1) × I after it starts, which
 * assumes the first analysis after the failure already fails. The analysis queries average over a 1m window
 * while checks run every 30s, so the first check sees the failure diluted; promtool shows when each check
 * really fails after a failure that starts right after a check.
 */
import { analysisQueries, type AnalysisQuery } from '../../packages/canary/spec/queries';
import { serviceTimeline } from '../../packages/canary-observability';
import { chainPhases } from '../support/istio-series';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile } from '../support/promtool-unit';
import { analysisRuleFile, checkoutSeries, DEFAULT_SPEC, passes, predicted, QUERIES, verdictExpr } from './analysis-model';
import { SCENARIOS, SCRAPE_SECONDS, scenarioSeries, type Scenario } from './scenarios';

const TWO_MINUTES = 120;
const timing = serviceTimeline(DEFAULT_SPEC).timing;

describe('the default profile', () => {
  it('analyses every 30s and rolls back after 2 failed checks', () => {
    expect([timing.intervalSeconds, timing.threshold]).toEqual([30, 2]);
  });

  it('rolls back a failure on the canary within 2 minutes: (T + 1) × I = 90s', () => {
    expect(timing.exposureSeconds).toBe((timing.threshold + 1) * timing.intervalSeconds);
    expect(timing.exposureSeconds).toBeLessThanOrEqual(TWO_MINUTES);
  });
});

/** Healthy for 10 minutes (checks at every 30s), then failing from the scrape right after the check at 10m. */
const HEALTHY_SAMPLES = (10 * 60) / SCRAPE_SECONDS;
const FAILING_SAMPLES = (5 * 60) / SCRAPE_SECONDS;
const FAILURE_STARTS_AFTER_CHECK_AT_SECONDS = 600;

function failingFromTenMinutes(failing: Scenario) {
  const healthy = SCENARIOS.healthy;
  return [
    ...chainPhases(scenarioSeries(healthy, 'exposed', HEALTHY_SAMPLES), scenarioSeries(failing, 'exposed', FAILING_SAMPLES), FAILING_SAMPLES),
    ...chainPhases(checkoutSeries(healthy, HEALTHY_SAMPLES), checkoutSeries(failing, FAILING_SAMPLES), FAILING_SAMPLES),
  ];
}

/** Checks that fail once their whole window sees the failure (the verdicts analysis-queries.test.ts proves). */
const failingChecks = (s: Scenario): AnalysisQuery[] => QUERIES.filter((q) => !passes(q, predicted(q, s)));

describeWithPromtool('detection delay of the default analysis (checks every 30s over 1m windows)', (promtool) => {
  const rules = analysisRuleFile(QUERIES);

  /** Whether `q` fails at the `n`-th check after the failure started. */
  function failsAtCheck(q: AnalysisQuery, failing: Scenario, n: number): boolean {
    const at = FAILURE_STARTS_AFTER_CHECK_AT_SECONDS + n * timing.intervalSeconds;
    const test = unitTestFile({
      ruleFiles: ['analysis.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      evaluationIntervalSeconds: 15,
      series: failingFromTenMinutes(failing),
      exprTests: [{ expr: verdictExpr(q), evalTime: `${at}s`, samples: [{ labels: '{}', value: 0 }] }],
    });
    return promtool.testRules(test, { 'analysis.yaml': rules }).ok;
  }

  it('uses the default analysis windows (1m) that the scenario assumes', () => {
    expect(analysisQueries(DEFAULT_SPEC).every((q) => q.interval.toSeconds() === 60)).toBe(true);
  });

  it('catches 5% errors at the very first check after they start: failure -> rollback = (T + 1) × I = 90s', () => {
    const checks = failingChecks(SCENARIOS.errors);
    expect(checks.map((q) => q.check)).toEqual(['request-success-rate', 'error-rate', 'checkout-completed']);
    for (const q of checks) expect([q.check, failsAtCheck(q, SCENARIOS.errors, 1)]).toEqual([q.check, true]);
  });

  it('catches a 50% slowdown at the first check (P95, relative latency); P99 alone would need a second one', () => {
    const checks = failingChecks(SCENARIOS.slow);
    expect(checks.map((q) => q.check)).toEqual(['request-duration', 'latency-p95', 'relative-latency']);
    const firstFailingCheck = checks.map((q) => [q.check, failsAtCheck(q, SCENARIOS.slow, 1) ? 1 : failsAtCheck(q, SCENARIOS.slow, 2) ? 2 : 'later']);
    // P95 and the relative latency see half a window of slow requests and fail at once; P99 of that mix is
    // 496ms, just under its 500ms limit, so it fails one check later, when the whole window is slow.
    expect(firstFailingCheck).toEqual([
      ['request-duration', 2],
      ['latency-p95', 1],
      ['relative-latency', 1],
    ]);
    // Any failing check fails the analysis run, so the default analysis fails at the first check: (T + 1) × I.
    const analysisFailsAt = Math.min(...firstFailingCheck.map(([, n]) => Number(n)));
    expect((analysisFailsAt + timing.threshold) * timing.intervalSeconds).toBe(timing.exposureSeconds);
    // Even a service that kept only the P99 check is rolled back within 2 minutes: (2 + T) × I = 120s.
    const slowestCheck = Math.max(...firstFailingCheck.map(([, n]) => Number(n)));
    expect((slowestCheck + timing.threshold) * timing.intervalSeconds).toBeLessThanOrEqual(TWO_MINUTES);
  });
});
