import type { Stratum } from '../../packages/judge/counters';
import { judge, regressedErrorRate, type Gate, type Observation } from '../../packages/judge/decide';
import { resolveJudgeSettings, type JudgeSettings } from '../../packages/judge/spec';
import { START, strata } from './fixtures';

function verdict(gate: Gate, s: readonly Stratum[], settings: JudgeSettings = {}, time = START + s.length * 15) {
  const observation: Observation = { kind: 'observed', analysis: { kind: 'started', start: START }, strata: s };
  return judge({ spec: resolveJudgeSettings(settings), gate, time, observation });
}

describe('judge: hold', () => {
  it('holds a traffic increase until the canary served minCanaryRequests, saying how many it has and needs', () => {
    const v = verdict('traffic-increase', strata(6, { rate: 10, share: 0.05 }));
    expect(v.verdict).toBe('hold');
    expect(v.reason).toBe('held: not enough traffic (canary 45 requests, need ~50)');
  });

  it('holds promotion until a regression of the detect size would have been caught, naming each test', () => {
    const v = verdict('promotion', strata(10, { rate: 100, share: 0.05 }));
    expect(v.verdict).toBe('hold');
    expect(v.reason).toBe('held: not enough traffic (canary 750 requests, need ~1026; errors 0.50% -> 2.5%: ~1026, latency +25%: ~277)');
    expect(v.evidence?.canaryRequestsNeeded).toBe(1026);
  });

  it('holds when the primary served nothing: there is nothing to compare with', () => {
    const s = strata(4, { rate: 100, share: 0.05 }).map((x) => ({ ...x, primary: { requests: 0, errors: 0, latency: { bounds: [], counts: [0] } } }));
    expect(verdict('promotion', s).reason).toBe('held: not enough traffic (the primary served no production requests since 2025-01-01T00:00:00.000Z: nothing to compare with)');
  });

  it('a rollback question is answered with the promotion verdict: hold means "do not roll back"', () => {
    expect(verdict('rollback', strata(10, { rate: 100, share: 0.05 })).verdict).toBe('hold');
  });
});

describe('judge: pass', () => {
  it('passes a traffic increase once the canary served minCanaryRequests', () => {
    const v = verdict('traffic-increase', strata(14, { rate: 10, share: 0.05 }));
    expect(v.verdict).toBe('pass');
    expect(v.reason).toMatch(/^passed: canary 105 requests \(needed ~50\): errors 0\.50% vs 0\.50% \(e = [\d.e+-]+\), latency p50 50ms vs 50ms, p99 233ms vs 233ms \(e = [\d.e+-]+\); threshold 200 \(alpha 0\.01 over 2 comparisons; hard limits: alpha 0\.001 over 2\)$/);
  });

  it('passes promotion of a healthy canary once the evidence suffices, reporting where it did', () => {
    const v = verdict('promotion', strata(40, { rate: 100, share: 0.2 }));
    expect(v.verdict).toBe('pass');
    expect(v.evidence?.canaryRequestsNeeded).toBe(1247);
    expect(v.canary).toEqual({ requests: 12000, errors: 60, errorPercent: 0.5, p50Ms: 50, p99Ms: expect.closeTo(232.9, 1) });
  });
});

describe('judge: fail', () => {
  it('fails a 0.5% -> 5% error regression, with the rates, e and the threshold', () => {
    const v = verdict('rollback', strata(5, { rate: 100, share: 0.05, canaryErrors: 0.05 }));
    expect(v.verdict).toBe('fail');
    expect(v.reason).toBe('failed: errors 5.0% vs 0.50%, e = 1.6e+7 (threshold 200); hard limit: canary error rate 5.0% (limit 1%), e = 33293 (threshold 2000) (alpha 0.01 over 2 comparisons; hard limits: alpha 0.001 over 2)');
  });

  it('fails a 25% latency regression with the medians and P99s', () => {
    const v = verdict('rollback', strata(8, { rate: 100, share: 0.05, canaryMedianMs: 62.5 }));
    expect(v.verdict).toBe('fail');
    expect(v.reason).toMatch(/^failed: latency p50 67ms vs 50ms, p99 244ms vs 233ms, e = [\d.e+]+ \(threshold 200\) \(alpha 0\.01 over 2 comparisons; hard limits: alpha 0\.001 over 2\)$/);
  });

  it('fails a hard limit even without a primary to compare with', () => {
    const s = strata(2, { rate: 100, share: 0.5, canaryErrors: 0.3 }).map((x) => ({ ...x, primary: { requests: 0, errors: 0, latency: { bounds: [], counts: [0] } } }));
    const v = verdict('promotion', s);
    expect(v.verdict).toBe('fail');
    expect(v.reason).toContain('hard limit: canary error rate 30.0% (limit 1%), e = ');
  });

  it('fails after maxHold without enough evidence: the release never got enough traffic', () => {
    const v = verdict('promotion', strata(10, { rate: 1, share: 0.05 }), {}, START + 31 * 60);
    expect(v.verdict).toBe('fail');
    expect(v.reason).toMatch(/^failed: never got enough traffic in 31m \(maxHold 30m\): canary 8 requests, need ~\d+; errors /);
    expect(v.analysis.maxHoldExceeded).toBe(true);
  });

  it('does not fail a healthy canary that merely took longer than maxHold once it has the evidence', () => {
    expect(verdict('promotion', strata(40, { rate: 100, share: 0.2 }), {}, START + 3600).verdict).toBe('pass');
  });
});

describe('judge: before the analysis and without data', () => {
  const spec = resolveJudgeSettings({});

  it('lets the first traffic step happen without evidence (Flagger weight 0) but holds promotion', () => {
    const observation: Observation = { kind: 'observed', analysis: { kind: 'not-started', reason: 'the canary has no traffic yet (Flagger reports weight 0)' }, strata: [] };
    expect(judge({ spec, gate: 'traffic-increase', time: START, observation }).reason).toBe(
      'passed: the canary has no traffic yet (Flagger reports weight 0); the first traffic step needs no evidence',
    );
    expect(judge({ spec, gate: 'promotion', time: START, observation }).verdict).toBe('hold');
  });

  it('holds when Prometheus does not answer, and fails only after maxHold', () => {
    const observation: Observation = { kind: 'unavailable', message: 'Prometheus at http://prom:9090 did not answer: fetch failed', start: START };
    const early = judge({ spec, gate: 'rollback', time: START + 60, observation });
    expect(early.verdict).toBe('hold');
    expect(early.reason).toBe('held: no data from Prometheus (Prometheus at http://prom:9090 did not answer: fetch failed)');
    const late = judge({ spec, gate: 'rollback', time: START + 1801, observation });
    expect(late.verdict).toBe('fail');
    expect(late.reason).toBe('failed: no usable data for 30m (maxHold 30m): Prometheus at http://prom:9090 did not answer: fetch failed');
  });

  it('never fails on missing data when the start is unknown', () => {
    const observation: Observation = { kind: 'unavailable', message: 'no start' };
    expect(judge({ spec, gate: 'rollback', time: START + 86400, observation }).verdict).toBe('hold');
  });
});

describe('judge: every setting changes the outcome', () => {
  const healthy = strata(10, { rate: 100, share: 0.05 });

  it('alpha sets the comparisons\' threshold (2 / alpha), hardLimits.alpha the limits\' (2 / hardLimits.alpha)', () => {
    const tests = verdict('promotion', healthy, { alpha: 0.05, hardLimits: { alpha: 0.002 } }).evidence?.tests;
    expect(tests?.map((t) => [t.test, t.threshold])).toEqual([
      ['errors', 40],
      ['latency', 40],
      ['error-limit', 1000],
      ['latency-limit', 1000],
    ]);
  });

  it('power and detect set the evidence needed', () => {
    const base = verdict('promotion', healthy).evidence?.canaryRequestsNeeded ?? 0;
    expect(verdict('promotion', healthy, { power: 0.8 }).evidence?.canaryRequestsNeeded).toBeLessThan(base);
    expect(verdict('promotion', healthy, { detect: { errorRate: { kind: 'absolute', percentagePoints: 5 } } }).evidence?.canaryRequestsNeeded).toBeLessThan(base);
    expect(verdict('promotion', healthy, { detect: { errorRate: { kind: 'relative', factor: 2 } } }).evidence?.canaryRequestsNeeded).toBeGreaterThan(base);
  });

  it('latencyIncrease false drops the latency test (and its share of alpha)', () => {
    const v = verdict('promotion', healthy, { detect: { latencyIncrease: false } });
    expect(v.evidence?.tests.map((t) => t.test)).toEqual(['errors', 'error-limit', 'latency-limit']);
    expect(v.evidence?.tests[0].threshold).toBe(100);
  });

  it('hard limits can be turned off', () => {
    const v = verdict('promotion', healthy, { hardLimits: { maxErrorPercent: false, latency: false } });
    expect(v.evidence?.tests.map((t) => t.test)).toEqual(['errors', 'latency']);
  });

  it('a latency limit off the bucket bounds uses the next bound and says so', () => {
    const v = verdict('promotion', healthy, { hardLimits: { latency: { quantile: 0.95, maxMs: 300 } } });
    expect(v.evidence?.tests[3].detail).toMatch(/^hard limit: canary p95 <= 300ms: [\d.]+% of requests slower than 500ms \(bucket bound 500ms, the next above 300ms\) \(limit 5\.0%\)$/);
  });

  it('minCanaryRequests gates traffic increases; maxHold bounds the hold', () => {
    expect(verdict('traffic-increase', healthy, { minCanaryRequests: 1000 }).reason).toBe('held: not enough traffic (canary 750 requests, need ~1000)');
    expect(verdict('promotion', healthy, { maxHold: '1m' }).verdict).toBe('fail');
  });
});

describe('regressedErrorRate', () => {
  it('adds percentage points or multiplies, with a floor of 0.1 point for relative regressions of a zero rate', () => {
    expect(regressedErrorRate({ kind: 'absolute', percentagePoints: 2 }, 0.005)).toBeCloseTo(0.025, 12);
    expect(regressedErrorRate({ kind: 'relative', factor: 3 }, 0.01)).toBeCloseTo(0.03, 12);
    expect(regressedErrorRate({ kind: 'relative', factor: 3 }, 0)).toBeCloseTo(0.001, 12);
  });
});
