/**
 * The release alerts (`CanaryFailed`, `CanaryStuckProgressing`, `CanaryAnalysisNoTraffic`) evaluated by promtool
 * on Flagger's own metrics (names and labels as in Flagger 1.44 `pkg/metrics/recorder.go`, scraped with
 * honorLabels so `namespace` is the canary's) and synthetic Istio traffic.
 */
import { CANARY_ALERTS, renderServiceObservability, ruleFileOf } from '../../packages/canary-observability';
import { flaggerSeries, type InputSeries } from '../support/istio-series';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile, withoutAnnotations, type AlertTest } from '../support/promtool-unit';
import { NAMESPACE, SCENARIOS, SCRAPE_SECONDS, SAMPLES, scenarioSeries, TARGET, type Scenario } from './scenarios';

const status = (value: number) =>
  flaggerSeries('flagger_canary_status', { name: TARGET, namespace: NAMESPACE }, `${value}x${SAMPLES}`);
const weights = (canary: number) => [
  flaggerSeries('flagger_canary_weight', { workload: TARGET, namespace: NAMESPACE }, `${canary}x${SAMPLES}`),
  flaggerSeries('flagger_canary_weight', { workload: `${TARGET}-primary`, namespace: NAMESPACE }, `${100 - canary}x${SAMPLES}`),
];
/** Istio traffic of a scenario with the canary's server-side series removed: its sidecar reports nothing. */
function withoutCanaryTelemetry(s: Scenario): InputSeries[] {
  return scenarioSeries(s).filter(
    (x) => !(x.series.includes(`destination_workload="${TARGET}"`) && x.series.includes('reporter="destination"')),
  );
}

const failedLabels = { name: TARGET, namespace: NAMESPACE, service: TARGET, severity: 'warning' };
const stuckLabels = failedLabels;
const noTrafficLabels = { namespace: NAMESPACE, workload: TARGET, service: TARGET, severity: 'warning' };

describeWithPromtool('canary alerts on synthetic Flagger and Istio series', (promtool) => {
  const [rule] = renderServiceObservability({ name: TARGET, namespace: NAMESPACE });
  const file = ruleFileOf(rule);

  function run(series: InputSeries[], alertTests: AlertTest[], annotated = false) {
    const test = unitTestFile({ ruleFiles: ['rules.yaml'], scrapeIntervalSeconds: SCRAPE_SECONDS, series, alertTests });
    return promtool.testRules(test, { 'rules.yaml': annotated ? file : withoutAnnotations(file) });
  }

  it('CanaryFailed fires, with its annotations, once Flagger reports the canary Failed (status 2)', () => {
    const result = run(
      [status(2)],
      [
        {
          evalTime: '5m',
          alertname: CANARY_ALERTS.failed,
          expected: [
            {
              labels: failedLabels,
              annotations: {
                summary: `Release of ${TARGET} failed its canary analysis and was rolled back`,
                description:
                  `Flagger rolled back ${NAMESPACE}/${TARGET}: the primary still serves the previous version. ` +
                  `See \`kubectl -n ${NAMESPACE} describe canary ${TARGET}\` for the failed checks.`,
              },
            },
          ],
        },
      ],
      true,
    );
    expect(result.output).toContain('SUCCESS');
  });

  it.each([
    ['Succeeded (1)', 1],
    ['Progressing (0)', 0],
  ])('CanaryFailed stays quiet while the canary is %s', (_phase, value) => {
    const result = run([status(value)], [{ evalTime: '5m', alertname: CANARY_ALERTS.failed, expected: [] }]);
    expect(result.output).toContain('SUCCESS');
  });

  it('CanaryFailed ignores a failed canary of the same name in another namespace', () => {
    const other = flaggerSeries('flagger_canary_status', { name: TARGET, namespace: 'other-team' }, `2x${SAMPLES}`);
    const result = run([status(1), other], [{ evalTime: '5m', alertname: CANARY_ALERTS.failed, expected: [] }]);
    expect(result.output).toContain('SUCCESS');
  });

  it('CanaryStuckProgressing fires only after 30m in Progressing', () => {
    const result = run(
      [status(0)],
      [
        { evalTime: '25m', alertname: CANARY_ALERTS.stuck, expected: [] },
        { evalTime: '35m', alertname: CANARY_ALERTS.stuck, expected: [{ labels: stuckLabels }] },
      ],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('CanaryStuckProgressing stays quiet when the release completes in time', () => {
    // Progressing for 20 minutes, then Succeeded.
    const phases = flaggerSeries('flagger_canary_status', { name: TARGET, namespace: NAMESPACE }, `0x80 1x${SAMPLES - 81}`);
    const result = run([phases], [{ evalTime: '40m', alertname: CANARY_ALERTS.stuck, expected: [] }]);
    expect(result.output).toContain('SUCCESS');
  });

  it('CanaryAnalysisNoTraffic fires when the canary holds weight but its sidecar reports no request', () => {
    const result = run(
      [status(0), ...weights(10), ...withoutCanaryTelemetry(SCENARIOS.healthy)],
      [{ evalTime: '10m', alertname: CANARY_ALERTS.noTraffic, expected: [{ labels: noTrafficLabels }] }],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('CanaryAnalysisNoTraffic stays quiet while the canary serves measured requests', () => {
    const result = run(
      [status(0), ...weights(10), ...scenarioSeries(SCENARIOS.healthy)],
      [{ evalTime: '10m', alertname: CANARY_ALERTS.noTraffic, expected: [] }],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('CanaryAnalysisNoTraffic stays quiet outside a release (canary weight 0)', () => {
    const result = run(
      [status(1), ...weights(0), ...withoutCanaryTelemetry(SCENARIOS.healthy)],
      [{ evalTime: '10m', alertname: CANARY_ALERTS.noTraffic, expected: [] }],
    );
    expect(result.output).toContain('SUCCESS');
  });
});
