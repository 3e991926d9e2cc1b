/**
 * The SLO burn-rate alerts, evaluated by a real Prometheus engine (promtool) on synthetic Istio traffic. For each
 * scenario the expected alerts are derived from the scenario itself (error and slow ratios of the whole
 * service against each window's `burnRate × budget`), and a few plain statements pin the arithmetic.
 */
import {
  renderServiceObservability,
  resolveServiceObservability,
  ruleFileOf,
  SLO_ALERTS,
  type ResolvedServiceObservability,
} from '../../packages/canary-observability';
import { exponentialLatency, slower } from '../support/istio-series';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile, withoutAnnotations, type ExpectedAlert } from '../support/promtool-unit';
import {
  HEALTHY_ERRORS,
  HEALTHY_LATENCY,
  NAMESPACE,
  SCENARIOS,
  SCRAPE_SECONDS,
  scenarioSeries,
  serviceErrorRatio,
  serviceSlowRatio,
  serviceWide,
  TARGET,
  type Scenario,
} from './scenarios';

const INPUT = { name: TARGET, namespace: NAMESPACE };
const resolved = resolveServiceObservability(INPUT);

function window(w: ResolvedServiceObservability['slo']['burnRateWindows'][number]): string {
  const d = (s: number) => (s % 86400 === 0 ? `${s / 86400}d` : s % 3600 === 0 ? `${s / 3600}h` : `${s / 60}m`);
  return `${d(w.longWindowSeconds)}/${d(w.shortWindowSeconds)}`;
}

/** The alerts a scenario must fire: every window whose threshold the (constant) ratio exceeds. */
function expectedAlerts(s: Scenario, slo: 'availability' | 'latency'): ExpectedAlert[] {
  const ratio = slo === 'availability' ? serviceErrorRatio(s) : serviceSlowRatio(s, resolved.slo.latencyThresholdMs);
  const objective = slo === 'availability' ? resolved.slo.availabilityObjectivePercent : resolved.slo.latencyObjectivePercent;
  return resolved.slo.burnRateWindows
    .filter((w) => ratio > w.burnRate * (1 - objective / 100))
    .map((w) => ({ labels: { namespace: NAMESPACE, service: TARGET, severity: w.severity, slo, window: window(w) } }));
}

const CASES: Scenario[] = [
  SCENARIOS.healthy,
  SCENARIOS.perfect,
  SCENARIOS.errors,
  SCENARIOS.slow,
  serviceWide('whole service answering 5% errors', { errorRatio: 0.05, latency: HEALTHY_LATENCY }),
  serviceWide('whole service 50% slower', { errorRatio: HEALTHY_ERRORS, latency: slower(HEALTHY_LATENCY, 1.5) }),
  serviceWide('whole service slowed to a 300ms mean', { errorRatio: HEALTHY_ERRORS, latency: exponentialLatency(300) }),
];

describe('expected SLO alerts (the arithmetic the promtool runs are checked against)', () => {
  const names = (s: Scenario, slo: 'availability' | 'latency') => expectedAlerts(s, slo).map((a) => a.labels.window);

  it('a healthy service fires nothing', () => {
    expect(names(SCENARIOS.healthy, 'availability')).toEqual([]);
    expect(names(SCENARIOS.healthy, 'latency')).toEqual([]);
  });

  it('5% errors on the whole service page on every window (5% > 14.4 × 0.1%)', () => {
    expect(names(CASES[4], 'availability')).toEqual(['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
  });

  it('5% errors on a canary holding 10% of the traffic only open tickets (0.545% of the service)', () => {
    expect(serviceErrorRatio(SCENARIOS.errors)).toBeCloseTo(0.00545, 6);
    expect(names(SCENARIOS.errors, 'availability')).toEqual(['1d/2h', '3d/6h']);
  });

  it('a whole service 50% slower exceeds the latency budget once (1.55% slower than 500ms > 1%)', () => {
    expect(names(CASES[5], 'latency')).toEqual(['3d/6h']);
  });

  it('a 300ms mean pages on latency', () => {
    expect(names(CASES[6], 'latency')).toEqual(['1h/5m', '6h/30m', '1d/2h', '3d/6h']);
  });
});

describeWithPromtool('SLO burn-rate alerts on synthetic Istio traffic', (promtool) => {
  const [rule] = renderServiceObservability(INPUT);
  const rules = withoutAnnotations(ruleFileOf(rule));

  it.each(CASES.map((s) => [s.name, s] as const))('%s: exactly the expected alerts fire', (_name, scenario) => {
    const test = unitTestFile({
      ruleFiles: ['rules.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      series: scenarioSeries(scenario),
      alertTests: [
        { evalTime: '60m', alertname: SLO_ALERTS.availability, expected: expectedAlerts(scenario, 'availability') },
        { evalTime: '60m', alertname: SLO_ALERTS.latency, expected: expectedAlerts(scenario, 'latency') },
      ],
    });
    const result = promtool.testRules(test, { 'rules.yaml': rules });
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('measures the same ratios when Prometheus 3 stores le as "500.0"', () => {
    const scenario = CASES[6];
    const test = unitTestFile({
      ruleFiles: ['rules.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      series: scenarioSeries(scenario, 'normalized'),
      alertTests: [{ evalTime: '60m', alertname: SLO_ALERTS.latency, expected: expectedAlerts(scenario, 'latency') }],
    });
    const result = promtool.testRules(test, { 'rules.yaml': rules });
    expect(result.output).toContain('SUCCESS');
  });

  it('records the error ratio as 0, not as nothing, when the service never answered 5xx', () => {
    const scenario = serviceWide('no 5xx at all', { errorRatio: 0, latency: HEALTHY_LATENCY });
    const test = unitTestFile({
      ruleFiles: ['rules.yaml'],
      scrapeIntervalSeconds: SCRAPE_SECONDS,
      series: scenarioSeries(scenario),
      exprTests: [
        {
          expr: `service:istio_requests_errors:ratio_rate5m{namespace="${NAMESPACE}",service="${TARGET}"}`,
          evalTime: '60m',
          samples: [{ labels: `service:istio_requests_errors:ratio_rate5m{namespace="${NAMESPACE}",service="${TARGET}"}`, value: 0 }],
        },
      ],
    });
    const result = promtool.testRules(test, { 'rules.yaml': rules });
    expect(result.output).toContain('SUCCESS');
  });
});
