/**
 * Release timing from Flagger's scheduler (one step per analysis interval): the worst case from a failing
 * release to rollback, and the time a healthy release takes to be promoted.
 */
import { Duration, promotionSeconds, releaseTimeline, validateCanaryServiceProps, worstCaseRollbackSeconds, type CanaryServiceProps } from '../../../packages/canary/index';

const spec = (props: Partial<CanaryServiceProps> = {}) => validateCanaryServiceProps('podinfo', { image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898, ...props });

describe('the defaults', () => {
  const timeline = releaseTimeline(spec());

  it('roll a release whose checks fail back 150s after it is applied: (threshold 2 + 3) x 30s', () => {
    expect(timeline.failingChecksRollbackSeconds).toBe(150);
  });

  it('expose users to a failing canary for at most 90s: (2 + 1) x 30s, at 5% of traffic', () => {
    expect(timeline.exposureSeconds).toBe(90);
  });

  it('roll a release whose pods never get ready back after 360s: progress deadline 300s + 2 x 30s', () => {
    expect(timeline.notReadyRollbackSeconds).toBe(360);
  });

  it('have a worst case to rollback of 360s (6 minutes), the larger of the two', () => {
    expect(worstCaseRollbackSeconds(spec())).toBe(360);
    expect(timeline.worstCaseRollbackSeconds).toBe(360);
  });

  it('promote a healthy release in 240s: (4 weight steps + 4) x 30s', () => {
    expect(promotionSeconds(spec())).toBe(240);
  });

  it('explain the arithmetic', () => {
    expect(timeline.explanation).toEqual([
      'failing checks: detect (30s) + first step (30s) + 2 failed checks (2 x 30s) + rollback step (30s) = (2 + 3) x 30s = 150s',
      'users on a failing canary at most: (2 + 1) x 30s = 90s',
      'pods never ready: detect (30s) + progress deadline (300s) + next step (30s) = 360s',
      'worst case to rollback: max(150s, 360s) = 360s',
      'healthy promotion: detect + 4 weight steps + promote + route to primary + finalise = (4 + 4) x 30s = 240s',
      'assumes pods ready within one interval, webhooks within one interval, manual gates open',
    ]);
  });
});

describe('timing follows the spec', () => {
  it('scales with interval and threshold', () => {
    const t = releaseTimeline(spec({ analysis: { interval: '1m', threshold: 5, progressDeadline: '3m' } }));
    expect([t.failingChecksRollbackSeconds, t.notReadyRollbackSeconds, t.worstCaseRollbackSeconds]).toEqual([480, 300, 480]);
  });

  it('counts linear schedules by their steps: stepWeight 10 to maxWeight 50 is 5 steps', () => {
    expect(promotionSeconds(spec({ strategy: { kind: 'canary', stepWeight: 10, maxWeight: 50 } }))).toBe((5 + 4) * 30);
  });

  it('adds the mirror step for mirroring', () => {
    expect(promotionSeconds(spec({ strategy: { kind: 'mirror', stepWeights: [10, 50] } }))).toBe((2 + 5) * 30);
  });

  it('counts iterations for A/B testing, plus the switch to green for blue/green', () => {
    expect(promotionSeconds(spec({ strategy: { kind: 'abTesting', iterations: 6, match: [{ kind: 'cookie', name: 'c', value: 'v' }] } }))).toBe((6 + 4) * 30);
    expect(promotionSeconds(spec({ strategy: { kind: 'blueGreen', iterations: 6 } }))).toBe((6 + 5) * 30);
  });

  it('keeps the rollback bound independent of the strategy', () => {
    const worst = (strategy: CanaryServiceProps['strategy']) => releaseTimeline(spec({ strategy })).failingChecksRollbackSeconds;
    expect(new Set([worst({ kind: 'canary' }), worst({ kind: 'blueGreen' }), worst({ kind: 'mirror' })])).toEqual(new Set([150]));
  });
});

describe('Duration', () => {
  it('parses Go-style durations and prints them canonically', () => {
    expect(Duration.parse('90s').toString()).toBe('1m30s');
    expect(Duration.parse('1h').toSeconds()).toBe(3600);
    expect(Duration.parse('250ms').toMilliseconds()).toBe(250);
    expect(Duration.parse('1m30s500ms').toString()).toBe('1m30s500ms');
    expect(Duration.seconds(0).toString()).toBe('0s');
    expect(JSON.stringify({ d: Duration.minutes(2) })).toBe('{"d":"2m"}');
  });

  it('refuses what it cannot read exactly, never guessing', () => {
    for (const text of ['', '1.5s', '30', '5d', '-1s', '1s1m', ' 1s']) expect(Duration.tryParse(text)).toBeUndefined();
    expect(() => Duration.parse('1.5s')).toThrow('"1.5s" must be a duration such as "30s", "1m" or "1m30s" (whole numbers of h, m, s or ms)');
    expect(() => Duration.seconds(-1)).toThrow('Duration -1s must be a non-negative whole number of milliseconds');
  });

  it('knows whole seconds', () => {
    expect(Duration.millis(1500).isWholeSeconds()).toBe(false);
    expect(Duration.minutes(1).isWholeSeconds()).toBe(true);
  });
});
