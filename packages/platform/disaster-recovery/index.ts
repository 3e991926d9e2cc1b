export { backupPlanId, resolveGkeRestorePlanArgs, RESTORE_PLAN_DEFAULTS, validateGkeRestorePlanArgs } from './args';
export type { GkeRestorePlanArgs, ResolvedGkeRestorePlanArgs } from './args';
export { restorePlanSettings } from './render';
export { GkeRestorePlan } from './restore-plan';
