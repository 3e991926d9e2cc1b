/**
 * Pure settings of the Backup for GKE restore plan. Tested without mocks; `GkeRestorePlan` only wires them.
 */
import type * as gcp from '@pulumi/gcp';
import { sortKeys } from '../../shared';
import { RESTORE_PLAN_DEFAULTS, ResolvedGkeRestorePlanArgs } from './args';

/**
 * The restore plan: the selected namespaces with their volume data, objects the rebuild created kept, volume
 * data of conflicting PersistentVolumeClaims replaced from the backup, no cluster-scoped objects.
 */
export function restorePlanSettings(args: ResolvedGkeRestorePlanArgs): gcp.gkebackup.RestorePlanArgs {
  const d = RESTORE_PLAN_DEFAULTS;
  return {
    project: args.project,
    location: args.region,
    name: args.planName,
    cluster: args.cluster,
    backupPlan: args.backupPlan,
    description: `Restores ${args.namespaces.join(', ')} from ${args.backupPlan} into this cluster (disaster recovery)`,
    labels: sortKeys({ ...args.labels, 'managed-by': 'pulumi' }),
    restoreConfig: {
      selectedNamespaces: { namespaces: [...args.namespaces] },
      namespacedResourceRestoreMode: d.namespacedResourceRestoreMode,
      volumeDataRestorePolicy: d.volumeDataRestorePolicy,
      clusterResourceRestoreScope: { noGroupKinds: true },
    },
  };
}
