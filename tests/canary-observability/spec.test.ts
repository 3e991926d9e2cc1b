import { isValidationError, type ValidationError } from '../../packages/shared';
import { renderPlatformObservability, renderServiceObservability, resolveServiceObservability, type ServiceObservabilityInput } from '../../packages/canary-observability';

/** The problem lines a bad input produces, as the CLI prints them. */
function problems(input: unknown): string[] {
  try {
    renderServiceObservability(input as ServiceObservabilityInput);
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return (err as ValidationError).message.split('\n').slice(1).map((l) => l.trim().replace(/^- /, ''));
  }
  throw new Error('expected a ValidationError');
}

const OK = { name: 'podinfo', namespace: 'shop' };

describe('ServiceObservabilityInput validation', () => {
  it('accepts the minimal input and applies every default', () => {
    expect(resolveServiceObservability(OK)).toMatchObject({
      slo: { availabilityObjectivePercent: 99.9, latencyObjectivePercent: 99, latencyThresholdMs: 500 },
      canaryAlerts: { stuckAfterSeconds: 1800, noTrafficForSeconds: 120, failedSeverity: 'warning' },
      dashboard: { enabled: true, namespace: 'shop', folder: 'Canary releases', thresholds: { minSuccessRatePercent: 99, maxP95LatencyMs: 300 } },
      alertLabels: {},
      ruleLabels: {},
    });
  });

  it('rejects names that are not DNS-1123 labels', () => {
    expect(problems({ name: 'Podinfo', namespace: 'shop_1' })).toEqual([
      'Podinfo: name ("Podinfo") must be a DNS-1123 label (lower-case letters, digits and "-")',
      'Podinfo: namespace ("shop_1") must be a DNS-1123 label (lower-case letters, digits and "-")',
    ]);
  });

  it('rejects objectives of 0 or 100 percent', () => {
    expect(problems({ ...OK, slo: { availabilityObjectivePercent: 100, latencyObjectivePercent: 0 } })).toEqual([
      'podinfo: slo.availabilityObjectivePercent (100) must be a percentage above 0 and below 100',
      'podinfo: slo.latencyObjectivePercent (0) must be a percentage above 0 and below 100',
    ]);
  });

  it('rejects a latency threshold that is not a histogram bucket boundary, naming the nearest ones', () => {
    expect(problems({ ...OK, slo: { latencyThresholdMs: 300 } })).toEqual([
      'podinfo: slo.latencyThresholdMs (300) must be a bucket boundary of istio_request_duration_milliseconds ' +
        '(one of 0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000), ' +
        'otherwise the latency SLO matches no series; use 250 or 500',
    ]);
  });

  it('rejects histogram buckets that do not increase', () => {
    expect(problems({ ...OK, slo: { histogramBucketsMs: [100, 50, 500] } })).toEqual([
      'podinfo: slo.histogramBucketsMs (100, 50, 500) must be strictly increasing',
    ]);
  });

  it('rejects a short window not shorter than the long window', () => {
    expect(
      problems({ ...OK, slo: { burnRateWindows: [{ longWindowSeconds: 300, shortWindowSeconds: 300, burnRate: 2, severity: 'warning' }] } }),
    ).toEqual(['podinfo: slo.burnRateWindows.0.shortWindowSeconds (300) must be shorter than longWindowSeconds (300)']);
  });

  it('rejects a burn rate whose threshold could never be exceeded', () => {
    expect(
      problems({ ...OK, slo: { latencyObjectivePercent: 90, burnRateWindows: [{ longWindowSeconds: 3600, shortWindowSeconds: 300, burnRate: 14.4, severity: 'critical' }] } }),
    ).toEqual([
      'podinfo: slo.burnRateWindows.0.burnRate (14.4) times the error budget of slo.latencyObjectivePercent (10%) is 144%, ' +
        'a ratio that can never be exceeded; use a burn rate below 10',
    ]);
  });

  it('rejects bad windows, severities and durations with the rule they break', () => {
    expect(
      problems({
        ...OK,
        slo: { burnRateWindows: [{ longWindowSeconds: 3600.5, shortWindowSeconds: 30, burnRate: 0, severity: 'page' }] },
        canaryAlerts: { stuckAfterSeconds: 10, noTrafficForSeconds: 5 },
      }),
    ).toEqual([
      'podinfo: slo.burnRateWindows.0.longWindowSeconds (3600.5) must be a whole number of seconds',
      'podinfo: slo.burnRateWindows.0.shortWindowSeconds (30) must be at least 60 seconds',
      'podinfo: slo.burnRateWindows.0.burnRate (0) must be above 0',
      'podinfo: slo.burnRateWindows.0.severity ("page") must be one of critical, warning, info',
      'podinfo: canaryAlerts.stuckAfterSeconds (10) must be at least 60 seconds',
      'podinfo: canaryAlerts.noTrafficForSeconds (5) must be at least 30 seconds',
    ]);
  });

  it('rejects alert labels the rules set themselves and invalid label names', () => {
    expect(problems({ ...OK, alertLabels: { severity: 'page', service: 'x' } })).toEqual([
      'podinfo: alertLabels.service is set by the rules themselves; reserved labels are alertname, namespace, service, severity, slo, window',
      'podinfo: alertLabels.severity is set by the rules themselves; reserved labels are alertname, namespace, service, severity, slo, window',
    ]);
    expect(problems({ ...OK, alertLabels: { 'team-name': 'x' } })).toEqual([
      'podinfo: alertLabels.team-name ("team-name") must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)',
    ]);
  });

  it('rejects a runbook that is not a URL and unknown fields', () => {
    expect(problems({ ...OK, runbookUrl: 'wiki/podinfo', port: 9898 })).toEqual([
      'podinfo: runbookUrl ("wiki/podinfo") must be an http(s) URL',
      'podinfo: has unknown field(s) "port"; check the spelling',
    ]);
  });
});

describe('PlatformObservabilityInput validation', () => {
  it('names the platform, the field and the rule', () => {
    expect(() => renderPlatformObservability({ downForSeconds: 30, alertLabels: { severity: 'x' }, namespace: 'Monitoring' })).toThrow(
      [
        'platform: invalid observability settings',
        '  - platform: namespace ("Monitoring") must be a DNS-1123 label (lower-case letters, digits and "-")',
        '  - platform: downForSeconds (30) must be at least 60 seconds',
        '  - platform: alertLabels ({"severity":"x"}) must not set the reserved labels alertname, namespace, service, severity, slo, window',
      ].join('\n'),
    );
  });
});
