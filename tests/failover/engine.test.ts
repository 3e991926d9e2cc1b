/**
 * The failover engine against fakes (no cloud, no Pulumi CLI): the order of a failover, a drill and a failback;
 * refusing while the source serves; resuming after a failure at each step; refusing an `up` that would delete;
 * never calling destroy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FailoverEvent, FailoverReport, restoreName, runFailover } from '../../tools/failover/engine';
import { formatFailoverEvent, formatFailoverReport } from '../../tools/failover/format';
import { loadStandbyPair } from '../../tools/failover/pair';
import { failoverPlan, FailoverPlan } from '../../tools/failover/plan';
import { FakeCloud, FakeFault } from './fakes';

const ROOT = resolve(__dirname, '..', '..');
const PROD_BACKUP_PLAN = 'projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful';
const DR_RESTORE_PLAN = 'projects/acme-canary-prod/locations/europe-west1/restorePlans/canary-prod-ew1-restore';
const BACKUP = `${PROD_BACKUP_PLAN}/backups/daily-20261204-0300`;

const pair = loadStandbyPair(ROOT, 'dr');
const failover = failoverPlan(pair);
const drill = failoverPlan(pair, { drill: true });
const forced = failoverPlan(pair, { force: true });
const failback = failoverPlan(loadStandbyPair(ROOT, 'prod'));

/** Every fake cloud a test made: none may ever see a destroy. */
const clouds: FakeCloud[] = [];
afterAll(() => {
  expect(clouds.length).toBeGreaterThan(5);
  for (const cloud of clouds) expect(cloud.calls.filter((c) => c.startsWith('destroy'))).toEqual([]);
});

/** A deployed standby: its stacks up at standby size, traffic on prod, one backup of prod; prod down. */
function standbyCloud(state = 'standby'): FakeCloud {
  const cloud = new FakeCloud('dr', state, 'prod');
  cloud.serving.set('prod', false);
  for (const project of ['cluster', 'services', 'traffic']) {
    const s = cloud.stack(project, 'dr');
    s.applied = project === 'traffic' ? 'points-at-primary' : 'small';
    s.history.push({ kind: 'update', result: 'succeeded', version: 1, endTime: new Date(0) });
  }
  cloud.backups.set(PROD_BACKUP_PLAN, [{ name: BACKUP, createTime: '2026-12-04T03:00:00Z' }]);
  clouds.push(cloud);
  return cloud;
}

async function run(cloud: FakeCloud, plan: FailoverPlan = failover, parallel = true): Promise<{ report: FailoverReport; events: FailoverEvent[] }> {
  const events: FailoverEvent[] = [];
  const report = await runFailover({
    plan,
    rootDir: '/repo',
    workspace: cloud,
    restores: cloud.restores(),
    probes: cloud.probes(),
    parallel,
    clock: cloud.clock,
    onEvent: (e) => events.push(e),
  });
  return { report, events };
}

const statuses = (report: FailoverReport): Record<string, string> => Object.fromEntries(report.results.map((r) => [r.id, r.status]));
const changes = (calls: readonly string[]): string[] => calls.filter((c) => /^(set|up|restore create) /.test(c));

describe('a failover into the standby', () => {
  it('scales, restores, waits for the services, then moves traffic; every step done (progress text snapshot)', async () => {
    const cloud = standbyCloud();
    const { report, events } = await run(cloud, failover, false);
    expect(report.ok).toBe(true);
    expect(changes(cloud.calls)).toEqual([
      'set dr standby.state=scaled',
      'up cluster/dr',
      'up services/dr',
      `restore create ${restoreName(BACKUP, 1)}`,
      'set dr standby.state=serving',
      'up traffic/dr',
    ]);
    expect(cloud.state('dr')).toBe('serving');
    expect(cloud.stack('traffic', 'dr').applied).toBe('points-at-standby');
    expect(cloud.calls).toContain('ready dr demo/podinfo=3');
    expect([...events.flatMap((e) => formatFailoverEvent(e)), ...formatFailoverReport(report)]).toMatchSnapshot();
  });

  it('takes a stack file without standby.state as standing by (the default)', async () => {
    const cloud = standbyCloud();
    cloud.config.set('dr', {});
    const { report } = await run(cloud);
    expect(report.ok).toBe(true);
    expect(cloud.state('dr')).toBe('serving');
  });

  it('moves traffic only after the services are ready, and sets serving before the traffic up', async () => {
    const cloud = standbyCloud();
    await run(cloud);
    const at = (call: string): number => cloud.calls.findIndex((c) => c.startsWith(call));
    expect(at('set dr standby.state=scaled')).toBeLessThan(at('preview cluster/dr'));
    expect(at('set dr standby.state=scaled')).toBeLessThan(at('preview services/dr'));
    expect(at('ready dr')).toBeGreaterThan(at('up services/dr'));
    expect(at('set dr standby.state=serving')).toBeGreaterThan(at('ready dr'));
    expect(at('up traffic/dr')).toBeGreaterThan(at('set dr standby.state=serving'));
  });

  it('runs the scaling and the restore side by side', async () => {
    const cloud = standbyCloud();
    await run(cloud);
    expect(cloud.calls.indexOf('preview services/dr')).toBeLessThan(cloud.calls.indexOf('up cluster/dr'));
    expect(cloud.calls.findIndex((c) => c.startsWith('restore create'))).toBeLessThan(cloud.calls.indexOf('up cluster/dr'));
  });

  it('is a no-op the second time: every step skipped, no source probe once traffic has moved', async () => {
    const cloud = standbyCloud();
    await run(cloud);
    cloud.calls.length = 0;
    const { report } = await run(cloud);
    expect(report.ok).toBe(true);
    expect(changes(cloud.calls)).toEqual([]);
    expect(cloud.calls.filter((c) => c.startsWith('probe'))).toEqual([]);
    expect(statuses(report)).toMatchObject({ 'check-source': 'skipped', 'scale-config': 'skipped', 'scale-nodes': 'skipped', 'restore-data': 'skipped', 'move-traffic': 'skipped' });
    expect(report.results.find((r) => r.id === 'check-source')?.detail).toBe('traffic already moved to dr');
  });
});

describe('refusing', () => {
  it('refuses while the source still serves, before changing anything', async () => {
    const cloud = standbyCloud();
    cloud.serving.set('prod', true);
    const { report, events } = await run(cloud);
    expect(report.ok).toBe(false);
    expect(changes(cloud.calls)).toEqual([]);
    expect(cloud.calls.filter((c) => c.startsWith('preview'))).toEqual([]);
    expect(statuses(report)['check-source']).toBe('refused');
    expect(Object.entries(statuses(report)).filter(([id]) => id !== 'check-source').every(([, s]) => s === 'blocked')).toBe(true);
    expect(events.flatMap((e) => formatFailoverEvent(e))).toContain(
      '[check-source] REFUSED: prod still serves traffic (HTTP 200 from 34.0.0.1); nothing was changed. Use --force to fail over anyway, or --drill for a game day',
    );
  });

  it('goes on with --force, saying so', async () => {
    const cloud = standbyCloud();
    cloud.serving.set('prod', true);
    const { report } = await run(cloud, forced);
    expect(report.ok).toBe(true);
    expect(report.results[0].detail).toBe('prod still serves (HTTP 200 from 34.0.0.1); going on (--force)');
    expect(cloud.state('dr')).toBe('serving');
  });

  it('refuses an up whose preview would delete, and stops what waits for it', async () => {
    const cloud = standbyCloud().inject({ at: 'delete', project: 'services' });
    const { report } = await run(cloud);
    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({ 'scale-services': 'refused', 'wait-ready': 'blocked', 'serve-config': 'blocked', 'move-traffic': 'blocked', 'scale-nodes': 'done' });
    expect(report.results.find((r) => r.id === 'scale-services')?.detail).toBe(
      'preview would delete 1; a failover never deletes. Review: pulumi preview --diff -s dr --cwd stacks/layers/services',
    );
    expect(cloud.calls).not.toContain('up services/dr');
    expect(cloud.stack('traffic', 'dr').applied).toBe('points-at-primary');
  });
});

describe('resuming after a failure at each step', () => {
  const faults: Array<[string, FakeFault]> = [
    ['scale-config', { at: 'setConfig', project: 'cluster', message: 'error: could not write Pulumi.dr.yaml: read-only file system' }],
    ['scale-nodes', { at: 'up', project: 'cluster', message: 'error: googleapi: Error 403: Insufficient regional quota' }],
    ['scale-services', { at: 'preview', project: 'services', message: 'error: unknown stack "organization/canary-platform-delivery/dr"' }],
    ['restore-data', { at: 'restore', state: 'FAILED', message: 'volume restore timed out' }],
    ['wait-ready', { at: 'ready', message: 'demo/podinfo 2/3 available after 15 min' }],
    ['move-traffic', { at: 'up', project: 'traffic', message: 'error: googleapi: Error 412: Precondition not met for entities' }],
  ];

  /** Steps off the path to serving: their failure does not hold traffic back once the services are ready. */
  const offPath = ['scale-nodes', 'restore-data'];

  it.each(faults)('%s fails, the steps after it wait, and the same command finishes the job', async (step, fault) => {
    const cloud = standbyCloud().inject(fault);
    const first = await run(cloud);
    expect(first.report.ok).toBe(false);
    expect(statuses(first.report)[step]).toBe('failed');
    expect(cloud.stack('traffic', 'dr').applied).toBe(offPath.includes(step) ? 'points-at-standby' : 'points-at-primary');

    cloud.calls.length = 0;
    const second = await run(cloud);
    expect(second.report.ok).toBe(true);
    expect(cloud.state('dr')).toBe('serving');
    expect(cloud.stack('traffic', 'dr').applied).toBe('points-at-standby');
    // What finished the first time is skipped, not done again.
    for (const r of first.report.results.filter((x) => x.status === 'done' && x.id !== 'check-source' && x.id !== 'wait-ready' && x.id !== 'dns-expiry' && x.id !== 'nodes-ready')) {
      expect([r.id, statuses(second.report)[r.id]]).toEqual([r.id, 'skipped']);
    }
    expect(cloud.calls.filter((c) => c.startsWith('up ')).length).toBeLessThanOrEqual(3);
  });

  it('waits for a restore already in progress instead of starting another', async () => {
    const cloud = standbyCloud();
    cloud.restoreList.set(DR_RESTORE_PLAN, [{ name: 'failover-daily-20261204-0300-1', backup: BACKUP, state: 'IN_PROGRESS' }]);
    const { report } = await run(cloud);
    expect(cloud.calls.filter((c) => c.startsWith('restore create'))).toEqual([]);
    expect(cloud.calls).toContain('restore wait failover-daily-20261204-0300-1');
    expect(report.results.find((r) => r.id === 'restore-data')?.detail).toContain('(resumed)');
  });

  it('starts a second attempt after a failed restore of the same backup (the failed one is kept)', async () => {
    const cloud = standbyCloud();
    cloud.restoreList.set(DR_RESTORE_PLAN, [{ name: 'failover-daily-20261204-0300-1', backup: BACKUP, state: 'FAILED' }]);
    await run(cloud);
    expect(cloud.calls).toContain('restore create failover-daily-20261204-0300-2');
    expect(cloud.restoreList.get(DR_RESTORE_PLAN)?.map((r) => [r.name, r.state])).toEqual([
      ['failover-daily-20261204-0300-1', 'FAILED'],
      ['failover-daily-20261204-0300-2', 'SUCCEEDED'],
    ]);
  });

  it('fails the restore step when prod has no backup, and still serves traffic', async () => {
    const cloud = standbyCloud();
    cloud.backups.clear();
    const { report } = await run(cloud);
    expect(statuses(report)['restore-data']).toBe('failed');
    expect(report.results.find((r) => r.id === 'restore-data')?.detail).toBe(`no successful backup in ${PROD_BACKUP_PLAN}`);
    expect(cloud.stack('traffic', 'dr').applied).toBe('points-at-standby');
  });
});

describe('a drill', () => {
  it('scales and restores into the standby while prod serves, and never moves traffic', async () => {
    const cloud = standbyCloud();
    cloud.serving.set('prod', true);
    const { report } = await run(cloud, drill);
    expect(report.ok).toBe(true);
    expect(changes(cloud.calls)).toEqual(expect.arrayContaining(['set dr standby.state=scaled', 'up cluster/dr', 'up services/dr']));
    expect(cloud.calls.filter((c) => c.includes('traffic'))).toEqual([]);
    expect(cloud.state('dr')).toBe('scaled');
    expect(report.results[0].detail).toBe('prod still serves (HTTP 200 from 34.0.0.1); going on (drill)');
  });
});

describe('a failback', () => {
  it('refuses while the primary is not rebuilt, changing nothing', async () => {
    const cloud = standbyCloud('serving');
    cloud.markUp('prod', ['cluster', 'mesh', 'observability']);
    const { report } = await run(cloud, failback);
    expect(report.ok).toBe(false);
    expect(statuses(report)['check-primary']).toBe('refused');
    expect(report.results[0].detail).toBe("prod's layers delivery, services are not up; nothing was changed. Run: canary-platform rebuild --stack prod");
    expect(changes(cloud.calls)).toEqual([]);
  });

  it('returns a drilled standby (state scaled) to standby: nothing to move, services then nodes scaled down', async () => {
    const cloud = standbyCloud('scaled');
    for (const project of ['cluster', 'services']) cloud.stack(project, 'dr').applied = 'production';
    cloud.markUp('prod', ['cluster', 'mesh', 'observability', 'delivery', 'services']);
    const { report } = await run(cloud, failback);
    expect(report.ok).toBe(true);
    expect(statuses(report)).toMatchObject({ 'traffic-config': 'skipped', 'move-traffic': 'skipped', 'standby-config': 'done' });
    expect(changes(cloud.calls)).toEqual(['set dr standby.state=standby', 'up services/dr', 'up cluster/dr']);
  });

  it('moves traffic back to the primary first, then returns the standby to its small size', async () => {
    const cloud = standbyCloud('serving');
    for (const project of ['cluster', 'services']) cloud.stack(project, 'dr').applied = 'production';
    cloud.stack('traffic', 'dr').applied = 'points-at-standby';
    cloud.markUp('prod', ['cluster', 'mesh', 'observability', 'delivery', 'services']);
    const { report } = await run(cloud, failback);
    expect(report.ok).toBe(true);
    expect(changes(cloud.calls)).toEqual(['set dr standby.state=scaled', 'up traffic/dr', 'set dr standby.state=standby', 'up services/dr', 'up cluster/dr']);
    expect(cloud.state('dr')).toBe('standby');
    expect(cloud.stack('traffic', 'dr').applied).toBe('points-at-primary');
  });
});

describe('never destroying', () => {
  it('calls no destroy, refresh, cancel, stack removal, restore deletion or node-pool resize anywhere in the failover code', () => {
    const files = [
      ...readdirSync(join(ROOT, 'tools', 'failover'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(ROOT, 'tools', 'failover', f)),
      join(ROOT, 'tools', 'cli', 'failover.ts'),
      join(ROOT, 'stacks', 'traffic', 'program.ts'),
    ];
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const calls = [
        ...(code.match(/\.\s*(destroy|previewDestroy|refresh|cancel|removeStack|importStack)\s*\(/g) ?? []),
        ...(code.match(/'(delete|resize)'/g) ?? []),
      ];
      expect({ file, calls }).toEqual({ file, calls: [] });
    }
  });
});
