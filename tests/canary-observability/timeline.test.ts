import { validateCanaryServiceProps } from '../../packages/canary/spec';
import { DEFAULTS } from '../../packages/canary/spec/defaults';
import { renderServiceTimeline, serviceTimeline, timelineSummaryRow } from '../../packages/canary-observability';

const base = { namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 };
const spec = (props: Record<string, unknown> = {}) => validateCanaryServiceProps('podinfo', { ...base, ...props });

describe('serviceTimeline', () => {
  it('lays out the default release tick by tick (snapshot)', () => {
    expect(renderServiceTimeline(serviceTimeline(spec())).join('\n')).toMatchSnapshot();
  });

  it('steps the canary through the default schedule, one analysis interval apart', () => {
    const t = serviceTimeline(spec());
    const interval = DEFAULTS.analysis.interval.toSeconds();
    expect(t.schedule.map((s) => [s.atSeconds, s.canaryWeight])).toEqual([
      [1 * interval, 0],
      [2 * interval, 5],
      [3 * interval, 10],
      [4 * interval, 20],
      [5 * interval, 50],
      [6 * interval, 50],
      [7 * interval, 0],
      [8 * interval, 0],
    ]);
  });

  it('gives the default profile a worst case from a failure to rollback of at most 2 minutes', () => {
    const row = timelineSummaryRow(serviceTimeline(spec()));
    expect(serviceTimeline(spec()).timing.exposureSeconds).toBeLessThanOrEqual(120);
    expect(row).toEqual({
      service: 'shop/podinfo',
      strategy: 'canary 5% → 10% → 20% → 50%',
      analysis: '30s × 2',
      promotion: '4m',
      failureToRollback: '1m30s',
      releaseToRollback: '6m',
    });
  });

  it.each([
    ['canary with a linear schedule', { strategy: { kind: 'canary', stepWeight: 25, maxWeight: 50 } }, 'canary 25% → 50%', [0, 25, 50, 50, 0, 0]],
    ['mirror', { strategy: { kind: 'mirror', mirrorWeight: 50, stepWeights: [10, 50] } }, 'mirror 50%, then 10% → 50%', [0, 0, 10, 50, 50, 0, 0]],
    [
      'A/B testing',
      { strategy: { kind: 'abTesting', iterations: 2, match: [{ kind: 'header', name: 'x-canary', value: 'insider' }] } },
      'A/B testing, 2 iterations',
      [0, 0, 0, 0, 0, 0],
    ],
    ['blue/green', { strategy: { kind: 'blueGreen', iterations: 2 } }, 'blue/green, 2 iterations', [0, 0, 0, 100, 100, 0, 0]],
  ])('ends the %s schedule exactly at the canary helper’s promotion time', (_name, props, strategy, weights) => {
    const t = serviceTimeline(spec(props));
    expect(t.strategy).toBe(strategy);
    expect(t.schedule.map((s) => s.canaryWeight)).toEqual(weights);
    expect(t.schedule[t.schedule.length - 1].atSeconds).toBe(t.timing.promotionSeconds);
  });

  it('names the A/B match rules and blue/green mirroring in the schedule', () => {
    const ab = serviceTimeline(spec({ strategy: { kind: 'abTesting', iterations: 1, match: [{ kind: 'cookie', name: 'canary', value: 'always' }] } }));
    expect(ab.schedule[1].event).toBe('A/B iteration 1/1: requests matching cookie canary=always');
    const bg = serviceTimeline(spec({ strategy: { kind: 'blueGreen', iterations: 1, mirrorWeight: 20 } }));
    expect(bg.schedule[1].event).toBe('blue/green iteration 1/1: load tests and 20% mirrored traffic');
  });

  it('follows the analysis settings: interval and threshold change every figure', () => {
    const t = serviceTimeline(spec({ analysis: { interval: '1m', threshold: 5 } }));
    expect(timelineSummaryRow(t)).toMatchObject({ analysis: '1m × 5', promotion: '8m', failureToRollback: '6m' });
  });
});
