/**
 * The platform alerts evaluated by promtool: each fires when its component stops reporting and stays quiet
 * while it reports.
 */
import { PLATFORM_ALERTS, renderPlatformObservability, ruleFileOf } from '../../packages/canary-observability';
import { flaggerSeries, series, type InputSeries } from '../support/istio-series';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile, withoutAnnotations, type AlertTest } from '../support/promtool-unit';

const SAMPLES = 60; // 15 minutes at 15s
const SCRAPE = 15;
const PROMETHEUS_JOB = 'kube-prometheus-stack-prometheus';

const flaggerInfo = flaggerSeries('flagger_info', { version: '1.44.0', mesh_provider: 'istio', namespace: 'flagger-system' }, `1x${SAMPLES}`);
const istiodBuild = series(
  'istio_build',
  { component: 'pilot', tag: '1.30.3', job: 'pilot', namespace: 'istio-system', pod: 'istiod-6b7c9d8f5-is001', instance: '10.8.1.4:15014' },
  `1x${SAMPLES}`,
);
const prometheusUp = (replica: number, value: number): InputSeries =>
  series(
    'up',
    { job: PROMETHEUS_JOB, namespace: 'monitoring', pod: `prometheus-kube-prometheus-stack-prometheus-${replica}`, instance: `10.8.2.${replica}:9090` },
    `${value}x${SAMPLES}`,
  );
const healthy = [flaggerInfo, istiodBuild, prometheusUp(0, 1), prometheusUp(1, 1)];

describeWithPromtool('platform alerts on synthetic series', (promtool) => {
  const [rule] = renderPlatformObservability();
  const rules = withoutAnnotations(ruleFileOf(rule));
  const run = (input: InputSeries[], alertTests: AlertTest[]) =>
    promtool.testRules(unitTestFile({ ruleFiles: ['rules.yaml'], scrapeIntervalSeconds: SCRAPE, series: input, alertTests }), {
      'rules.yaml': rules,
    });

  it('a healthy platform fires no platform alert', () => {
    const result = run(
      healthy,
      Object.values(PLATFORM_ALERTS).map((alertname) => ({ evalTime: '12m', alertname, expected: [] })),
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('FlaggerDown fires 5 minutes after flagger_info disappears, not before', () => {
    const result = run(
      healthy.filter((s) => s !== flaggerInfo),
      [
        { evalTime: '4m', alertname: PLATFORM_ALERTS.flaggerDown, expected: [] },
        { evalTime: '6m', alertname: PLATFORM_ALERTS.flaggerDown, expected: [{ labels: { severity: 'critical' } }] },
      ],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('IstiodDown fires when no istiod reports istio_build{component="pilot"} (sidecars do not count)', () => {
    const proxyBuild = series('istio_build', { component: 'proxy', tag: '1.30.3', namespace: 'shop', pod: 'podinfo-1' }, `1x${SAMPLES}`);
    const result = run(
      [...healthy.filter((s) => s !== istiodBuild), proxyBuild],
      [{ evalTime: '6m', alertname: PLATFORM_ALERTS.istiodDown, expected: [{ labels: { component: 'pilot', severity: 'critical' } }] }],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('PrometheusDown fires for a replica whose self-scrape is down, and when Prometheus does not scrape itself', () => {
    const down = run(
      [flaggerInfo, istiodBuild, prometheusUp(0, 1), prometheusUp(1, 0)],
      [
        {
          evalTime: '6m',
          alertname: PLATFORM_ALERTS.prometheusDown,
          expected: [
            {
              labels: {
                instance: '10.8.2.1:9090',
                job: PROMETHEUS_JOB,
                namespace: 'monitoring',
                pod: 'prometheus-kube-prometheus-stack-prometheus-1',
                severity: 'critical',
              },
            },
          ],
        },
      ],
    );
    expect(down.output).toContain('SUCCESS');
    const missing = run(
      [flaggerInfo, istiodBuild],
      [{ evalTime: '6m', alertname: PLATFORM_ALERTS.prometheusDown, expected: [{ labels: { job: PROMETHEUS_JOB, severity: 'critical' } }] }],
    );
    expect(missing.output).toContain('SUCCESS');
  });

  it('PlatformTargetDown fires for a down target in a platform namespace, not in a team namespace', () => {
    const flaggerTarget = series('up', { job: 'flagger-system/flagger', namespace: 'flagger-system', instance: '10.8.0.12:8080' }, `0x${SAMPLES}`);
    const teamTarget = series('up', { job: 'shop/podinfo', namespace: 'shop', instance: '10.8.3.3:9898' }, `0x${SAMPLES}`);
    const result = run(
      [...healthy, flaggerTarget, teamTarget],
      [
        {
          evalTime: '6m',
          alertname: PLATFORM_ALERTS.targetDown,
          expected: [{ labels: { job: 'flagger-system/flagger', namespace: 'flagger-system', instance: '10.8.0.12:8080', severity: 'warning' } }],
        },
      ],
    );
    expect(result.output).toContain('SUCCESS');
  });

  it('FlaggerCanaryFailed fires for every failed canary on the cluster', () => {
    const failed = flaggerSeries('flagger_canary_status', { name: 'checkout', namespace: 'payments' }, `2x${SAMPLES}`);
    const fine = flaggerSeries('flagger_canary_status', { name: 'podinfo', namespace: 'shop' }, `1x${SAMPLES}`);
    const result = run(
      [...healthy, failed, fine],
      [
        {
          evalTime: '2m',
          alertname: PLATFORM_ALERTS.canaryFailed,
          expected: [{ labels: { name: 'checkout', namespace: 'payments', severity: 'warning' } }],
        },
      ],
    );
    expect(result.output).toContain('SUCCESS');
  });
});
