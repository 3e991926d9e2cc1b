import { estimateReleaseDuration } from '../../packages/judge/plan';
import { accrue, canaryRequestsToPower, emptyAccrued, errorEvidenceRate, powerReached } from '../../packages/judge/stats/plan';
import { equalWeightGrid } from '../../packages/judge/stats/e-value';
import { normalQuantile } from '../../packages/judge/stats/special';

describe('evidence planning', () => {
  const grid = equalWeightGrid([Math.log(10)]);

  it('error evidence per canary request, by hand: share 1/2, primary 0, canary 10%, tilt ln 10', () => {
    // Λ = ln(½ + ½·10) = ln 5.5; a canary error adds ln 10 − ln 5.5; the primary has no errors.
    const r = errorEvidenceRate(0.5, 0, 0.1)(Math.log(10));
    expect(r.drift).toBeCloseTo(0.1 * (Math.log(10) - Math.log(5.5)), 12);
    expect(r.variance).toBeCloseTo(0.1 * (Math.log(10) - Math.log(5.5)) ** 2, 12);
  });

  it('requests to power: without variance, (threshold − accrued) / drift', () => {
    const rate = () => ({ drift: 0.5, variance: 0 });
    // target = ln 100 − ln(weight 1) = 4.605; 0.5 per request -> ceil(4.605 / 0.5) = 10.
    expect(canaryRequestsToPower(emptyAccrued(grid), grid, rate, Math.log(100), 0.95)).toBe(10);
    const acc = accrue(emptyAccrued(grid), grid, 10, rate);
    expect(powerReached(acc, grid, Math.log(100), 0.95)).toBe(true);
    expect(canaryRequestsToPower(acc, grid, rate, Math.log(100), 0.95)).toBe(0);
  });

  it('requests to power: with variance, solves D + n·d − z·√(n·v) = L', () => {
    const rate = () => ({ drift: 0.1, variance: 0.04 });
    const n = canaryRequestsToPower(emptyAccrued(grid), grid, rate, Math.log(100), 0.9);
    const z = normalQuantile(0.9);
    expect(n * 0.1 - z * Math.sqrt(n * 0.04)).toBeGreaterThanOrEqual(Math.log(100) - 1e-9);
    expect((n - 1) * 0.1 - z * Math.sqrt((n - 1) * 0.04)).toBeLessThan(Math.log(100));
  });

  it('no drift, no end', () => {
    expect(canaryRequestsToPower(emptyAccrued(grid), grid, () => ({ drift: 0, variance: 0 }), 1, 0.9)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('estimateReleaseDuration', () => {
  const schedule = { weights: [5, 10, 20, 50], interval: '30s' } as const;

  it('at 100 req/s the default judge keeps the four 30s steps (2 minutes from the first traffic step)', () => {
    const e = estimateReleaseDuration({ requestsPerSecond: 100, ...schedule });
    expect(e).toMatchObject({ minutes: 2, analysisTicks: 4 });
    expect(e.canaryRequestsNeeded).toBeGreaterThan(1000);
    expect(e.explanation[0]).toBe('judge: alpha 0.01 over 2 comparisons (threshold 200), power 0.95; detect errors 0.50% -> 2.5%, latency +25%');
  });

  it('at 10 req/s it holds until the evidence is there (about 9 minutes)', () => {
    const e = estimateReleaseDuration({ requestsPerSecond: 10, ...schedule });
    expect(e.minutes).toBe(9);
    expect(e.explanation).toContain('tick 4: weight 5%, canary 60 requests >= 50: next step');
  });

  it('at 1 req/s it does not finish within maxHold, and says how much is missing', () => {
    const e = estimateReleaseDuration({ requestsPerSecond: 1, ...schedule });
    expect(e.minutes).toBeNull();
    expect(e.explanation[e.explanation.length - 1]).toMatch(/^not enough evidence within maxHold 30m: canary 420 requests, need ~\d+$/);
  });

  it('a larger detectable regression needs less evidence', () => {
    const small = estimateReleaseDuration({ requestsPerSecond: 10, ...schedule });
    const large = estimateReleaseDuration({ requestsPerSecond: 10, ...schedule, settings: { detect: { errorRate: { kind: 'absolute', percentagePoints: 5 }, latencyIncrease: 0.5 } } });
    expect(large.canaryRequestsNeeded).toBeLessThan(small.canaryRequestsNeeded);
  });

  it('rejects impossible input naming the field', () => {
    expect(() => estimateReleaseDuration({ requestsPerSecond: 0, ...schedule })).toThrow('requestsPerSecond (0) must be a number above 0');
    expect(() => estimateReleaseDuration({ requestsPerSecond: 10, weights: [5, 100], interval: '30s' })).toThrow('weights ([5, 100]) must be one or more percentages between 0 and 100 (exclusive)');
    expect(() => estimateReleaseDuration({ requestsPerSecond: 10, ...schedule, settings: { alpha: 2 } })).toThrow('settings.alpha (2) must be a number in (0, 0.5]');
  });
});
