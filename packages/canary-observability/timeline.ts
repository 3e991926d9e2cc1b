/**
 * The release timeline of a CanaryService as a schedule a person can read: what happens at each analysis tick
 * and where the traffic is, plus the durations `packages/canary/timing.ts` computes (the arithmetic lives
 * there, once; this module only lays it out, and checks that its schedule ends where that arithmetic says).
 */
import { describeMatchRule, scheduleWeights } from '../canary/spec';
import { releaseTimeline, type ReleaseTimeline } from '../canary/spec';
import type { ResolvedCanaryService } from '../canary/spec';
import { requireObjectArguments } from '../shared';

/** One tick of the schedule. */
export interface ScheduleStep {
  /** Worst-case seconds after the release is applied (detection may take up to one interval). */
  readonly atSeconds: number;
  /** What Flagger does at this tick. */
  readonly event: string;
  /** Share of live user traffic the canary serves after this tick, in percent. */
  readonly canaryWeight: number;
}

/** Everything the timeline command and the synth summary print for one service. */
export interface ServiceTimeline {
  /** `namespace/name`. */
  readonly service: string;
  /** Strategy, described: `canary 5% → 10% → 20% → 50%`. */
  readonly strategy: string;
  /** The tick-by-tick schedule of a healthy release. */
  readonly schedule: readonly ScheduleStep[];
  /** The canary helper's arithmetic (intervals, promotion and rollback times, explanation). */
  readonly timing: ReleaseTimeline;
}

/** The schedule ticks of `spec`'s strategy, without times. */
function ticks(spec: ResolvedCanaryService): { event: string; canaryWeight: number }[] {
  const s = spec.strategy;
  const detect = { event: 'new revision detected, canary scaled up', canaryWeight: 0 };
  const finish = (lastWeight: number) => [
    { event: 'analysis passed: promoting (primary gets the new version)', canaryWeight: lastWeight },
    { event: 'all traffic routed to the primary', canaryWeight: 0 },
    { event: 'canary scaled to zero: Succeeded', canaryWeight: 0 },
  ];
  switch (s.kind) {
    case 'canary': {
      const weights = scheduleWeights(s);
      return [detect, ...weights.map((w) => ({ event: `canary at ${w}%`, canaryWeight: w })), ...finish(weights[weights.length - 1] ?? 0)];
    }
    case 'mirror': {
      const weights = scheduleWeights(s);
      return [
        detect,
        { event: `${s.mirrorWeight}% of traffic mirrored to the canary (responses discarded)`, canaryWeight: 0 },
        ...weights.map((w) => ({ event: `canary at ${w}%`, canaryWeight: w })),
        ...finish(weights[weights.length - 1] ?? 0),
      ];
    }
    case 'abTesting': {
      const rules = s.match.map(describeMatchRule).join(' or ');
      return [
        detect,
        ...Array.from({ length: s.iterations }, (_v, i) => ({ event: `A/B iteration ${i + 1}/${s.iterations}: requests matching ${rules}`, canaryWeight: 0 })),
        ...finish(0),
      ];
    }
    case 'blueGreen': {
      const tested = s.mirrorWeight === undefined ? 'load tests only' : `load tests and ${s.mirrorWeight}% mirrored traffic`;
      return [
        detect,
        ...Array.from({ length: s.iterations }, (_v, i) => ({ event: `blue/green iteration ${i + 1}/${s.iterations}: ${tested}`, canaryWeight: 0 })),
        { event: 'traffic switched to the canary (green)', canaryWeight: 100 },
        ...finish(100),
      ];
    }
  }
}

/** Describes the strategy in a few words. */
export function describeStrategy(spec: ResolvedCanaryService): string {
  const s = spec.strategy;
  switch (s.kind) {
    case 'canary':
      return `canary ${scheduleWeights(s).map((w) => `${w}%`).join(' → ')}`;
    case 'mirror':
      return `mirror ${s.mirrorWeight}%, then ${scheduleWeights(s).map((w) => `${w}%`).join(' → ')}`;
    case 'abTesting':
      return `A/B testing, ${s.iterations} iterations`;
    case 'blueGreen':
      return `blue/green, ${s.iterations} iterations`;
  }
}

/**
 * The timeline of one service: tick `j` happens at most `(j + 1) × interval` after the release is applied.
 * @throws Error if the schedule and the canary helper's promotion arithmetic disagree (a bug in one of them)
 */
export function serviceTimeline(spec: ResolvedCanaryService): ServiceTimeline {
  requireObjectArguments('serviceTimeline', { spec });
  const timing = releaseTimeline(spec);
  const schedule = ticks(spec).map((t, j) => ({ ...t, atSeconds: (j + 1) * timing.intervalSeconds }));
  const end = schedule[schedule.length - 1].atSeconds;
  if (end !== timing.promotionSeconds) {
    throw new Error(`${spec.name}: the schedule ends at ${end}s but releaseTimeline says promotion takes ${timing.promotionSeconds}s`);
  }
  return { service: `${spec.namespace}/${spec.name}`, strategy: describeStrategy(spec), schedule, timing };
}

/** `90s`, `4m`, `6m30s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

/** One row per service for summaries: the figures the issue asks for. */
export interface TimelineSummaryRow {
  /** `namespace/name`. */
  readonly service: string;
  /** Strategy. */
  readonly strategy: string;
  /** `30s × 2`: analysis interval and failed-check threshold. */
  readonly analysis: string;
  /** Time to full promotion. */
  readonly promotion: string;
  /** Worst case from a failure on the canary to all traffic back on the primary: (T + 1) × I. */
  readonly failureToRollback: string;
  /** Worst case from a failing release being applied to rollback (failing checks or pods never ready). */
  readonly releaseToRollback: string;
}

/** The summary row of a timeline. */
export function timelineSummaryRow(t: ServiceTimeline): TimelineSummaryRow {
  return {
    service: t.service,
    strategy: t.strategy,
    analysis: `${formatSeconds(t.timing.intervalSeconds)} × ${t.timing.threshold}`,
    promotion: formatSeconds(t.timing.promotionSeconds),
    failureToRollback: formatSeconds(t.timing.exposureSeconds),
    releaseToRollback: formatSeconds(t.timing.worstCaseRollbackSeconds),
  };
}

/** The full text block of one service, as `canary-platform timeline` prints it. */
export function renderServiceTimeline(t: ServiceTimeline): string[] {
  const width = Math.max(...t.schedule.map((s) => formatSeconds(s.atSeconds).length));
  return [
    `${t.service}  (${t.strategy}; analysis every ${formatSeconds(t.timing.intervalSeconds)}, rollback after ${t.timing.threshold} failed checks)`,
    '  traffic schedule of a healthy release (worst case; times from the release being applied):',
    ...t.schedule.map(
      (s) => `    t+${formatSeconds(s.atSeconds).padEnd(width)}  canary ${`${s.canaryWeight}%`.padStart(4)}  ${s.event}`,
    ),
    `  time to full promotion:                 ${formatSeconds(t.timing.promotionSeconds)}`,
    `  failure on the canary -> rollback:      ${formatSeconds(t.timing.exposureSeconds)} at most ((T + 1) × I)`,
    `  failing release applied -> rollback:    ${formatSeconds(t.timing.failingChecksRollbackSeconds)} at most ((T + 3) × I)`,
    `  pods never ready -> rollback:           ${formatSeconds(t.timing.notReadyRollbackSeconds)} at most (progress deadline + 2 × I)`,
    '  arithmetic:',
    ...t.timing.explanation.map((line) => `    ${line}`),
  ];
}
