/**
 * The planner's arithmetic: a graph of steps (each a sum of operations from the duration table, starting when
 * every step it waits for has finished), its typical critical path, and the distribution of its finish times
 * by a small Monte Carlo over the three-point figures. Deterministic: the random numbers come from a seeded
 * generator, so the same plan prints the same p50 and p95. Pure: no I/O, no clock.
 */
import type { ThreePointSeconds } from './durations';

/** One step of a plan. */
export interface ScheduleStep {
  /** Stable id, unique in the plan, for example `cluster.gke-cluster-create`. */
  readonly id: string;
  /** Operations the step runs one after the other (ids of the duration table); empty for a milestone. */
  readonly operations: readonly string[];
  /** Steps that must finish before this one starts. */
  readonly after: readonly string[];
}

/** Seconds per operation id: the duration table (or a test's own). */
export type DurationLookup = Readonly<Record<string, ThreePointSeconds>>;

/** The typical schedule: every operation at its typical figure. */
export interface TypicalSchedule {
  /** Start and finish of each step, seconds from the start. */
  readonly times: ReadonlyMap<string, { readonly start: number; readonly finish: number }>;
  /** The chain of steps that decides the finish of `target`, first to last. */
  readonly criticalPath: readonly string[];
  /** Finish of `target`, seconds. */
  readonly seconds: number;
  /** Sum of every step's typical seconds: the plan run one step at a time. */
  readonly sequentialSeconds: number;
}

/** A distribution of one finish time over the Monte Carlo runs. */
export interface FinishDistribution {
  /** Median, seconds. */
  readonly p50: number;
  /** 95th percentile, seconds. */
  readonly p95: number;
  /** Fastest and slowest run, seconds. */
  readonly min: number;
  readonly max: number;
}

/** Options of {@link simulate}. */
export interface SimulationOptions {
  /** Runs of the Monte Carlo. @default 2000 */
  readonly runs?: number;
  /** Seed of the random numbers: the same seed gives the same result. @default 1 */
  readonly seed?: number;
}

/** Default number of Monte Carlo runs: p95 within a few seconds of its limit for these plans. */
export const DEFAULT_RUNS = 2000;
/** Default seed. */
export const DEFAULT_SEED = 1;

/** Problems of a step graph: duplicate ids, unknown steps or operations, cycles. */
export function scheduleProblems(steps: readonly ScheduleStep[], table: DurationLookup): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(step.id)) problems.push(`step ${step.id} is listed twice`);
    ids.add(step.id);
  }
  for (const step of steps) {
    for (const dep of step.after) if (!ids.has(dep)) problems.push(`step ${step.id} waits for ${dep}, which is not in the plan`);
    for (const op of step.operations) if (!(op in table)) problems.push(`step ${step.id}: operation ${op} is not in the duration table`);
  }
  if (problems.length === 0 && topologicalOrder(steps) === undefined) problems.push('steps wait for each other in a cycle');
  return problems;
}

/** Steps in an order where each comes after what it waits for (plan order kept where free); undefined on a cycle. */
function topologicalOrder(steps: readonly ScheduleStep[]): ScheduleStep[] | undefined {
  const done = new Set<string>();
  const order: ScheduleStep[] = [];
  let progress = true;
  while (order.length < steps.length && progress) {
    progress = false;
    for (const step of steps) {
      if (!done.has(step.id) && step.after.every((d) => done.has(d))) {
        done.add(step.id);
        order.push(step);
        progress = true;
      }
    }
  }
  return order.length === steps.length ? order : undefined;
}

function orderOf(steps: readonly ScheduleStep[], table: DurationLookup): ScheduleStep[] {
  const problems = scheduleProblems(steps, table);
  if (problems.length > 0) throw new Error(`Invalid plan:\n  - ${problems.join('\n  - ')}`);
  return topologicalOrder(steps) as ScheduleStep[];
}

/** The step finishing last (the first in plan order on a tie): the default target. */
function lastStep(order: readonly ScheduleStep[], finish: ReadonlyMap<string, number>): string {
  let best = order[0].id;
  for (const step of order) if ((finish.get(step.id) ?? 0) > (finish.get(best) ?? 0)) best = step.id;
  return best;
}

/**
 * The schedule with every operation at its typical figure, and the critical path to `target` (the step that
 * finishes last when not given). On a tie between upstream steps, the first listed in `after` is on the path.
 * @throws Error for an invalid graph (see {@link scheduleProblems})
 */
export function typicalSchedule(steps: readonly ScheduleStep[], table: DurationLookup, target?: string): TypicalSchedule {
  const order = orderOf(steps, table);
  const times = new Map<string, { start: number; finish: number }>();
  const via = new Map<string, string | undefined>();
  for (const step of order) {
    let start = 0;
    let from: string | undefined;
    for (const dep of step.after) {
      const f = (times.get(dep) as { finish: number }).finish;
      if (from === undefined || f > start) {
        start = f;
        from = dep;
      }
    }
    const seconds = step.operations.reduce((sum, op) => sum + table[op].typicalSeconds, 0);
    times.set(step.id, { start, finish: start + seconds });
    via.set(step.id, from);
  }
  const finishes = new Map([...times].map(([id, t]) => [id, t.finish]));
  const end = target ?? lastStep(order, finishes);
  if (!times.has(end)) throw new Error(`Invalid plan: target ${end} is not a step`);
  const path: string[] = [];
  for (let id: string | undefined = end; id !== undefined; id = via.get(id)) path.unshift(id);
  return {
    times,
    criticalPath: path,
    seconds: (times.get(end) as { finish: number }).finish,
    sequentialSeconds: order.reduce((sum, s) => sum + s.operations.reduce((t, op) => t + table[op].typicalSeconds, 0), 0),
  };
}

/**
 * Finish-time distributions of `targets` (each a step id) over `runs` Monte Carlo runs: in each run every
 * operation takes a duration drawn from its PERT distribution (see {@link samplePert}), and each step starts
 * when the last step it waits for has finished.
 * @throws Error for an invalid graph or an unknown target
 */
export function simulate(
  steps: readonly ScheduleStep[],
  table: DurationLookup,
  targets: readonly string[],
  options: SimulationOptions = {},
): Record<string, FinishDistribution> {
  const order = orderOf(steps, table);
  for (const t of targets) if (!order.some((s) => s.id === t)) throw new Error(`Invalid plan: target ${t} is not a step`);
  const runs = options.runs ?? DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs (${runs}) must be a whole number >= 1`);
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const samples: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t, []]));
  const finish = new Map<string, number>();
  for (let run = 0; run < runs; run++) {
    finish.clear();
    for (const step of order) {
      const start = step.after.reduce((max, dep) => Math.max(max, finish.get(dep) as number), 0);
      const seconds = step.operations.reduce((sum, op) => sum + samplePert(table[op], random), 0);
      finish.set(step.id, start + seconds);
    }
    for (const t of targets) samples[t].push(finish.get(t) as number);
  }
  return Object.fromEntries(targets.map((t) => [t, distributionOf(samples[t])]));
}

/** p50, p95, min and max of samples (nearest-rank percentiles). */
export function distributionOf(samples: readonly number[]): FinishDistribution {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** The nearest-rank percentile `q` (0-100] of ascending `sorted` values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  if (!(q > 0 && q <= 100)) throw new Error(`percentile (${q}) must be in (0, 100]`);
  return sorted[Math.ceil((q / 100) * sorted.length) - 1];
}

/**
 * A uniform generator on [0, 1) from a 32-bit seed (mulberry32): small, fast, and the same sequence for the
 * same seed on every machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A draw from the PERT distribution of a three-point estimate: a Beta distribution on [low, high] with its mode
 * at `typical` (shape 1 + 4 (typical - low) / (high - low) and 1 + 4 (high - typical) / (high - low)), so its
 * mean is (low + 4 typical + high) / 6. Project planning's usual reading of "low / most likely / high": the
 * slow tail is there but thinner than a triangle's. A degenerate estimate (low = high) returns low.
 */
export function samplePert(d: ThreePointSeconds, random: () => number): number {
  const { lowSeconds: a, typicalSeconds: m, highSeconds: b } = d;
  if (b <= a) return a;
  const alpha = 1 + (4 * (m - a)) / (b - a);
  const beta = 1 + (4 * (b - m)) / (b - a);
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return a + (b - a) * (x / (x + y));
}

/** A standard normal draw (Box-Muller). */
function sampleNormal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) never happens
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A Gamma(shape, 1) draw for shape >= 1 (Marsaglia and Tsang, 2000). */
function sampleGamma(shape: number, random: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}
