import { formatProblem, requireObjectArguments } from '../shared';
import type { AppliedWaiver, EvaluatePoliciesResult, PolicyViolation } from './types';

/**
 * One line per violation: `error workload-image-pinned apps/Deployment/podinfo: spec.template.spec.containers[0].image
 * ("nginx:latest") uses the mutable tag "latest"; pin ...`.
 */
export function formatViolation(v: PolicyViolation): string {
  requireObjectArguments('formatViolation', { violation: v });
  return `${v.severity} ${v.ruleId} ${formatProblem(v)}`;
}

/** One line per waiver: `waived gke-deletion-protection for gcp:container/cluster:Cluster::dev (2 findings): "reason"`. */
export function formatWaiver(w: AppliedWaiver): string {
  requireObjectArguments('formatWaiver', { waiver: w });
  const use = w.suppressed === 0 ? 'unused: nothing to waive, remove it' : `${w.suppressed} finding${w.suppressed === 1 ? '' : 's'}`;
  return `waived ${w.ruleId} for ${w.subject} (${use}): ${JSON.stringify(w.reason)}`;
}

/** True when any violation blocks (severity `error`). */
export function hasBlockingViolations(result: Pick<EvaluatePoliciesResult, 'violations'>): boolean {
  requireObjectArguments('hasBlockingViolations', { result });
  return result.violations.some((v) => v.severity === 'error');
}

/** Counts violations per rule id, sorted by id: what summaries and CI print. */
export function countByRule(violations: readonly PolicyViolation[]): Array<{ ruleId: string; severity: PolicyViolation['severity']; count: number }> {
  requireObjectArguments('countByRule', { violations }, { arrays: ['violations'] });
  const counts = new Map<string, { ruleId: string; severity: PolicyViolation['severity']; count: number }>();
  for (const v of violations) {
    const entry = counts.get(v.ruleId) ?? { ruleId: v.ruleId, severity: v.severity, count: 0 };
    entry.count += 1;
    counts.set(v.ruleId, entry);
  }
  return [...counts.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}
