/**
 * Every stack file of the project renders offline through the real CLI and passes every check (schemas, PromQL,
 * policies): the main job must work for each environment, not only prod. Each stack renders in its own process,
 * as `npm run synth` does. The waivers each stack relies on are pinned here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listStacks } from '../../tools/offline/stack-files';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'canary-platform.js');

/** Waivers a stack's summary must list: the platform's own (load tester webhooks) and each stack's. */
const EXPECTED_WAIVERS: Record<string, string[]> = {
  prod: ['mesh-mtls-strict'],
  dr: ['mesh-mtls-strict'],
  staging: ['mesh-mtls-strict', 'gke-deletion-protection'],
};

describe('every Pulumi.<stack>.yaml renders offline and passes every check', () => {
  const stacks = listStacks(ROOT);
  const out = mkdtempSync(join(tmpdir(), 'stacks-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('has the prod, staging and dr stacks', () => {
    expect([...stacks].sort()).toEqual(Object.keys(EXPECTED_WAIVERS).sort());
  });

  it.each(stacks)('%s', (stack) => {
    const dir = join(out, stack);
    const run = spawnSync(process.execPath, [BIN, 'synth', '--stack', stack, '--out', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
      timeout: 120_000,
    });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: '' });
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { summary: { manifests: number; helmReleases: number } };
    expect(plan.summary.manifests).toBeGreaterThan(20);
    expect(plan.summary.helmReleases).toBeGreaterThanOrEqual(9);
    const waivers = run.stderr.split('Policy waivers')[1] ?? '';
    for (const rule of EXPECTED_WAIVERS[stack]) expect(waivers).toContain(rule);
  });
});
