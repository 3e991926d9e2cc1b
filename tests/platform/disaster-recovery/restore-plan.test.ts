import { ValidationError } from '../../../packages/shared';
import { backupPlanId, GkeRestorePlanArgs, resolveGkeRestorePlanArgs, RESTORE_PLAN_DEFAULTS, restorePlanSettings, validateGkeRestorePlanArgs } from '../../../packages/platform/disaster-recovery';

const ARGS: GkeRestorePlanArgs = {
  project: 'acme-canary-prod',
  region: 'europe-west1',
  cluster: 'projects/acme-canary-prod/locations/europe-west1/clusters/canary-prod-ew1',
  planName: 'canary-prod-ew1-restore',
  backupPlan: 'projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful',
};

describe('restorePlanSettings', () => {
  it('restores the monitoring namespace with its volume data by default (snapshot)', () => {
    expect(restorePlanSettings(resolveGkeRestorePlanArgs('dr', ARGS))).toMatchSnapshot();
  });

  it('keeps what the rebuild created and replaces only the data of conflicting volumes', () => {
    const settings = restorePlanSettings(resolveGkeRestorePlanArgs('dr', ARGS));
    expect(settings.restoreConfig).toMatchObject({
      namespacedResourceRestoreMode: 'MERGE_REPLACE_VOLUME_ON_CONFLICT',
      volumeDataRestorePolicy: 'RESTORE_VOLUME_DATA_FROM_BACKUP',
      clusterResourceRestoreScope: { noGroupKinds: true },
    });
    expect(RESTORE_PLAN_DEFAULTS.restoreClusterScopedResources).toBe(false);
  });

  it('renders every argument: namespaces, labels, region, source plan and target', () => {
    const settings = restorePlanSettings(
      resolveGkeRestorePlanArgs('dr', { ...ARGS, namespaces: ['monitoring', 'payments'], labels: { team: 'platform' } }),
    );
    expect(settings).toMatchObject({
      project: 'acme-canary-prod',
      location: 'europe-west1',
      name: 'canary-prod-ew1-restore',
      cluster: ARGS.cluster,
      backupPlan: ARGS.backupPlan,
      labels: { 'managed-by': 'pulumi', team: 'platform' },
      restoreConfig: { selectedNamespaces: { namespaces: ['monitoring', 'payments'] } },
    });
  });
});

describe('backupPlanId', () => {
  it('names the plan GkeCluster creates: <cluster>-stateful in the cluster region', () => {
    expect(backupPlanId('acme-canary-prod', 'europe-west4', 'canary-prod')).toBe(
      'projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful',
    );
  });
});

describe('validateGkeRestorePlanArgs', () => {
  it('accepts a plan of another region of the same project', () => {
    expect(validateGkeRestorePlanArgs('dr', ARGS)).toEqual([]);
  });

  it('rejects a malformed backup plan', () => {
    expect(validateGkeRestorePlanArgs('dr', { ...ARGS, backupPlan: 'canary-prod-stateful' })).toEqual([
      { subject: 'dr', path: 'backupPlan', message: '(canary-prod-stateful) must look like projects/<project>/locations/<region>/backupPlans/<name>' },
    ]);
  });

  it('rejects a plan of another project (a restore channel would be needed)', () => {
    expect(validateGkeRestorePlanArgs('dr', { ...ARGS, backupPlan: 'projects/other/locations/europe-west4/backupPlans/x' })).toEqual([
      {
        subject: 'dr',
        path: 'backupPlan',
        message:
          '(projects/other/locations/europe-west4/backupPlans/x) must be in project acme-canary-prod: restoring from another project needs a Backup for GKE restore channel, which this platform does not create',
      },
    ]);
  });

  it('rejects bad, duplicate or no namespaces and a bad plan name, all at once', () => {
    expect(validateGkeRestorePlanArgs('dr', { ...ARGS, planName: 'Restore', namespaces: ['monitoring', 'Bad_NS', 'monitoring'] })).toEqual([
      { subject: 'dr', path: 'planName', message: '(Restore) must be a lower-case DNS label of at most 63 characters' },
      { subject: 'dr', path: 'namespaces[1]', message: '(Bad_NS) must be a lower-case DNS label' },
      { subject: 'dr', path: 'namespaces[2]', message: '(monitoring) is listed twice' },
    ]);
    expect(validateGkeRestorePlanArgs('dr', { ...ARGS, namespaces: [] })).toEqual([
      { subject: 'dr', path: 'namespaces', message: '(empty) must name at least one namespace' },
    ]);
  });

  it('throws one ValidationError when resolving invalid arguments', () => {
    expect(() => resolveGkeRestorePlanArgs('dr', { ...ARGS, namespaces: [] })).toThrow(ValidationError);
    expect(() => resolveGkeRestorePlanArgs('dr', { ...ARGS, namespaces: [] })).toThrow(
      'GkeRestorePlan dr: invalid arguments\n  - dr: namespaces (empty) must name at least one namespace',
    );
  });
});
