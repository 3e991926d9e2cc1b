/**
 * The planner's arithmetic on tables made up in the test (not the real figures): the typical schedule and its
 * critical path, side-by-side branches, percentiles, the PERT draw and the seeded Monte Carlo.
 */
import {
  distributionOf,
  percentile,
  samplePert,
  ScheduleStep,
  scheduleProblems,
  seededRandom,
  simulate,
  typicalSchedule,
} from '../../tools/rebuild/schedule';

/** A three-point figure; `fixed(n)` has no spread. */
const three = (low: number, typical: number, high: number) => ({ lowSeconds: low, typicalSeconds: typical, highSeconds: high });
const fixed = (n: number) => three(n, n, n);
const step = (id: string, operations: string[], after: string[] = []): ScheduleStep => ({ id, operations, after });

describe('typicalSchedule', () => {
  const table = { a: fixed(10), b: fixed(30), c: fixed(5), d: three(1, 20, 100) };

  it('starts a step when the last step it waits for has finished, and sums its operations', () => {
    const steps = [step('x', ['a']), step('y', ['b']), step('z', ['c', 'd'], ['x', 'y'])];
    const t = typicalSchedule(steps, table);
    expect(Object.fromEntries(t.times)).toEqual({ x: { start: 0, finish: 10 }, y: { start: 0, finish: 30 }, z: { start: 30, finish: 55 } });
    expect(t.seconds).toBe(55);
    expect(t.criticalPath).toEqual(['y', 'z']);
    expect(t.sequentialSeconds).toBe(10 + 30 + 25);
  });

  it('takes the longest chain, not the longest step', () => {
    const steps = [step('long', ['b']), step('s1', ['a']), step('s2', ['a'], ['s1']), step('s3', ['a'], ['s2']), step('s4', ['c'], ['s3'])];
    const t = typicalSchedule(steps, table);
    expect(t.criticalPath).toEqual(['s1', 's2', 's3', 's4']);
    expect(t.seconds).toBe(35);
  });

  it('gives the path to a chosen target, and counts a milestone (no operations) as zero', () => {
    const steps = [step('x', ['a']), step('y', ['b']), step('done', [], ['x'])];
    const t = typicalSchedule(steps, table, 'done');
    expect(t.seconds).toBe(10);
    expect(t.criticalPath).toEqual(['x', 'done']);
  });

  it('reports duplicates, unknown steps and operations, and cycles', () => {
    expect(scheduleProblems([step('x', ['a']), step('x', ['zz'], ['nope'])], table)).toEqual([
      'step x is listed twice',
      'step x waits for nope, which is not in the plan',
      'step x: operation zz is not in the duration table',
    ]);
    expect(scheduleProblems([step('x', ['a'], ['y']), step('y', ['a'], ['x'])], table)).toEqual(['steps wait for each other in a cycle']);
    expect(() => typicalSchedule([step('x', ['a'], ['x'])], table)).toThrow('Invalid plan:\n  - steps wait for each other in a cycle');
  });
});

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(distributionOf([5, 1, 4, 2, 3])).toEqual({ p50: 3, p95: 5, min: 1, max: 5 });
    expect(() => percentile(sorted, 0)).toThrow('percentile (0) must be in (0, 100]');
    expect(() => distributionOf([])).toThrow('no samples');
  });
});

describe('samplePert', () => {
  it('stays within low and high and has the PERT mean (low + 4 typical + high) / 6', () => {
    const random = seededRandom(42);
    const d = three(60, 120, 600);
    const draws = Array.from({ length: 20000 }, () => samplePert(d, random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(60);
    expect(Math.max(...draws)).toBeLessThanOrEqual(600);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeCloseTo((60 + 4 * 120 + 600) / 6, -1); // 190 +- 5
  });

  it('returns the figure itself when it has no spread', () => {
    expect(samplePert(fixed(12), seededRandom(1))).toBe(12);
  });

  it('is symmetric when typical is in the middle', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 20000 }, () => samplePert(three(0, 50, 100), random)).sort((a, b) => a - b);
    expect(percentile(draws, 50)).toBeCloseTo(50, -1);
  });
});

describe('simulate', () => {
  const table = { a: fixed(10), b: fixed(30), slow: three(10, 20, 200) };

  it('is exact on figures without spread: the longest chain, for each target', () => {
    const steps = [step('x', ['a']), step('y', ['b']), step('z', ['a'], ['x', 'y'])];
    expect(simulate(steps, table, ['z', 'x'], { runs: 50 })).toEqual({
      z: { p50: 40, p95: 40, min: 40, max: 40 },
      x: { p50: 10, p95: 10, min: 10, max: 10 },
    });
  });

  it('gives the same result for the same seed, and another for another seed', () => {
    const steps = [step('x', ['slow']), step('y', ['slow'], ['x'])];
    const one = simulate(steps, table, ['y'], { runs: 500, seed: 3 });
    expect(simulate(steps, table, ['y'], { runs: 500, seed: 3 })).toEqual(one);
    expect(simulate(steps, table, ['y'], { runs: 500, seed: 4 })).not.toEqual(one);
  });

  it('orders p50 <= p95 and keeps every run between the sums of the low and high figures', () => {
    const steps = [step('x', ['slow']), step('y', ['slow'], ['x'])];
    const d = simulate(steps, table, ['y'], { runs: 2000 }).y;
    expect(d.min).toBeGreaterThanOrEqual(20);
    expect(d.max).toBeLessThanOrEqual(400);
    expect(d.p50).toBeLessThanOrEqual(d.p95);
    expect(d.p50).toBeGreaterThan(40); // the skewed tail pulls the median above the typical sum
  });

  it('takes the later of side-by-side branches in every run, so p95 grows with more branches', () => {
    const one = simulate([step('x', ['slow']), step('end', [], ['x'])], table, ['end']).end;
    const three = simulate([step('x', ['slow']), step('y', ['slow']), step('z', ['slow']), step('end', [], ['x', 'y', 'z'])], table, ['end']).end;
    expect(three.p95).toBeGreaterThan(one.p95);
    expect(three.p50).toBeGreaterThan(one.p50);
  });

  it('rejects an unknown target and a bad number of runs', () => {
    expect(() => simulate([step('x', ['a'])], table, ['nope'])).toThrow('Invalid plan: target nope is not a step');
    expect(() => simulate([step('x', ['a'])], table, ['x'], { runs: 0 })).toThrow('runs (0) must be a whole number >= 1');
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(9);
    const b = seededRandom(9);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
