/**
 * The rebuild engine against a fake workspace (no cloud, no Pulumi CLI): the order, layers side by side,
 * resuming after a failure in the middle, refusing anything that would delete or replace, and never calling
 * destroy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { changesNothing, destructiveChanges, errorSummary, RebuildEvent, RebuildReport, runRebuild } from '../../tools/rebuild/engine';
import { formatEvent, formatReport } from '../../tools/rebuild/format';
import { defaultDeclared, FakeWorkspace } from './fake-workspace';

const ROOT = '/repo';
const LAYER_ORDER = ['cluster', 'mesh', 'observability', 'delivery', 'services'];

async function rebuild(ws: FakeWorkspace, extra: { region?: string; parallel?: boolean } = {}): Promise<{ report: RebuildReport; events: RebuildEvent[] }> {
  const events: RebuildEvent[] = [];
  const report = await runRebuild({ stack: 'prod', rootDir: ROOT, workspace: ws, clock: ws.clock, onEvent: (e) => events.push(e), ...extra });
  return { report, events };
}

const statuses = (report: RebuildReport): Record<string, string> => Object.fromEntries(report.results.map((r) => [r.layer, r.status]));
const ups = (calls: readonly string[]): string[] => calls.filter((c) => c.startsWith('up ')).map((c) => c.slice(3));
const text = (events: readonly RebuildEvent[], report: RebuildReport): string[] => [...events.flatMap((e) => formatEvent(e)), ...formatReport(report)];

/** Every workspace a test created: none may ever see a destroy. */
const workspaces: FakeWorkspace[] = [];
function workspace(declared = defaultDeclared()): FakeWorkspace {
  const ws = new FakeWorkspace(declared);
  workspaces.push(ws);
  return ws;
}

afterAll(() => {
  expect(workspaces.length).toBeGreaterThan(5);
  for (const ws of workspaces) expect(ws.calls.filter((c) => c.startsWith('destroy'))).toEqual([]);
});

describe('a rebuild into an empty project', () => {
  it('brings every layer up in dependency order and reports each one (progress text snapshot)', async () => {
    const ws = workspace();
    const { report, events } = await rebuild(ws);
    expect(report.ok).toBe(true);
    expect(statuses(report)).toEqual({ cluster: 'updated', mesh: 'updated', observability: 'updated', delivery: 'updated', services: 'updated' });
    const at = (call: string): number => ws.calls.indexOf(call);
    expect(at('up cluster')).toBeLessThan(at('preview mesh'));
    expect(at('up cluster')).toBeLessThan(at('preview observability'));
    expect(at('up mesh')).toBeLessThan(at('preview delivery'));
    expect(at('up observability')).toBeLessThan(at('preview delivery'));
    expect(at('up delivery')).toBeLessThan(at('preview services'));
    expect(text(events, report)).toMatchSnapshot();
  });

  it('selects every stack first, in order, in its own project folder with the shared stack file', async () => {
    const ws = workspace();
    await rebuild(ws);
    expect(ws.calls.slice(0, 5)).toEqual(LAYER_ORDER.map((l) => `select ${l}`));
    expect(ws.targets.map((t) => [t.layer, t.stack, t.projectDir, t.configFile])).toEqual(
      LAYER_ORDER.map((l) => [l, 'prod', join(ROOT, 'stacks', 'layers', l), join(ROOT, 'Pulumi.prod.yaml')]),
    );
  });

  it('runs mesh and observability side by side', async () => {
    const ws = workspace();
    await rebuild(ws);
    expect(ws.calls.indexOf('preview observability')).toBeLessThan(ws.calls.indexOf('up mesh'));
  });

  it('runs one layer at a time when not parallel', async () => {
    const ws = workspace();
    const { report } = await rebuild(ws, { parallel: false });
    expect(report.ok).toBe(true);
    expect(ws.calls.slice(5)).toEqual(LAYER_ORDER.flatMap((l) => [`preview ${l}`, `up ${l}`]));
  });

  it('previews and updates without refresh, with the shared stack file and a message', async () => {
    const ws = workspace();
    await rebuild(ws);
    expect(ws.options).toHaveLength(10);
    for (const o of ws.options) expect(o).toEqual({ call: o.call, refresh: false, configFile: join(ROOT, 'Pulumi.prod.yaml'), message: 'canary-platform rebuild' });
  });

  it('sets --region on every layer stack before any preview', async () => {
    const ws = workspace();
    const { report } = await rebuild(ws, { region: 'europe-west1' });
    expect(report.ok).toBe(true);
    expect(ws.calls.slice(5, 10)).toEqual(LAYER_ORDER.map((l) => `config ${l} gcp:region=europe-west1`));
    expect(ws.configFile).toEqual({ 'gcp:region': 'europe-west1' });
  });
});

describe('resuming', () => {
  it('after a failure in the middle: stops what depends on it, then carries on from Pulumi state', async () => {
    const ws = workspace().inject({ layer: 'delivery', phase: 'up', message: 'error: release flagger-system/flagger: timed out waiting for the condition', createdBeforeFailure: 1 });

    const first = await rebuild(ws);
    expect(first.report.ok).toBe(false);
    expect(statuses(first.report)).toEqual({ cluster: 'updated', mesh: 'updated', observability: 'updated', delivery: 'failed', services: 'blocked' });
    expect(first.report.results[3].detail).toBe('up: error: release flagger-system/flagger: timed out waiting for the condition');
    expect(ws.stackState('delivery', 'prod').resources).toEqual(new Set(['flagger']));
    expect(ups(ws.calls)).toEqual(['cluster', 'mesh', 'observability', 'delivery']);
    expect(text(first.events, first.report)).toMatchSnapshot();

    ws.calls.length = 0;
    const second = await rebuild(ws);
    expect(second.report.ok).toBe(true);
    expect(statuses(second.report)).toEqual({ cluster: 'up-to-date', mesh: 'up-to-date', observability: 'up-to-date', delivery: 'updated', services: 'updated' });
    // Only what was not up yet is updated; the finished layers are previewed and skipped.
    expect(ups(ws.calls)).toEqual(['delivery', 'services']);
    expect(second.events.filter((e) => e.kind === 'preview-done' && e.layer === 'delivery')).toEqual([
      { kind: 'preview-done', layer: 'delivery', changes: { create: 1, same: 2 } },
    ]);
    expect(text(second.events, second.report)).toMatchSnapshot();
  });

  it('reports which stacks are already up before doing anything', async () => {
    const ws = workspace();
    await rebuild(ws);
    const { events } = await rebuild(ws);
    const status = events.filter((e) => e.kind === 'stack-status');
    expect(status.map((e) => formatEvent(e)[0])).toEqual(
      LAYER_ORDER.map((l) => `[${l}] stack canary-platform-${l}/prod: last update succeeded (version 1, 2026-01-01T00:00:01.000Z), 1 output(s)`),
    );
    expect(status).toHaveLength(5);
  });

  it('runs up again when the last update failed even if nothing is left to create', async () => {
    const ws = workspace().inject({ layer: 'services', phase: 'up', message: 'error: interrupted', createdBeforeFailure: 2 });
    await rebuild(ws);
    ws.calls.length = 0;
    const { report } = await rebuild(ws);
    expect(statuses(report).services).toBe('updated');
    expect(ups(ws.calls)).toEqual(['services']);
  });

  it('is a no-op on a stack that is fully up', async () => {
    const ws = workspace();
    await rebuild(ws);
    ws.calls.length = 0;
    const { report } = await rebuild(ws);
    expect(report.ok).toBe(true);
    expect(report.results.every((r) => r.status === 'up-to-date')).toBe(true);
    expect(ups(ws.calls)).toEqual([]);
  });
});

describe('refusing to destroy', () => {
  it('refuses a layer whose preview would delete, keeps its resources, and stops only what depends on it', async () => {
    const ws = workspace();
    await rebuild(ws);
    // The mesh program no longer declares `gateway`: an up would delete it.
    const declared = { ...defaultDeclared(), mesh: ['istio-base', 'istiod'] };
    const changed = workspace(declared);
    for (const [name, state] of ws.state) changed.state.set(name, state);
    changed.stackState('observability', 'prod').resources.delete('alloy'); // observability has work to do

    const { report, events } = await rebuild(changed);
    expect(report.ok).toBe(false);
    expect(statuses(report)).toEqual({ cluster: 'up-to-date', mesh: 'refused', observability: 'updated', delivery: 'blocked', services: 'blocked' });
    expect(ups(changed.calls)).toEqual(['observability']);
    expect(changed.stackState('mesh', 'prod').resources).toEqual(new Set(['istio-base', 'istiod', 'gateway']));
    expect(text(events, report)).toMatchSnapshot();
  });

  it('refuses a replacement (delete then create) of the cluster and starts nothing after it', async () => {
    const ws = workspace();
    await rebuild(ws);
    ws.stackState('cluster', 'prod').replacing.add('cluster');
    ws.calls.length = 0;
    const { report, events } = await rebuild(ws);
    expect(statuses(report)).toEqual({ cluster: 'refused', mesh: 'blocked', observability: 'blocked', delivery: 'blocked', services: 'blocked' });
    expect(ups(ws.calls)).toEqual([]);
    expect(events.find((e) => e.kind === 'refused')).toEqual({
      kind: 'refused',
      layer: 'cluster',
      destructive: { replace: 1 },
      stack: 'prod',
      projectDir: join('stacks', 'layers', 'cluster'),
    });
    expect(formatEvent(events.find((e) => e.kind === 'refused') as RebuildEvent)).toEqual([
      '[cluster] REFUSED: the preview would replace 1 resource(s); a rebuild never deletes or replaces.',
      '[cluster]   Review it with: pulumi preview --diff -s prod --cwd stacks/layers/cluster',
    ]);
  });

  it('treats every deleting or replacing operation as destructive, and only same/read as unchanged', () => {
    expect(destructiveChanges({ create: 3, update: 1, same: 4 })).toEqual({});
    expect(destructiveChanges({ delete: 1, replace: 2, 'create-replacement': 2, 'delete-replaced': 2, 'import-replacement': 1, same: 1 })).toEqual({
      delete: 1,
      replace: 2,
      'create-replacement': 2,
      'delete-replaced': 2,
      'import-replacement': 1,
    });
    expect(changesNothing({ same: 12, read: 3 })).toBe(true);
    expect(changesNothing({ same: 12, update: 1 })).toBe(false);
    expect(changesNothing({ same: 12, create: 0 })).toBe(true);
  });

  it('never calls destroy, refresh, cancel or stack removal anywhere in the rebuild code', () => {
    const root = resolve(__dirname, '..', '..');
    const files = [
      ...readdirSync(join(root, 'tools', 'rebuild'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(root, 'tools', 'rebuild', f)),
      join(root, 'tools', 'cli', 'rebuild.ts'),
    ];
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect({ file, calls: code.match(/\.\s*(destroy|previewDestroy|refresh|cancel|removeStack|importStack)\s*\(/g) ?? [] }).toEqual({ file, calls: [] });
    }
  });
});

describe('failures outside up', () => {
  it('a stack that cannot be selected fails, and what depends on it does not start', async () => {
    const ws = workspace().inject({ layer: 'cluster', phase: 'select', message: 'error: PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE must be set' });
    const { report } = await rebuild(ws);
    expect(statuses(report)).toEqual({ cluster: 'failed', mesh: 'blocked', observability: 'blocked', delivery: 'blocked', services: 'blocked' });
    expect(report.results[0].detail).toBe('select: error: PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE must be set');
    expect(ws.calls.filter((c) => !c.startsWith('select'))).toEqual([]);
  });

  it('a failed preview stops that layer before any change', async () => {
    const ws = workspace().inject({ layer: 'observability', phase: 'preview', message: 'error: googleapi: Error 403: storage.buckets.create denied' });
    const { report } = await rebuild(ws);
    expect(statuses(report)).toEqual({ cluster: 'updated', mesh: 'updated', observability: 'failed', delivery: 'blocked', services: 'blocked' });
    expect(ups(ws.calls)).toEqual(['cluster', 'mesh']);
  });

  it('keeps the error lines of a Pulumi failure, not its whole output', () => {
    expect(errorSummary(new Error('Command failed\n  Updating (prod)\n\n  error: one\n  error: two\n'))).toBe('error: one | error: two');
    expect(errorSummary(new Error('boom\nstack'))).toBe('boom');
    expect(errorSummary('plain')).toBe('plain');
  });
});
