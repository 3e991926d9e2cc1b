/**
 * The disaster-recovery stack (`Pulumi.dr.yaml`): prod's warm standby. It renders and validates like prod
 * through the synth engine (the program `pulumi up -s dr` runs), in another region, with names and ranges that
 * do not collide with prod, with `cluster.restore` turning on a Backup for GKE restore plan from prod's backup
 * plan, and with `standby` keeping its node pools and services small until a failover promotes it.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isValidationError, ValidationError } from '../../packages/shared';
import { parseStackConfig } from '../../stacks/platform/config';
import type { PlanResource } from '../../tools/offline/plan';
import { synth, SynthReport } from '../../tools/offline';
import { buildRestorePlan, restoreProblems } from '../../stacks/platform/restore';
import { installRecordingMonitor } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';

const ROOT = resolve(__dirname, '..', '..');

function parse(stack: string, change: (raw: Record<string, string>) => void = () => undefined) {
  const { raw, file } = rawStackConfig(stack);
  change(raw);
  return parseStackConfig(raw, { file, secretKeys: [] });
}

/** Sets `cluster.restore` of the dr stack file to `restore`. */
function withRestore(restore: unknown) {
  return (raw: Record<string, string>): void => {
    const cluster = JSON.parse(raw['canary-platform:cluster']) as Record<string, unknown>;
    raw['canary-platform:cluster'] = JSON.stringify({ ...cluster, restore });
  };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (isValidationError(err)) return err.problems.map((p) => `${p.subject}: ${p.path} ${p.message}`);
    throw err;
  }
  return [];
}

describe('Pulumi.dr.yaml rendered offline (synth)', () => {
  let report: SynthReport;
  const out = join(tmpdir(), `dr-synth-${process.pid}`);

  beforeAll(async () => {
    report = await synth({ projectDir: ROOT, stack: 'dr', outDir: out });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const resource = (type: string, name: string): PlanResource => {
    const found = report.rendered.plan.resources.filter((r) => r.type === type && r.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('validates every manifest, query and check like prod and writes the folder', () => {
    expect(report.files).toContain('plan.json');
    expect(report.rendered.plan.summary.manifests).toBeGreaterThan(0);
    expect(report.rendered.plan.summary.helmReleases).toBe(9);
  });

  it('builds the cluster in europe-west1 under its own names', () => {
    expect(resource('gcp:container/cluster:Cluster', 'canary-prod-ew1-gke-cluster').inputs).toMatchObject({
      name: 'canary-prod-ew1',
      location: 'europe-west1',
      nodeLocations: ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'],
      databaseEncryption: { keyName: 'projects/acme-canary-prod/locations/europe-west1/keyRings/gke/cryptoKeys/etcd-secrets' },
      deletionProtection: true,
    });
    expect(resource('gcp:compute/network:Network', 'canary-prod-ew1-gke-network').inputs.name).toBe('canary-prod-ew1-vpc');
  });

  it('adds the restore plan from prod’s backup plan into the new cluster', () => {
    const plan = resource('gcp:gkebackup/restorePlan:RestorePlan', 'canary-prod-ew1-restore-plan');
    expect(plan.inputs).toMatchObject({
      location: 'europe-west1',
      name: 'canary-prod-ew1-restore',
      backupPlan: 'projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful',
      cluster: 'projects/acme-canary-prod/locations/europe-west1/clusters/canary-prod-ew1',
      restoreConfig: { selectedNamespaces: { namespaces: ['monitoring'] }, namespacedResourceRestoreMode: 'MERGE_REPLACE_VOLUME_ON_CONFLICT' },
    });
    // and backs the new cluster up in its own region
    expect(resource('gcp:gkebackup/backupPlan:BackupPlan', 'canary-prod-ew1-gke-backup').inputs).toMatchObject({
      name: 'canary-prod-ew1-stateful',
      location: 'europe-west1',
    });
  });

  it('stands by small: node pools at their standby minimum (maximum kept), image streaming on, services at 2 replicas', () => {
    for (const [pool, max] of [['system', 3], ['workloads', 10]] as const) {
      const inputs = resource('gcp:container/nodePool:NodePool', `canary-prod-ew1-gke-pool-${pool}`).inputs as Record<string, Record<string, unknown>>;
      expect(inputs.initialNodeCount).toBe(1);
      expect(inputs.autoscaling).toMatchObject({ minNodeCount: 1, maxNodeCount: max });
      expect(inputs.nodeConfig.gcfsConfig).toEqual({ enabled: true });
    }
    expect(resource('gcp:projects/iAMMember:IAMMember', 'canary-prod-ew1-gke-image-streaming-acme-canary-prod').inputs).toMatchObject({
      role: 'roles/serviceusage.serviceUsageConsumer',
      project: 'acme-canary-prod',
    });
    const group = resource('kubernetes:yaml/v2:ConfigGroup', 'canary-prod-ew1-services-demo');
    const objs = group.inputs.objs as Array<{ kind: string; spec?: Record<string, unknown> }>;
    expect(objs.find((o) => o.kind === 'HorizontalPodAutoscaler')?.spec).toMatchObject({ minReplicas: 2, maxReplicas: 12 });
    // Two replicas keep the PodDisruptionBudget: returning to standby deletes nothing.
    expect(objs.filter((o) => o.kind === 'PodDisruptionBudget')).toHaveLength(1);
  });

  it('keeps the Loki bucket versioned, never force-destroyed and protected, like the cluster', () => {
    const bucket = resource('gcp:storage/bucket:Bucket', 'canary-prod-ew1-observability-loki-bucket');
    expect(bucket.inputs).toMatchObject({ name: 'acme-canary-prod-ew1-loki', location: 'EUROPE-WEST1', versioning: { enabled: true }, forceDestroy: false });
    expect(bucket.protect).toBe(true);
    expect(resource('gcp:container/cluster:Cluster', 'canary-prod-ew1-gke-cluster').protect).toBe(true);
  });
});

describe('Pulumi.dr.yaml next to Pulumi.prod.yaml', () => {
  const prod = parse('prod');
  const dr = parse('dr');

  it('differs only in what a region decides, names, ranges, labels, the restore switch and the standby', () => {
    const strip = (c: typeof prod) => ({
      ...c,
      file: undefined,
      region: undefined,
      // What the standby runs at production size: its declarations.
      cluster: { ...c.cluster, nodePools: c.standby?.productionNodePools ?? c.cluster.nodePools, name: undefined, zones: undefined, network: undefined, restore: undefined, labels: undefined },
      services: c.standby?.productionServices ?? c.services,
      standby: undefined,
      addons: { ...c.addons, kmsKey: undefined },
      observability: { ...c.observability, loki: { ...c.observability.loki, bucketName: undefined } },
    });
    expect(strip(dr)).toEqual(strip(prod));
  });

  it('is the standby of prod, standing by', () => {
    expect(dr.standby?.settings).toMatchObject({ of: 'prod', state: 'standby', minNodes: { system: 1, workloads: 1 }, serviceReplicas: 2, imageStreaming: true });
    expect(dr.standby?.settings.traffic).toEqual({ managedZone: 'canary-example-com', ttlSeconds: 30 });
  });

  it('uses names and address ranges that do not collide with prod', () => {
    expect(dr.cluster.name).not.toBe(prod.cluster.name);
    expect(dr.observability.loki?.bucketName).not.toBe(prod.observability.loki?.bucketName);
    for (const key of ['subnetCidr', 'podsCidr', 'servicesCidr', 'masterCidr'] as const) {
      expect(dr.cluster.network?.[key]).not.toBe(prod.cluster.network?.[key]);
    }
  });

  it('restores from the backup plan the prod cluster has', () => {
    expect(dr.cluster.restore?.backupPlan).toBe(`projects/${prod.project}/locations/${prod.region}/backupPlans/${prod.cluster.name}-stateful`);
    expect(restoreProblems(dr)).toEqual([]);
  });
});

describe('canary-platform:cluster.restore validation', () => {
  it('rejects a malformed backup plan and unknown keys, naming the file and key', () => {
    expect(problemsOf(() => parse('dr', withRestore({ backupPlan: 'canary-prod-stateful', when: 'now' })))).toEqual([
      'Pulumi.dr.yaml: canary-platform:cluster.restore.backupPlan "canary-prod-stateful" must look like projects/<project>/locations/<region>/backupPlans/<name>',
      'Pulumi.dr.yaml: canary-platform:cluster.restore.when is not a known key; known keys: backupPlan, namespaces',
    ]);
  });

  it('rejects a backup plan of another project, and the stack’s own plan', () => {
    expect(
      restoreProblems(parse('dr', withRestore({ backupPlan: 'projects/acme-other/locations/europe-west4/backupPlans/canary-prod-stateful' }))).map(
        (p) => `${p.subject}: ${p.path} ${p.message}`,
      ),
    ).toEqual([
      'Pulumi.dr.yaml: canary-platform:cluster.restore.backupPlan (projects/acme-other/locations/europe-west4/backupPlans/canary-prod-stateful) must be in project acme-canary-prod: restoring from another project needs a Backup for GKE restore channel, which this platform does not create',
    ]);
    expect(
      restoreProblems(parse('dr', withRestore({ backupPlan: 'projects/acme-canary-prod/locations/europe-west1/backupPlans/canary-prod-ew1-stateful' }))).map(
        (p) => p.message,
      ),
    ).toEqual([
      "(projects/acme-canary-prod/locations/europe-west1/backupPlans/canary-prod-ew1-stateful) is this stack's own backup plan; point it at the plan of the cluster being replaced",
    ]);
  });

  it('stops the program with the same problems before anything is registered', () => {
    installRecordingMonitor({ stack: 'dr' });
    const config = parse('dr', withRestore({ backupPlan: 'projects/acme-other/locations/europe-west4/backupPlans/x' }));
    expect(() => buildRestorePlan(config, {} as never)).toThrow(ValidationError);
    expect(problemsOf(() => buildRestorePlan(config, {} as never))).toHaveLength(1);
  });

  it('adds nothing when cluster.restore is not set (prod)', () => {
    expect(buildRestorePlan(parse('prod'), {} as never)).toBeUndefined();
  });
});
