import { Duration } from '../../packages/judge/duration';
import { JUDGE_DEFAULTS, JudgeSettingsError, resolveJudgeSettings } from '../../packages/judge/spec';

function problems(settings: unknown): string[] {
  try {
    resolveJudgeSettings(settings, ['settings']);
  } catch (error) {
    if (error instanceof JudgeSettingsError) return error.problems.map((p) => p.text);
    throw error;
  }
  throw new Error('expected the settings to be rejected');
}

describe('judge settings: defaults', () => {
  it('resolves no settings to the documented defaults', () => {
    expect(resolveJudgeSettings({})).toEqual(JUDGE_DEFAULTS);
    expect(JSON.parse(JSON.stringify(resolveJudgeSettings(undefined)))).toEqual({
      alpha: 0.01,
      power: 0.95,
      detect: { errorRate: { kind: 'absolute', percentagePoints: 2 }, latencyIncrease: 0.25 },
      maxHold: '30m',
      minCanaryRequests: 50,
      resolution: '15s',
      hardLimits: { alpha: 0.001, maxErrorPercent: 1, latency: { quantile: 0.99, maxMs: 500 } },
    });
  });

  it('keeps every given value and parses durations', () => {
    const spec = resolveJudgeSettings({
      alpha: 0.05,
      power: 0.9,
      detect: { errorRate: { kind: 'relative', factor: 3 }, latencyIncrease: false },
      maxHold: '1h30m',
      minCanaryRequests: 20,
      resolution: Duration.seconds(30),
      hardLimits: { alpha: 0.005, maxErrorPercent: false, latency: { quantile: 0.95, maxMs: 250 } },
    });
    expect(spec.alpha).toBe(0.05);
    expect(spec.power).toBe(0.9);
    expect(spec.detect).toEqual({ errorRate: { kind: 'relative', factor: 3 }, latencyIncrease: false });
    expect(spec.maxHold.toSeconds()).toBe(5400);
    expect(spec.minCanaryRequests).toBe(20);
    expect(spec.resolution.toSeconds()).toBe(30);
    expect(spec.hardLimits).toEqual({ alpha: 0.005, maxErrorPercent: false, latency: { quantile: 0.95, maxMs: 250 } });
  });

  it('fills defaults inside a partly given object', () => {
    expect(resolveJudgeSettings({ detect: { latencyIncrease: 0.5 } }).detect.errorRate).toEqual(JUDGE_DEFAULTS.detect.errorRate);
    expect(resolveJudgeSettings({ hardLimits: { latency: false } }).hardLimits.maxErrorPercent).toBe(1);
  });
});

describe('judge settings: each rule names the field, the value and what is valid', () => {
  it.each<[string, unknown, string]>([
    ['alpha above 0.5', { alpha: 1.5 }, 'settings.alpha (1.5) must be a number in (0, 0.5]'],
    ['alpha 0', { alpha: 0 }, 'settings.alpha (0) must be a number in (0, 0.5]'],
    ['alpha not a number', { alpha: 'x' }, 'settings.alpha "x" must be a number in (0, 0.5]'],
    ['power below 0.5', { power: 0.2 }, 'settings.power (0.2) must be a number in [0.5, 0.999]'],
    ['unknown error-rate kind', { detect: { errorRate: { kind: 'ratio' } } }, 'settings.detect.errorRate.kind "ratio" must be one of "absolute", "relative"'],
    ['absolute without percentage points', { detect: { errorRate: { kind: 'absolute' } } }, 'settings.detect.errorRate.percentagePoints is required'],
    ['relative factor 1', { detect: { errorRate: { kind: 'relative', factor: 1 } } }, 'settings.detect.errorRate.factor (1) must be a number above 1'],
    ['latency increase not a number', { detect: { latencyIncrease: 'x' } }, 'settings.detect.latencyIncrease "x" must be a number in (0, 10] (0.25 = 25% slower), or false'],
    ['maxHold not a duration', { maxHold: '30 minutes' }, 'settings.maxHold "30 minutes" must be a duration such as "30s", "15m" or "1h30m" (whole hours, minutes and seconds, in that order)'],
    ['maxHold too long', { maxHold: '25h' }, 'settings.maxHold "25h" must be between 1m and 24h'],
    ['resolution too fine', { resolution: '1s' }, 'settings.resolution "1s" must be between 5s and 5m'],
    ['fractional minCanaryRequests', { minCanaryRequests: 2.5 }, 'settings.minCanaryRequests (2.5) must be a whole number in [1, 1000000]'],
    ['hard-limit alpha 0', { hardLimits: { alpha: 0 } }, 'settings.hardLimits.alpha (0) must be a number in (0, 0.5]'],
    ['error limit above 100', { hardLimits: { maxErrorPercent: 200 } }, 'settings.hardLimits.maxErrorPercent (200) must be a number in (0, 100), or false'],
    ['latency limit true', { hardLimits: { latency: true } }, 'settings.hardLimits.latency (true) must be an object, or false'],
    ['latency limit quantile 99', { hardLimits: { latency: { quantile: 99, maxMs: 500 } } }, 'settings.hardLimits.latency.quantile (99) must be a number in (0, 1)'],
    ['latency limit without maxMs', { hardLimits: { latency: { quantile: 0.99 } } }, 'settings.hardLimits.latency.maxMs is required'],
    ['unknown field', { bogus: 1 }, 'settings.bogus is not a known field (valid fields: alpha, detect, hardLimits, maxHold, minCanaryRequests, power, resolution)'],
    ['not an object', 5, 'settings (5) must be an object'],
  ])('%s', (_name, settings, message) => {
    expect(problems(settings)).toEqual([message]);
  });

  it('reports every problem at once', () => {
    expect(problems({ alpha: 2, power: 2, minCanaryRequests: 0 })).toEqual([
      'settings.alpha (2) must be a number in (0, 0.5]',
      'settings.power (2) must be a number in [0.5, 0.999]',
      'settings.minCanaryRequests (0) must be a whole number in [1, 1000000]',
    ]);
  });

  it('the error message lists the problems, one per line', () => {
    expect(() => resolveJudgeSettings({ alpha: 2 })).toThrow('invalid judge settings:\n  alpha (2) must be a number in (0, 0.5]');
  });
});

describe('Duration', () => {
  it('parses and prints the canonical form', () => {
    expect(Duration.parse('1h30m').toString()).toBe('1h30m');
    expect(Duration.parse('90s').toSeconds()).toBe(90);
    expect(Duration.seconds(0).toString()).toBe('0s');
    expect(JSON.stringify({ d: Duration.minutes(15) })).toBe('{"d":"15m"}');
  });

  it('rejects text that does not follow the rule', () => {
    expect(() => Duration.parse('1.5m')).toThrow('"1.5m" must be a duration such as "30s", "15m" or "1h30m"');
  });
});
