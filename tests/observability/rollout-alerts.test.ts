/**
 * The release alerts of a service on the Argo Rollouts engine (`RolloutAborted`, `RolloutStuckProgressing`),
 * evaluated by promtool on synthetic `rollout_info` series with the labels the controller exposes (Argo Rollouts
 * v1.9.0, `controller/metrics/prommetrics.go`: `namespace, name, strategy, traffic_router, phase`; the phase values
 * of `controller/metrics/rollouts.go`), scraped as the platform's ServiceMonitor keeps them (`namespace` is the
 * Rollout's).
 */
import { renderServiceObservability, ROLLOUT_ALERTS, ROLLOUT_PHASES, ruleFileOf } from '../../packages/canary-observability';
import { series, type InputSeries } from '../support/istio-series';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile, withoutAnnotations, type AlertTest } from '../support/promtool-unit';
import { NAMESPACE, SCRAPE_SECONDS, TARGET } from './scenarios';

type Phase = (typeof ROLLOUT_PHASES)[keyof typeof ROLLOUT_PHASES];
const SAMPLES_PER_MINUTE = 60 / SCRAPE_SECONDS;

/**
 * `rollout_info` of one Rollout going through `timeline` (phase, minutes): one series per phase, as the controller
 * exposes them (value 1 while in that phase), with a staleness marker when the phase is left, as Prometheus writes
 * when a series disappears from a scrape.
 */
function rolloutInfo(timeline: readonly (readonly [Phase, number])[], namespace = NAMESPACE): InputSeries[] {
  const perSample = timeline.flatMap(([phase, minutes]) => Array<Phase>(minutes * SAMPLES_PER_MINUTE).fill(phase));
  const phases = [...new Set(perSample)];
  return phases.map((phase) => {
    const values = perSample.map((p, i) => (p === phase ? '1' : i > 0 && perSample[i - 1] === phase ? 'stale' : '_'));
    return series(
      'rollout_info',
      {
        namespace,
        name: TARGET,
        strategy: 'canary',
        traffic_router: 'Istio',
        phase,
        container: 'argo-rollouts',
        endpoint: 'metrics',
        instance: '10.8.0.21:8090',
        job: 'argo-rollouts-metrics',
        pod: 'argo-rollouts-5c7d9f6b8-ar001',
        service: 'argo-rollouts-metrics',
      },
      values.join(' '),
    );
  });
}

const P = ROLLOUT_PHASES;
const alertLabels = (severity: string) => ({ name: TARGET, namespace: NAMESPACE, service: TARGET, severity });

describeWithPromtool('Argo Rollouts release alerts on synthetic rollout_info series', (promtool) => {
  const [rule] = renderServiceObservability({ name: TARGET, namespace: NAMESPACE, engine: 'argoRollouts' });
  const file = ruleFileOf(rule);

  function run(input: InputSeries[], alertTests: AlertTest[], annotated = false) {
    const test = unitTestFile({ ruleFiles: ['rules.yaml'], scrapeIntervalSeconds: SCRAPE_SECONDS, series: input, alertTests });
    return promtool.testRules(test, { 'rules.yaml': annotated ? file : withoutAnnotations(file) });
  }

  it('passes promtool check rules', () => {
    const result = promtool.checkRules({ 'rules.yaml': file });
    expect(result.output).toContain(`SUCCESS: ${file.groups.reduce((n, g) => n + g.rules.length, 0)} rules found`);
  });

  it('RolloutAborted fires, with its annotations, once the controller reports phase Abort', () => {
    const result = run(
      rolloutInfo([
        [P.progressing, 5],
        [P.abort, 15],
      ]),
      [
        { evalTime: '4m', alertname: ROLLOUT_ALERTS.aborted, expected: [] },
        {
          evalTime: '10m',
          alertname: ROLLOUT_ALERTS.aborted,
          expected: [
            {
              labels: alertLabels('warning'),
              annotations: {
                summary: `Release of ${TARGET} was aborted and rolled back`,
                description:
                  `Argo Rollouts aborted ${NAMESPACE}/${TARGET} (a failed analysis, the progress deadline or a manual abort): ` +
                  `the stable version serves all traffic. See \`kubectl argo rollouts get rollout ${TARGET} -n ${NAMESPACE}\`.`,
              },
            },
          ],
        },
      ],
      true,
    );
    expect(result.output).toContain('SUCCESS');
  });

  it.each([P.completed, P.progressing, P.paused])('RolloutAborted stays quiet while the Rollout is %s', (phase) => {
    const result = run(rolloutInfo([[phase, 20]]), [{ evalTime: '15m', alertname: ROLLOUT_ALERTS.aborted, expected: [] }]);
    expect(result.output).toContain('SUCCESS');
  });

  it('RolloutAborted ignores an aborted Rollout of the same name in another namespace', () => {
    const result = run(
      [...rolloutInfo([[P.completed, 20]]), ...rolloutInfo([[P.abort, 20]], 'other-team')],
      [{ evalTime: '15m', alertname: ROLLOUT_ALERTS.aborted, expected: [] }],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('RolloutAborted clears when the next release starts', () => {
    const result = run(
      rolloutInfo([
        [P.abort, 10],
        [P.progressing, 10],
      ]),
      [{ evalTime: '15m', alertname: ROLLOUT_ALERTS.aborted, expected: [] }],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('RolloutStuckProgressing fires after 30m of Progressing and Paused steps, although the phase alternates', () => {
    const steps = Array.from({ length: 8 }, (_v, i) => [i % 2 === 0 ? P.progressing : P.paused, 5] as const);
    const result = run(rolloutInfo(steps), [
      { evalTime: '25m', alertname: ROLLOUT_ALERTS.stuck, expected: [] },
      { evalTime: '35m', alertname: ROLLOUT_ALERTS.stuck, expected: [{ labels: alertLabels('warning') }] },
    ]);
    expect(result.output).toContain('SUCCESS');
  });

  it('RolloutStuckProgressing stays quiet when the release completes in time', () => {
    const result = run(
      rolloutInfo([
        [P.progressing, 10],
        [P.paused, 10],
        [P.completed, 25],
      ]),
      [{ evalTime: '40m', alertname: ROLLOUT_ALERTS.stuck, expected: [] }],
    );
    expect(result.output).toContain('SUCCESS');
  });
});
