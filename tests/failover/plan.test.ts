/**
 * The failover plan: which steps each mode runs and in which order, the arithmetic of its milestones on a table
 * without spread, the standby's cost, and the checks between a standby and its primary.
 */
import { resolve } from 'node:path';
import { isValidationError } from '../../packages/shared';
import { UsageError } from '../../tools/shared/errors';
import { parseRestores, resourceFlags } from '../../tools/failover/cloud';
import { restoreName } from '../../tools/failover/engine';
import { formatFailoverPlan } from '../../tools/failover/format';
import { loadStandbyPair, pairProblems, StandbyPair } from '../../tools/failover/pair';
import { failoverPlan, failoverSteps, warmNodes } from '../../tools/failover/plan';
import { formatUsd, HOURS_PER_MONTH, monthlyCost, PRICE_TABLE } from '../../tools/failover/prices';
import { STEP_DURATIONS } from '../../tools/rebuild/durations';

const ROOT = resolve(__dirname, '..', '..');
const pair = loadStandbyPair(ROOT, 'dr');

/** Every operation at exactly 10 s. */
const tenEach = Object.fromEntries(Object.keys(STEP_DURATIONS).map((k) => [k, { lowSeconds: 10, typicalSeconds: 10, highSeconds: 10 }]));

/** The pair with the standby's settings changed. */
function withSettings(change: Record<string, unknown>): StandbyPair {
  const config = pair.standby.config;
  return { ...pair, standby: { ...pair.standby, config: { ...config, standby: { ...config.standby, settings: { ...config.standby.settings, ...change } } } } };
}

describe('failoverSteps', () => {
  const order = (mode: 'failover' | 'drill' | 'failback') => failoverSteps(mode === 'failback' ? loadStandbyPair(ROOT, 'prod') : pair, mode).map((s) => [s.id, s.after]);

  it('fails over: check, scale (nodes, services, restore side by side), wait, serve, move traffic', () => {
    expect(order('failover')).toEqual([
      ['check-source', []],
      ['scale-config', ['check-source']],
      ['scale-nodes', ['scale-config']],
      ['scale-services', ['scale-config']],
      ['restore-data', ['scale-config']],
      ['wait-ready', ['scale-services']],
      ['nodes-ready', ['scale-nodes']],
      ['serve-config', ['wait-ready']],
      ['move-traffic', ['serve-config']],
      ['dns-expiry', ['move-traffic']],
      ['done', ['scale-nodes', 'scale-services', 'restore-data', 'wait-ready', 'nodes-ready', 'serve-config', 'move-traffic', 'dns-expiry']],
    ]);
  });

  it('drills without the traffic steps and without refusing on a serving source', () => {
    const steps = failoverSteps(pair, 'drill');
    expect(steps.map((s) => s.id)).toEqual(['check-source', 'scale-config', 'scale-nodes', 'scale-services', 'restore-data', 'wait-ready', 'nodes-ready', 'done']);
    expect(steps[0].action).toEqual({ kind: 'check-source', stack: 'prod', refuseIfServing: false });
    expect(failoverSteps(pair, 'failover')[0].action).toEqual({ kind: 'check-source', stack: 'prod', refuseIfServing: true });
    expect(failoverSteps(pair, 'failover', true)[0].action).toEqual({ kind: 'check-source', stack: 'prod', refuseIfServing: false });
  });

  it('fails back: primary up, traffic back, then the standby shrinks (services before nodes)', () => {
    expect(order('failback').map(([id]) => id)).toEqual([
      'check-primary',
      'traffic-config',
      'move-traffic',
      'dns-expiry',
      'standby-config',
      'scale-down-services',
      'scale-down-nodes',
      'done',
    ]);
  });

  it('waits for new nodes when a pool stands by at zero nodes per zone', () => {
    const cold = withSettings({ minNodes: { system: 1, workloads: 0 } });
    expect(warmNodes(pair)).toBe(true);
    expect(warmNodes(cold)).toBe(false);
    const wait = failoverSteps(cold, 'failover').find((s) => s.id === 'wait-ready');
    expect(wait?.operations).toEqual(['gke-node-provision', 'pod-start-cold']);
    expect(wait?.after).toEqual(['scale-services', 'scale-nodes']);
  });

  it('restores the namespaces of the restore plan from the primary backup plan, into the standby region', () => {
    expect(failoverSteps(pair, 'failover').find((s) => s.id === 'restore-data')?.action).toEqual({
      kind: 'restore',
      stack: 'dr',
      restorePlan: 'projects/acme-canary-prod/locations/europe-west1/restorePlans/canary-prod-ew1-restore',
      backupPlan: 'projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful',
      namespaces: ['monitoring'],
    });
  });
});

describe('failoverPlan estimates', () => {
  it('adds up the critical path to serving on a table without spread', () => {
    const plan = failoverPlan(pair, { durations: tenEach, runs: 10 });
    // check 10 + scaled 10 + services up 20 + warm start 10 + serving 10 + traffic up 30 + TTL 30
    expect(plan.main).toEqual({ step: 'dns-expiry', label: 'serving production traffic', typicalSeconds: 120, distribution: expect.objectContaining({ min: expect.any(Number) }) });
    expect(plan.criticalPath).toEqual(['check-source', 'scale-config', 'scale-services', 'wait-ready', 'serve-config', 'move-traffic', 'dns-expiry']);
    expect(plan.complete.typicalSeconds).toBe(120);
  });

  it('gives a reproducible distribution (seeded), p95 above p50, and the target verdict in the dry run', () => {
    const a = failoverPlan(pair);
    expect(failoverPlan(pair)).toEqual(a);
    expect(a.main.distribution.p95).toBeGreaterThan(a.main.distribution.p50);
    const text = formatFailoverPlan(a).join('\n');
    expect(text).toMatch(/target: serving production traffic in at most 5\.0 min at p95 - (met|NOT met) on this model/);
  });

  it('prints the dry run of a failover, a drill and a failback (snapshots)', () => {
    expect(formatFailoverPlan(failoverPlan(pair)).join('\n')).toMatchSnapshot();
    expect(formatFailoverPlan(failoverPlan(pair, { drill: true })).join('\n')).toMatchSnapshot();
    expect(formatFailoverPlan(failoverPlan(loadStandbyPair(ROOT, 'prod'))).join('\n')).toMatchSnapshot();
  });
});

describe('the standby cost', () => {
  it('counts nodes per zone times zones, machine hours, boot disks and one cluster fee', () => {
    const cost = monthlyCost('europe-west1', 3, [
      { name: 'a', machineType: 'e2-standard-4', minNodes: 1, diskSizeGb: 100, diskType: 'pd-balanced' },
      { name: 'b', machineType: 'n2-standard-8', minNodes: 2 },
    ]);
    const e2 = PRICE_TABLE.machinesPerHour['europe-west1']['e2-standard-4'] * HOURS_PER_MONTH + 100 * 0.11;
    const n2 = PRICE_TABLE.machinesPerHour['europe-west1']['n2-standard-8'] * HOURS_PER_MONTH + 100 * 0.11;
    expect(cost.nodes).toBe(9);
    expect(cost.perMonth).toBeCloseTo(3 * e2 + 6 * n2 + 0.1 * HOURS_PER_MONTH, 6);
    expect(cost.unpriced).toEqual([]);
  });

  it('names a machine type without a price and leaves it out', () => {
    const cost = monthlyCost('europe-west1', 2, [{ name: 'gpu', machineType: 'a2-highgpu-1g', minNodes: 1 }]);
    expect(cost.unpriced).toEqual(['a2-highgpu-1g']);
    expect(cost.perMonth).toBeCloseTo(0.1 * HOURS_PER_MONTH, 6);
    expect(cost.pools[0]).toEqual({ pool: 'gpu', machineType: 'a2-highgpu-1g', nodes: 2 });
  });

  it('shows the standby at its size and at production size', () => {
    const { cost } = failoverPlan(pair);
    expect(cost.standby.nodes).toBe(6);
    expect(cost.production.nodes).toBe(9);
    expect(cost.production.perMonth).toBeGreaterThan(cost.standby.perMonth);
    expect(formatUsd(1431.4)).toBe('$1,431');
  });
});

describe('loadStandbyPair', () => {
  const problems = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (err) {
      if (isValidationError(err)) return [err.message.split('\n')[0], ...err.problems.map((p) => `${p.subject}: ${p.path} ${p.message}`)];
      throw err;
    }
    return [];
  };

  it('reads a failover to a standby and a failback to its primary', () => {
    expect([pair.direction, pair.standby.stack, pair.primary.stack]).toEqual(['failover', 'dr', 'prod']);
    const back = loadStandbyPair(ROOT, 'prod');
    expect([back.direction, back.standby.stack, back.primary.stack]).toEqual(['failback', 'dr', 'prod']);
  });

  it('refuses a stack that neither is a standby nor has one', () => {
    expect(() => loadStandbyPair(ROOT, 'staging')).toThrow(UsageError);
    expect(() => loadStandbyPair(ROOT, 'staging')).toThrow(
      'stack "staging" is not a standby (no canary-platform:standby in Pulumi.staging.yaml) and no stack stands by for it; a failover goes --to a standby, a failback --to the stack a standby stands by for',
    );
    expect(problems(() => loadStandbyPair(ROOT, 'nope'))[0]).toBe('Unknown stack "nope"');
  });

  it('reports a standby that drifted from its primary, every difference at once', () => {
    const s = pair.standby.config;
    const drifted: StandbyPair = {
      ...pair,
      standby: {
        ...pair.standby,
        config: {
          ...s,
          region: 'europe-west4',
          domains: ['other.example.com'],
          cluster: { ...s.cluster, restore: { backupPlan: 'projects/acme-canary-prod/locations/europe-west4/backupPlans/other' } },
          standby: { ...s.standby, productionNodePools: s.standby.productionNodePools.map((p) => ({ ...p, minNodes: p.minNodes + 1 })) },
        },
      },
    };
    expect(pairProblems(drifted).map((p) => `${p.path} ${p.message}`)).toEqual([
      'canary-platform:standby.of (prod) is in europe-west4 too: a standby belongs in another region',
      "canary-platform:cluster.restore.backupPlan (projects/acme-canary-prod/locations/europe-west4/backupPlans/other) must be prod's backup plan projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful",
      "canary-platform:domains (other.example.com) must be prod's (prod.canary.example.com)",
      "canary-platform:cluster.nodePools must declare prod's node pools (names, machine types, sizes): a promoted standby runs at production size",
    ]);
    expect(pairProblems(pair)).toEqual([]);
  });
});

describe('real seams: pure helpers', () => {
  it('splits resource names into gcloud flags and parses restores', () => {
    expect(resourceFlags('projects/p/locations/europe-west1/restorePlans/x-restore', 'restorePlans')).toEqual({ project: 'p', location: 'europe-west1', plan: 'x-restore' });
    expect(() => resourceFlags('x-restore', 'restorePlans')).toThrow('x-restore is not a restorePlans name (projects/<p>/locations/<l>/restorePlans/<name>)');
    expect(parseRestores(JSON.stringify([{ name: 'projects/p/locations/l/restorePlans/r/restores/failover-a-1', backup: 'b', state: 'SUCCEEDED' }]))).toEqual([
      { name: 'failover-a-1', backup: 'b', state: 'SUCCEEDED' },
    ]);
  });

  it('names restores after the backup and the attempt, within 63 characters', () => {
    expect(restoreName('projects/p/locations/l/backupPlans/x/backups/Daily_20261204', 2)).toBe('failover-daily-20261204-2');
    expect(restoreName(`projects/p/locations/l/backupPlans/x/backups/${'b'.repeat(80)}`, 12).length).toBeLessThanOrEqual(63);
  });
});
