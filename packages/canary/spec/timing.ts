/**
 * How long a release takes: pure arithmetic on a resolved spec, derived from Flagger's scheduler
 * (pkg/controller/scheduler.go, v1.44). Flagger advances a Canary once per analysis interval I ("tick"):
 *
 * - tick 0 (at most I after the Deployment changes): new revision detected, canary scaled up, phase Progressing;
 * - tick 1: pre-rollout hooks (acceptance test), then the first traffic step (first weight, first A/B or
 *   blue/green iteration, or the mirror step);
 * - each further tick: analysis (rollout hooks + metric checks); on success one more step, on failure one more
 *   failed check and no progress;
 * - the tick after the failed checks reach the threshold T: all traffic back to the primary, canary scaled to
 *   zero (rollback);
 * - after the last step: promotion (primary gets the new pod spec), then all traffic to the primary, then the
 *   canary is scaled to zero (Succeeded): three more ticks.
 *
 * Assumptions, stated in every explanation: new pods are ready within one interval; each tick's webhooks finish
 * within one interval; manual gates (confirm-rollout/confirm-promotion) are open. A canary whose pods never get
 * ready is rolled back by the progress deadline P instead: its scale-up starts the clock at tick 0 and the first
 * tick after P rolls it back.
 */
import { requireObjectArguments } from '../../shared';
import type { ResolvedCanaryService } from './resolved';
import { scheduleWeights } from './schema-strategy';

/** The release timeline of a service. */
export interface ReleaseTimeline {
  /** Analysis interval I, seconds. */
  readonly intervalSeconds: number;
  /** Failed checks before rollback, T. */
  readonly threshold: number;
  /** Traffic steps before promotion: weights of the schedule, or iterations. */
  readonly steps: number;
  /** Progress deadline P, seconds. */
  readonly progressDeadlineSeconds: number;
  /** From a change to rollback when the checks fail from the first step: (T + 3) x I. */
  readonly failingChecksRollbackSeconds: number;
  /** Longest time users are served by a failing canary, from its first traffic to rollback: (T + 1) x I. */
  readonly exposureSeconds: number;
  /** From a change to rollback when the new pods never get ready: P + 2 x I. */
  readonly notReadyRollbackSeconds: number;
  /** The larger of the two rollback times. */
  readonly worstCaseRollbackSeconds: number;
  /** From a change to Succeeded for a healthy release. */
  readonly promotionSeconds: number;
  /** The arithmetic, one line each, for docs and the CLI. */
  readonly explanation: readonly string[];
}

/** Extra ticks a strategy needs besides its steps (see the file comment). */
function promotionTicks(spec: ResolvedCanaryService): { steps: number; ticks: number; why: string } {
  const s = spec.strategy;
  switch (s.kind) {
    case 'canary': {
      const n = scheduleWeights(s).length;
      return { steps: n, ticks: n + 4, why: `detect + ${n} weight steps + promote + route to primary + finalise = (${n} + 4)` };
    }
    case 'mirror': {
      const n = scheduleWeights(s).length;
      return { steps: n, ticks: n + 5, why: `detect + mirror step + ${n} weight steps + promote + route to primary + finalise = (${n} + 5)` };
    }
    case 'abTesting':
      return { steps: s.iterations, ticks: s.iterations + 4, why: `detect + ${s.iterations} iterations + promote + route to primary + finalise = (${s.iterations} + 4)` };
    case 'blueGreen':
      return {
        steps: s.iterations,
        ticks: s.iterations + 5,
        why: `detect + ${s.iterations} iterations + switch to green + promote + route to primary + finalise = (${s.iterations} + 5)`,
      };
  }
}

/** The release timeline of `spec`, with its arithmetic. */
export function releaseTimeline(spec: ResolvedCanaryService): ReleaseTimeline {
  requireObjectArguments('releaseTimeline', { spec });
  const i = spec.analysis.interval.toSeconds();
  const t = spec.analysis.threshold;
  const p = spec.analysis.progressDeadline.toSeconds();
  const promotion = promotionTicks(spec);
  const failing = (t + 3) * i;
  const notReady = p + 2 * i;
  const worst = Math.max(failing, notReady);
  return {
    intervalSeconds: i,
    threshold: t,
    steps: promotion.steps,
    progressDeadlineSeconds: p,
    failingChecksRollbackSeconds: failing,
    exposureSeconds: (t + 1) * i,
    notReadyRollbackSeconds: notReady,
    worstCaseRollbackSeconds: worst,
    promotionSeconds: promotion.ticks * i,
    explanation: [
      `failing checks: detect (${i}s) + first step (${i}s) + ${t} failed checks (${t} x ${i}s) + rollback step (${i}s) = (${t} + 3) x ${i}s = ${failing}s`,
      `users on a failing canary at most: (${t} + 1) x ${i}s = ${(t + 1) * i}s`,
      `pods never ready: detect (${i}s) + progress deadline (${p}s) + next step (${i}s) = ${notReady}s`,
      `worst case to rollback: max(${failing}s, ${notReady}s) = ${worst}s`,
      `healthy promotion: ${promotion.why} x ${i}s = ${promotion.ticks * i}s`,
      'assumes pods ready within one interval, webhooks within one interval, manual gates open',
    ],
  };
}

/** Worst-case seconds from a failing release being applied to all traffic back on the primary. */
export function worstCaseRollbackSeconds(spec: ResolvedCanaryService): number {
  requireObjectArguments('worstCaseRollbackSeconds', { spec });
  return releaseTimeline(spec).worstCaseRollbackSeconds;
}

/** Seconds from a healthy release being applied to its promotion finishing (canary scaled to zero). */
export function promotionSeconds(spec: ResolvedCanaryService): number {
  requireObjectArguments('promotionSeconds', { spec });
  return releaseTimeline(spec).promotionSeconds;
}
