import { App, Chart, Testing } from 'cdk8s';
import { CanaryService } from '../../packages/canary';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import {
  observabilityInputFromCanary,
  PlatformObservability,
  renderPlatformObservability,
  renderServiceObservability,
  resolveServiceObservability,
  ServiceObservability,
} from '../../packages/canary-observability';

const props = { image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 };

describe('ServiceObservability and PlatformObservability (cdk8s)', () => {
  it('add exactly the pure renderers’ objects to the chart', () => {
    const chart = new Chart(new App(), 'test', { namespace: 'shop' });
    new ServiceObservability(chart, 'podinfo-observability', { name: 'podinfo', namespace: 'shop' });
    new PlatformObservability(chart, 'platform-observability');
    expect(Testing.synth(chart)).toEqual([...renderServiceObservability({ name: 'podinfo', namespace: 'shop' }), ...renderPlatformObservability()]);
  });

  it('sit next to a CanaryService, fed from its resolved spec', () => {
    const chart = new Chart(new App(), 'test', { namespace: 'shop' });
    const svc = new CanaryService(chart, 'podinfo', props);
    const obs = new ServiceObservability(chart, 'podinfo-observability', observabilityInputFromCanary(svc.spec));
    const kinds = Testing.synth(chart).map((o: { kind: string }) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Deployment', 'Canary', 'PrometheusRule', 'ConfigMap']));
    expect(obs.objects.map((o) => o.metadata.name)).toEqual(['podinfo-observability', 'podinfo-canary-dashboard']);
  });
});

describe('observabilityInputFromCanary', () => {
  it('takes name, namespace, engine and the analysis thresholds from the spec, and twice the promotion time as "stuck"', () => {
    const spec = validateCanaryServiceProps('checkout', {
      ...props,
      namespace: 'payments',
      analysis: { interval: '1m', checks: { successRate: { minPercent: 99.5 }, latencyP95: { maxMs: 250 } } },
    });
    // promotion: (4 steps + 4) x 1m = 8m, so stuck after 16m.
    expect(observabilityInputFromCanary(spec)).toEqual({
      name: 'checkout',
      namespace: 'payments',
      engine: 'flagger',
      canaryAlerts: { stuckAfterSeconds: 960 },
      dashboard: { thresholds: { minSuccessRatePercent: 99.5, maxP95LatencyMs: 250 } },
    });
  });

  it('never calls a release stuck before 10 minutes, and keeps the dashboard defaults for disabled checks', () => {
    const spec = validateCanaryServiceProps('podinfo', { ...props, analysis: { checks: { successRate: false, latencyP95: false } } });
    const resolved = resolveServiceObservability(observabilityInputFromCanary(spec));
    expect(resolved.canaryAlerts.stuckAfterSeconds).toBe(600);
    expect(resolved.dashboard.thresholds).toEqual({ minSuccessRatePercent: 99, maxP95LatencyMs: 300 });
  });

  it('applies overrides last', () => {
    const spec = validateCanaryServiceProps('podinfo', props);
    const input = observabilityInputFromCanary(spec, {
      slo: { availabilityObjectivePercent: 99.5 },
      canaryAlerts: { stuckAfterSeconds: 3600 },
      dashboard: { folder: 'Shop', thresholds: { maxP95LatencyMs: 400 } },
      alertLabels: { team: 'shop' },
    });
    expect(input).toMatchObject({
      slo: { availabilityObjectivePercent: 99.5 },
      canaryAlerts: { stuckAfterSeconds: 3600 },
      dashboard: { folder: 'Shop', thresholds: { minSuccessRatePercent: 99, maxP95LatencyMs: 400 } },
      alertLabels: { team: 'shop' },
    });
  });
});
