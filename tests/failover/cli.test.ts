/**
 * `canary-platform failover` through the CLI: registration, the dry run (in process and as
 * `bin/canary-platform.js`, which needs no Pulumi CLI), flag validation with clear errors, and a real run driven
 * against the fakes (exit codes).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { CliOutput } from '../../tools/cli/command';
import { runFailoverCli } from '../../tools/cli/failover';
import { buildCli, runCli } from '../../tools/cli/main';
import { failoverWorkspace } from '../../tools/failover/cloud';
import { formatFailoverPlan } from '../../tools/failover/format';
import { loadStandbyPair } from '../../tools/failover/pair';
import { failoverPlan } from '../../tools/failover/plan';
import { FakeCloud } from './fakes';

const ROOT = resolve(__dirname, '..', '..');

function capture(): CliOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const argv = (...args: string[]) => ['node', 'canary-platform', ...args];

/** A deployed standby in the fakes (see engine.test.ts), prod down. */
function cloud(): FakeCloud {
  const c = new FakeCloud('dr', 'standby', 'prod');
  for (const project of ['cluster', 'services', 'traffic']) {
    const s = c.stack(project, 'dr');
    s.applied = project === 'traffic' ? 'points-at-primary' : 'small';
    s.history.push({ kind: 'update', result: 'succeeded', version: 1, endTime: new Date(0) });
  }
  c.backups.set('projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful', [
    { name: 'projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful/backups/b1', createTime: '2026-12-04T03:00:00Z' },
  ]);
  return c;
}

describe('failover command registration', () => {
  it('is registered after rebuild, with its options', () => {
    const failover = buildCli().commands.find((c) => c.name() === 'failover');
    expect(failover?.options.map((o) => o.long)).toEqual(['--to', '--dry-run', '--drill', '--force', '--sequential', '--verbose']);
  });
});

describe('failover --dry-run', () => {
  it('prints the plan, estimates and cost, and exits 0', async () => {
    const out = capture();
    await expect(runCli(argv('failover', '--to', 'dr', '--dry-run'), out)).resolves.toBe(0);
    expect(out.stderr).toEqual([]);
    expect(out.stdout).toEqual(formatFailoverPlan(failoverPlan(loadStandbyPair(ROOT, 'dr'))));
  });

  it('prints a drill and a failback plan', async () => {
    const drill = capture();
    await expect(runCli(argv('failover', '--to', 'dr', '--drill', '--dry-run'), drill)).resolves.toBe(0);
    expect(drill.stdout[0]).toBe('Failover DRILL into dr (europe-west1): prod keeps the traffic, nothing is scaled down (dry run: nothing is called - no cloud, no Pulumi CLI)');
    const back = capture();
    await expect(runCli(argv('failover', '--to', 'prod', '--dry-run'), back)).resolves.toBe(0);
    expect(back.stdout[0]).toBe('Failback: traffic returns to prod (europe-west4), then dr returns to standby (dry run: nothing is called - no cloud, no Pulumi CLI)');
  });

  it('works from the command line on a machine without the Pulumi CLI or a cloud', async () => {
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const p = spawn(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), 'failover', '--to', 'dr', '--dry-run'], {
        cwd: ROOT,
        env: { HOME: process.env.HOME ?? '/tmp', PATH: '', TMPDIR: process.env.TMPDIR ?? '/tmp' },
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('error', fail);
      p.on('close', (code) => done({ code, stdout, stderr }));
    });
    expect(child.stderr).toBe('');
    expect(child.code).toBe(0);
    expect(child.stdout).toContain('serving production traffic: typical');
    expect(child.stdout).toContain('Cost of the standby');
  });
});

describe('failover flag validation', () => {
  it('requires --to and names a stack that is neither a standby nor has one (exit 1)', async () => {
    const missing = capture();
    await expect(runCli(argv('failover', '--dry-run'), missing)).resolves.toBe(1);
    expect(missing.stderr[0]).toBe("error: required option '--to <stack>' not specified");
    const staging = capture();
    await expect(runCli(argv('failover', '--to', 'staging', '--dry-run'), staging)).resolves.toBe(1);
    expect(staging.stderr[0]).toMatch(/^error: stack "staging" is not a standby/);
  });

  it('rejects --drill towards a primary (exit 1)', async () => {
    const out = capture();
    await expect(runCli(argv('failover', '--to', 'prod', '--drill', '--dry-run'), out)).resolves.toBe(1);
    expect(out.stderr).toEqual(['error: --drill rehearses a failover into a standby; "prod" is the primary of dr (use --to dr --drill)']);
  });

  it('refuses a real run without the Pulumi CLI, before touching anything (exit 1)', async () => {
    const out = capture();
    await expect(runFailoverCli({ to: 'dr' }, out, { rootDir: ROOT, workspace: () => failoverWorkspace({ PATH: '' }) })).resolves.toBe(1);
    expect(out.stdout).toEqual([]);
    expect(out.stderr).toEqual([
      'error: a real failover needs the Pulumi CLI, and `pulumi` is not on PATH (install: https://www.pulumi.com/docs/install/). Use --dry-run to see the plan without it.',
    ]);
  });
});

describe('failover, real run against the fakes', () => {
  const deps = (c: FakeCloud) => ({ rootDir: ROOT, workspace: () => c, restores: () => c.restores(), probes: () => c.probes(), clock: c.clock });

  it('fails over and exits 0; a second run skips every step', async () => {
    const c = cloud();
    const out = capture();
    await expect(runFailoverCli({ to: 'dr' }, out, deps(c))).resolves.toBe(0);
    expect(out.stdout[0]).toBe('Failover: dr (europe-west1) takes over from prod (europe-west4): creates or updates cloud resources, never deletes.');
    expect(out.stdout).toContain('Failover complete in 17m30s');
    expect(c.state('dr')).toBe('serving');
    const again = capture();
    await expect(runFailoverCli({ to: 'dr' }, again, deps(c))).resolves.toBe(0);
    for (const step of ['check-source', 'scale-config', 'scale-nodes', 'scale-services', 'restore-data', 'serve-config', 'move-traffic']) {
      expect(again.stdout.find((l) => l.startsWith(`  ${step} `))).toMatch(new RegExp(`^  ${step} +skipped `));
    }
  });

  it('exits 1 when the source still serves, and 0 with --force', async () => {
    const c = cloud();
    c.serving.set('prod', true);
    const out = capture();
    await expect(runFailoverCli({ to: 'dr' }, out, deps(c))).resolves.toBe(1);
    expect(out.stdout.some((l) => l.startsWith('Failover incomplete in '))).toBe(true);
    expect(c.state('dr')).toBe('standby');
    await expect(runFailoverCli({ to: 'dr', force: true }, capture(), deps(c))).resolves.toBe(0);
  });

  it('streams Pulumi output only with --verbose', async () => {
    const quiet = capture();
    await runFailoverCli({ to: 'dr', drill: true }, quiet, deps(cloud()));
    expect(quiet.stdout.some((l) => l.includes('Updating (dr)'))).toBe(false);
    const verbose = capture();
    await runFailoverCli({ to: 'dr', drill: true, verbose: true }, verbose, deps(cloud()));
    expect(verbose.stdout).toContain('[scale-nodes]   Updating (dr)');
  });
});
