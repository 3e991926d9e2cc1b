import type { Stratum } from '../../packages/judge/counters';
import { judge } from '../../packages/judge/decide';
import { incidentFlags, selectStrata } from '../../packages/judge/incidents';
import { resolveJudgeSettings } from '../../packages/judge/spec';
import { errorShareTest } from '../../packages/judge/stats/tests';
import { latency, side, START, strata } from './fixtures';

/** Primary-only strata before the analysis: 1000 req/s, 0.5% errors. */
const baseline: Stratum[] = strata(20, { rate: 1000, share: 0, from: START - 300 }).map((s) => ({ ...s, canary: side(0, 0) }));

/**
 * A shared 5% error burst at 1000 req/s whose edges fall into different strata for the two versions (their pods
 * are scraped at different offsets), while the canary's share grows from 5% to 10%: the canary's windows see the
 * burst one stratum earlier than the primary's. The analysis is judged in the middle of the burst, before the
 * trailing edge (where the canary's window would see the end of the burst first) could even out the excess.
 */
function misalignedBurst(): Stratum[] {
  const s = strata(12, { rate: 1000, share: 0.05 });
  const at = (k: number, share: number, canaryErrors: number, primaryErrors: number): Stratum => ({
    ...s[k],
    canary: side(1000 * share * 15, canaryErrors),
    primary: side(1000 * (1 - share) * 15, primaryErrors),
  });
  return [s[0], s[1], s[2], at(3, 0.1, 0.05, 0.005), at(4, 0.1, 0.05, 0.05), at(5, 0.1, 0.05, 0.05), at(6, 0.1, 0.05, 0.05)];
}

describe('shared incidents', () => {
  it('tested naively at the leading edge, the misaligned burst looks like a canary regression', () => {
    expect(errorShareTest(misalignedBurst().slice(0, 4).map((s) => ({ canary: s.canary, primary: s.primary }))).e).toBeGreaterThan(1e6);
  });

  it('flags the strata where the primary errors surge, against its baseline before the analysis', () => {
    const flags = incidentFlags([...baseline, ...misalignedBurst()]).slice(baseline.length);
    expect(flags.map((f, j) => (f ? j : -1)).filter((j) => j >= 0)).toEqual([4, 5, 6]);
  });

  it('leaves out the flagged strata and their neighbours, and the latest stratum until its successor exists', () => {
    const selection = selectStrata(baseline, misalignedBurst());
    expect(selection.included).toEqual([true, true, true, false, false, false, false]);
    expect(selection).toMatchObject({ incident: 3, pending: 1 });
    expect(selection.plannable.filter((p) => !p)).toHaveLength(4);
  });

  it('a partial stratum up to now waits too, with the latest complete one', () => {
    expect(selectStrata(baseline, strata(4, { rate: 100, share: 0.1 }), true).included).toEqual([true, true, false, false]);
  });

  it('the judge fails the healthy canary at no point of the burst, and says what it left out', () => {
    const spec = resolveJudgeSettings({ hardLimits: { maxErrorPercent: false } });
    const all = misalignedBurst();
    const verdicts = [4, 5, 6, 7].map((n) => judge({ spec, gate: 'rollback', time: START + n * 15, observation: { kind: 'observed', analysis: { kind: 'started', start: START }, strata: all.slice(0, n), baseline } }));
    expect(verdicts.map((v) => v.verdict)).not.toContain('fail');
    expect(verdicts.map((v) => v.evidence?.strataLeftOut)).toEqual([
      { incident: 0, pending: 1 },
      { incident: 1, pending: 1 },
      { incident: 2, pending: 1 },
      { incident: 3, pending: 1 },
    ]);
    expect(verdicts[3].reason).toContain('3 strata of a shared incident on the primary left out of the comparisons');
  });

  it('a canary regression (the primary steady) flags nothing, even as the share grows', () => {
    const regression = [...strata(6, { rate: 1000, share: 0.05, canaryErrors: 0.05 }), ...strata(6, { rate: 1000, share: 0.5, canaryErrors: 0.05, from: START + 90 })];
    expect(incidentFlags([...baseline, ...regression]).some((f) => f)).toBe(false);
  });

  it('a slowdown of the primary (a slow dependency) is an incident too', () => {
    const slow: Stratum[] = strata(6, { rate: 1000, share: 0.1 }).map((s, k) => (k === 3 ? { ...s, primary: { ...s.primary, latency: latency(s.primary.requests, 120) } } : s));
    expect(incidentFlags([...baseline, ...slow]).slice(baseline.length)).toEqual([false, false, false, true, false, false]);
  });
});
