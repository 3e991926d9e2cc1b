/**
 * The rebuild plan and its dry-run text, from the real stack files: ordered stacks, waves, what each layer
 * builds for the configuration, the critical path with its estimate; and the configuration checks a rebuild
 * adds (restore switch, KMS key region, --region).
 */
import { resolve } from 'node:path';
import { isValidationError } from '../../packages/shared';
import { UsageError } from '../../tools/shared/errors';
import { approxDuration, formatChanges, formatDuration, formatPlan, targetVerdict } from '../../tools/rebuild/format';
import { checkRegionOption, kmsRegionProblems, layerDetails, loadRebuildConfig, missingLayerProjects, rebuildPlan } from '../../tools/rebuild/plan';

const ROOT = resolve(__dirname, '..', '..');

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (isValidationError(err)) return [err.message.split('\n')[0], ...err.problems.map((p) => `${p.subject}: ${p.path ? `${p.path} ` : ''}${p.message}`)];
    throw err;
  }
  return [];
}

describe('rebuildPlan', () => {
  it.each(['prod', 'dr'])('prints the %s dry run: order, waves, estimates, p50/p95 and critical path (snapshot)', (stack) => {
    const plan = rebuildPlan(stack, loadRebuildConfig(ROOT, stack));
    expect(formatPlan(plan).join('\n')).toMatchSnapshot();
  });

  it('orders the stacks by wave and names them canary-platform-<layer>/<stack>', () => {
    const plan = rebuildPlan('prod', loadRebuildConfig(ROOT, 'prod'));
    expect(plan.stacks.map((s) => [s.stackName, s.wave, s.projectDir])).toEqual([
      ['canary-platform-cluster/prod', 1, 'stacks/layers/cluster'],
      ['canary-platform-mesh/prod', 2, 'stacks/layers/mesh'],
      ['canary-platform-observability/prod', 2, 'stacks/layers/observability'],
      ['canary-platform-delivery/prod', 3, 'stacks/layers/delivery'],
      ['canary-platform-services/prod', 4, 'stacks/layers/services'],
    ]);
    expect(plan.waves).toEqual([['cluster'], ['mesh', 'observability'], ['delivery'], ['services']]);
    expect(plan.estimate.criticalLayers).toEqual(['cluster', 'observability', 'delivery', 'services']);
    expect(missingLayerProjects(ROOT, plan)).toEqual([]);
  });

  it('marks durations as estimates and promises no destroy', () => {
    const text = formatPlan(rebuildPlan('prod', loadRebuildConfig(ROOT, 'prod'))).join('\n');
    expect(text).toContain('durations are ESTIMATES of a first build from the duration table, not measurements');
    expect(text).toContain('Estimated duration (ESTIMATE: Monte Carlo over the duration table, 2000 runs, seed 1):');
    expect(text).toContain('  critical path: cluster -> observability -> delivery -> services');
    expect(text).toMatch(/ {2}typical ~\d+ min \(one layer after the other: ~\d+ min\); p50 ~\d+ min, p95 ~\d+ min/);
    expect(text).toContain('  target: a cold rebuild in at most 25 min at p95 - NOT met on this model');
    expect(text).toContain('REFUSES the layer if the preview would delete or replace anything');
    expect(text).toContain('dry run: nothing is called - no cloud, no Pulumi CLI');
  });

  it('describes what staging differs in: spot pool, no backups, Argo Rollouts, HTTP gateway', () => {
    const { config } = loadRebuildConfig(ROOT, 'staging');
    expect(layerDetails('cluster', config)).toEqual([
      'cluster canary-staging in europe-west4 (europe-west4-a, europe-west4-b), project acme-canary-staging',
      'node pools: general (e2-standard-4, 1-4/zone, spot)',
      'backups: off',
    ]);
    expect(layerDetails('mesh', config)).toEqual(['gateway for staging.canary.example.com: HTTP only, 1-3 replicas']);
    expect(layerDetails('observability', config)[1]).toBe('Loki x1 on bucket acme-canary-staging-canary-staging-loki (7 days, versioned)');
    expect(layerDetails('delivery', config)).toEqual(['Flagger x1, loadtester x1', 'Argo Rollouts: on']);
  });

  it('says when a stack has no services', () => {
    const { config } = loadRebuildConfig(ROOT, 'prod');
    expect(layerDetails('services', { ...config, services: [] })).toEqual(['no CanaryServices (the stack stays empty)']);
  });
});

describe('loadRebuildConfig', () => {
  it('rejects an unknown stack, listing the stacks that exist', () => {
    expect(problems(() => loadRebuildConfig(ROOT, 'prd'))).toEqual([
      'Unknown stack "prd"',
      `Pulumi.prd.yaml: does not exist in ${ROOT === process.cwd() ? 'this folder' : ROOT}; existing stacks: dr, prod, staging`,
    ]);
  });

  it('rejects a malformed --region with the gcp:region rule', () => {
    expect(() => checkRegionOption('europe west1')).toThrow(UsageError);
    expect(() => loadRebuildConfig(ROOT, 'prod', 'mars')).toThrow('--region "mars" must be a GCP region like europe-west4');
  });

  it('accepts --region equal to the stack file, and changes nothing then', () => {
    const loaded = loadRebuildConfig(ROOT, 'dr', 'europe-west1');
    expect(loaded.config.region).toBe('europe-west1');
    expect(loaded.regionChangedFrom).toBeUndefined();
  });

  it('says everything a --region move breaks, at once', () => {
    expect(problems(() => loadRebuildConfig(ROOT, 'prod', 'europe-west1'))).toEqual([
      'Pulumi.prod.yaml does not fit --region europe-west1',
      'Pulumi.prod.yaml: canary-platform:cluster.zones[0] (europe-west4-a) must be a zone of region europe-west1',
      'Pulumi.prod.yaml: canary-platform:cluster.zones[1] (europe-west4-b) must be a zone of region europe-west1',
      'Pulumi.prod.yaml: canary-platform:cluster.zones[2] (europe-west4-c) must be a zone of region europe-west1',
      "Pulumi.prod.yaml: canary-platform:addons.kmsKey (projects/acme-canary-prod/locations/europe-west4/keyRings/gke/cryptoKeys/etcd-secrets) is in europe-west4, but the cluster is in europe-west1: GKE needs the key in the cluster's region",
      '--region: moves the whole stack to europe-west1: its zones and KMS key must be in europe-west1 too; for a standing second region, keep a stack file of its own (see Pulumi.dr.yaml)',
    ]);
  });

  it('checks the KMS key region from the raw configuration', () => {
    const raw = { 'gcp:region': 'europe-west1', 'canary-platform:addons': JSON.stringify({ kmsKey: 'projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k' }) };
    expect(kmsRegionProblems('Pulumi.x.yaml', raw)).toEqual([]);
    expect(kmsRegionProblems('Pulumi.x.yaml', { ...raw, 'gcp:region': 'us-east1' })).toEqual([
      {
        subject: 'Pulumi.x.yaml',
        path: 'canary-platform:addons.kmsKey',
        message: "(projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k) is in europe-west1, but the cluster is in us-east1: GKE needs the key in the cluster's region",
      },
    ]);
    expect(kmsRegionProblems('Pulumi.x.yaml', { 'gcp:region': 'us-east1', 'canary-platform:addons': '{not json' })).toEqual([]);
  });
});

describe('format helpers', () => {
  it('writes estimates in seconds, tenths of minutes below 10 minutes, whole minutes above', () => {
    expect(approxDuration(44.6)).toBe('~45 s');
    expect(approxDuration(59.4)).toBe('~59 s');
    expect(approxDuration(60)).toBe('~1.0 min');
    expect(approxDuration(270)).toBe('~4.5 min');
    expect(approxDuration(596)).toBe('~9.9 min');
    expect(approxDuration(597)).toBe('~10 min');
    expect(approxDuration(1625)).toBe('~27 min');
    expect(targetVerdict(300, 300)).toBe('met');
    expect(targetVerdict(301, 300)).toBe('NOT met');
  });

  it('formats durations and change counts', () => {
    expect(formatDuration(4_200)).toBe('4.2s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(formatChanges({ same: 3, create: 2, delete: 0 })).toBe('2 to create, 3 unchanged');
    expect(formatChanges({ create: 2, update: 1 }, true)).toBe('2 created, 1 updated');
    expect(formatChanges({})).toBe('no resources');
  });
});
