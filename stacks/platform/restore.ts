/**
 * `canary-platform:cluster.restore`: the disaster-recovery switch. When set, the stack creates a Backup for GKE
 * restore plan that restores the listed namespaces from another cluster's backup plan into this cluster. Used
 * by the single program (`stacks/platform/program.ts`) and by the `cluster` layer.
 */
import { backupPlanId, GkeRestorePlan, GkeRestorePlanArgs, validateGkeRestorePlanArgs } from '../../packages/platform/disaster-recovery';
import type { GkeCluster } from '../../packages/platform/gke';
import { Problem, ValidationError } from '../../packages/shared';
import type { StackConfig } from './config';
import { PROJECT } from './config-schema';

/** Name of the restore plan of a cluster: `<clusterName>-restore`. */
export function restorePlanName(clusterName: string): string {
  return `${clusterName}-restore`;
}

/** The restore plan's arguments (without the target cluster), or undefined when `cluster.restore` is not set. */
export function restorePlanArgs(config: StackConfig): Omit<GkeRestorePlanArgs, 'cluster'> | undefined {
  const restore = config.cluster.restore;
  if (!restore) return undefined;
  return {
    project: config.project,
    region: config.region,
    planName: restorePlanName(config.cluster.name),
    backupPlan: restore.backupPlan,
    namespaces: restore.namespaces,
    labels: { environment: config.environment, 'managed-by': 'pulumi', ...config.cluster.labels },
  };
}

/**
 * Problems with `cluster.restore`, named by stack file and key:
 * `Pulumi.dr.yaml: canary-platform:cluster.restore.backupPlan (...) must be in project acme-canary-prod: ...`.
 * A stack restoring from its own backup plan is a problem too (a restore plan is for a rebuilt cluster).
 */
export function restoreProblems(config: StackConfig): Problem[] {
  const args = restorePlanArgs(config);
  if (!args) return [];
  const problems = validateGkeRestorePlanArgs(config.cluster.name, args)
    // The plan name is derived from the (validated) cluster name: not a key the user sets.
    .filter((p) => p.path !== 'planName')
    .map((p) => ({ subject: config.file, path: `${PROJECT}:cluster.restore.${p.path}`, message: p.message }));
  const own = backupPlanId(config.project, config.region, config.cluster.name);
  if (args.backupPlan === own) {
    problems.push({
      subject: config.file,
      path: `${PROJECT}:cluster.restore.backupPlan`,
      message: `(${args.backupPlan}) is this stack's own backup plan; point it at the plan of the cluster being replaced`,
    });
  }
  return problems;
}

/**
 * Registers the restore plan for `cluster` when `cluster.restore` is set.
 * @throws ValidationError naming the stack file and keys when `cluster.restore` is invalid
 */
export function buildRestorePlan(config: StackConfig, cluster: GkeCluster): GkeRestorePlan | undefined {
  const args = restorePlanArgs(config);
  if (!args) return undefined;
  const problems = restoreProblems(config);
  if (problems.length > 0) throw new ValidationError(`Invalid stack configuration in ${config.file}`, problems);
  return new GkeRestorePlan(restorePlanName(config.cluster.name), { ...args, cluster: cluster.cluster.id }, { dependsOn: [...cluster.nodePools] });
}
