/**
 * Arguments of {@link GkeRestorePlan}: types, defaults and validation. Pure; no Pulumi resources here.
 */
import type * as pulumi from '@pulumi/pulumi';
import { objectProblems, PLATFORM_CONTRACT, Problem, ValidationError } from '../../shared';

/** `projects/<project>/locations/<region>/backupPlans/<name>`. */
const BACKUP_PLAN = /^projects\/([^/]+)\/locations\/([^/]+)\/backupPlans\/([^/]+)$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * How a restore treats what the rebuilt cluster already has. The rebuild installs every chart first, so the
 * namespaces and PersistentVolumeClaims exist when the restore runs: `MERGE_REPLACE_VOLUME_ON_CONFLICT` keeps
 * the objects the rebuild created and replaces only the data of conflicting volumes with the backup's.
 * @see https://cloud.google.com/kubernetes-engine/docs/add-on/backup-for-gke/reference/rest/v1/RestoreConfig#namespacedresourcerestoremode
 */
export const RESTORE_PLAN_DEFAULTS = {
  /** Namespaces restored: the ones GkeCluster backs up by default. */
  namespaces: [PLATFORM_CONTRACT.monitoringNamespace] as readonly string[],
  namespacedResourceRestoreMode: 'MERGE_REPLACE_VOLUME_ON_CONFLICT',
  volumeDataRestorePolicy: 'RESTORE_VOLUME_DATA_FROM_BACKUP',
  /** Cluster-scoped objects (CRDs, ClusterRoles) come from the rebuild, never from the backup. */
  restoreClusterScopedResources: false,
} as const;

/** Arguments of {@link GkeRestorePlan}. */
export interface GkeRestorePlanArgs {
  /** GCP project of the target cluster and the restore plan (the backup plan must be in it too). */
  readonly project: string;
  /** Region of the target cluster; a restore plan lives in its target cluster's region. */
  readonly region: string;
  /** Target cluster, `projects/<p>/locations/<region>/clusters/<name>` (for example `GkeCluster.cluster.id`). */
  readonly cluster: pulumi.Input<string>;
  /** Name of the restore plan, for example `canary-prod-ew1-restore`. */
  readonly planName: string;
  /**
   * The Backup for GKE plan whose backups are restored, `projects/<p>/locations/<region>/backupPlans/<name>`;
   * usually the plan of the cluster being replaced (see {@link backupPlanId}). Its region may differ from the
   * target's: that is how a second region is restored from the first one's backups.
   */
  readonly backupPlan: string;
  /** Namespaces restored (their objects and volume data). @default ['monitoring'] */
  readonly namespaces?: readonly string[];
  /** GCP labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** {@link GkeRestorePlanArgs} with defaults applied. */
export interface ResolvedGkeRestorePlanArgs extends Omit<GkeRestorePlanArgs, 'namespaces' | 'labels'> {
  readonly namespaces: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * The id of the Backup for GKE plan `GkeCluster` creates for a cluster (`<clusterName>-stateful` in the
 * cluster's region): what a restore plan in another region points at.
 */
export function backupPlanId(project: string, region: string, clusterName: string): string {
  return `projects/${project}/locations/${region}/backupPlans/${clusterName}-stateful`;
}

/** Every problem with `args` (paths relative to the args); empty when valid. */
export function validateGkeRestorePlanArgs(name: string, args: Omit<GkeRestorePlanArgs, 'cluster'>): Problem[] {
  const notAnObject = objectProblems(name, { args: args });
  if (notAnObject.length > 0) return notAnObject;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  const plan = BACKUP_PLAN.exec(args.backupPlan);
  if (!plan) {
    add('backupPlan', `(${args.backupPlan}) must look like projects/<project>/locations/<region>/backupPlans/<name>`);
  } else if (plan[1] !== args.project) {
    add(
      'backupPlan',
      `(${args.backupPlan}) must be in project ${args.project}: restoring from another project needs a Backup for GKE restore channel, which this platform does not create`,
    );
  }
  if (!DNS_LABEL.test(args.planName) || args.planName.length > 63) {
    add('planName', `(${args.planName}) must be a lower-case DNS label of at most 63 characters`);
  }
  const namespaces = args.namespaces ?? RESTORE_PLAN_DEFAULTS.namespaces;
  if (namespaces.length === 0) add('namespaces', '(empty) must name at least one namespace');
  const seen = new Set<string>();
  namespaces.forEach((ns, i) => {
    if (!DNS_LABEL.test(ns)) add(`namespaces[${i}]`, `(${ns}) must be a lower-case DNS label`);
    if (seen.has(ns)) add(`namespaces[${i}]`, `(${ns}) is listed twice`);
    seen.add(ns);
  });
  return problems;
}

/** Validates (one {@link ValidationError} listing every problem) and applies the defaults. */
export function resolveGkeRestorePlanArgs(name: string, args: GkeRestorePlanArgs): ResolvedGkeRestorePlanArgs {
  const problems = validateGkeRestorePlanArgs(name, args);
  if (problems.length > 0) throw new ValidationError(`GkeRestorePlan ${name}: invalid arguments`, problems);
  return {
    ...args,
    namespaces: [...(args.namespaces ?? RESTORE_PLAN_DEFAULTS.namespaces)],
    labels: { ...args.labels },
  };
}
