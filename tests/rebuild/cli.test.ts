/**
 * `canary-platform rebuild` through the CLI: the dry run (in process and as `bin/canary-platform.js`, which
 * needs no Pulumi CLI), flag validation with clear errors, and a real run driven against the fake workspace.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { CliOutput } from '../../tools/cli/command';
import { buildCli, COMMANDS, runCli } from '../../tools/cli/main';
import { runRebuildCli } from '../../tools/cli/rebuild';
import { approxDuration, formatPlan } from '../../tools/rebuild/format';
import { loadRebuildConfig, rebuildPlan } from '../../tools/rebuild/plan';
import { pulumiWorkspace } from '../../tools/rebuild/pulumi-workspace';
import { FakeWorkspace } from './fake-workspace';

const ROOT = resolve(__dirname, '..', '..');

function capture(): CliOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const argv = (...args: string[]) => ['node', 'canary-platform', ...args];

describe('rebuild command registration', () => {
  it('is registered after check, with its options', () => {
    expect(COMMANDS.map((c) => c.name).slice(0, 5)).toEqual(['synth', 'check', 'rebuild', 'failover', 'timeline']);
    const rebuild = buildCli().commands.find((c) => c.name() === 'rebuild');
    expect(rebuild?.options.map((o) => o.long)).toEqual(['--stack', '--dry-run', '--region', '--sequential', '--verbose']);
  });
});

describe('rebuild --dry-run', () => {
  it('prints the plan of the stack and exits 0', async () => {
    const out = capture();
    await expect(runCli(argv('rebuild', '--stack', 'prod', '--dry-run'), out)).resolves.toBe(0);
    expect(out.stderr).toEqual([]);
    expect(out.stdout).toEqual(formatPlan(rebuildPlan('prod', loadRebuildConfig(ROOT, 'prod'))));
  });

  it('works from the command line on a machine without the Pulumi CLI or a cloud', async () => {
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const p = spawn(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), 'rebuild', '--stack', 'dr', '--dry-run'], {
        cwd: ROOT,
        // No PATH: no pulumi, no gcloud, nothing to reach a cloud with.
        env: { HOME: process.env.HOME ?? '/tmp', PATH: '' },
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
    expect(child.stdout.split('\n')[0]).toBe('Rebuild plan for stack "dr" (dry run: nothing is called - no cloud, no Pulumi CLI)');
    expect(child.stdout).toContain('restore plan: monitoring from projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful');
    expect(child.stdout).toContain('  critical path: cluster -> observability -> delivery -> services');
  });
});

describe('rebuild flag validation', () => {
  it('rejects an unknown stack, naming the stacks that exist (exit 1)', async () => {
    const out = capture();
    await expect(runCli(argv('rebuild', '--stack', 'prd', '--dry-run'), out)).resolves.toBe(1);
    expect(out.stderr).toEqual(['error: Unknown stack "prd"', '  Pulumi.prd.yaml: does not exist in this folder; existing stacks: dr, prod, staging']);
  });

  it('rejects a malformed region (exit 1)', async () => {
    const out = capture();
    await expect(runCli(argv('rebuild', '--stack', 'prod', '--dry-run', '--region', 'Europe-West1'), out)).resolves.toBe(1);
    expect(out.stderr).toEqual(['error: --region "Europe-West1" must be a GCP region like europe-west4']);
  });

  it('rejects a region the stack file does not fit, saying what to change (exit 1)', async () => {
    const out = capture();
    await expect(runCli(argv('rebuild', '--stack', 'staging', '--dry-run', '--region', 'us-east1'), out)).resolves.toBe(1);
    expect(out.stderr).toEqual([
      'error: Pulumi.staging.yaml does not fit --region us-east1',
      '  Pulumi.staging.yaml: canary-platform:cluster.zones[0] (europe-west4-a) must be a zone of region us-east1',
      '  Pulumi.staging.yaml: canary-platform:cluster.zones[1] (europe-west4-b) must be a zone of region us-east1',
      '  --region: moves the whole stack to us-east1: its zones and KMS key must be in us-east1 too; for a standing second region, keep a stack file of its own (see Pulumi.dr.yaml)',
    ]);
  });

  it('requires --stack and rejects unknown options (exit 1)', async () => {
    const missing = capture();
    await expect(runCli(argv('rebuild', '--dry-run'), missing)).resolves.toBe(1);
    expect(missing.stderr[0]).toBe("error: required option '-s, --stack <name>' not specified");
    const unknown = capture();
    await expect(runCli(argv('rebuild', '--stack', 'prod', '--destroy'), unknown)).resolves.toBe(1);
    expect(unknown.stderr[0]).toBe("error: unknown option '--destroy'");
  });

  it('refuses a real run without the Pulumi CLI, before touching anything (exit 1)', async () => {
    const out = capture();
    await expect(runRebuildCli({ stack: 'prod' }, out, { rootDir: ROOT, workspace: () => pulumiWorkspace({ PATH: '' }) })).resolves.toBe(1);
    expect(out.stdout).toEqual([]);
    expect(out.stderr).toEqual([
      'error: a real rebuild needs the Pulumi CLI, and `pulumi` is not on PATH (install: https://www.pulumi.com/docs/install/). Use --dry-run to see the plan without it.',
    ]);
  });
});

describe('rebuild, real run against the fake workspace', () => {
  it('brings the stack up, prints progress per stack and a summary (exit 0)', async () => {
    const ws = new FakeWorkspace();
    const out = capture();
    const { estimate } = rebuildPlan('prod', loadRebuildConfig(ROOT, 'prod'));
    await expect(runRebuildCli({ stack: 'prod' }, out, { rootDir: ROOT, workspace: () => ws, clock: ws.clock })).resolves.toBe(0);
    expect(out.stdout.slice(0, 2)).toEqual([
      'Rebuild of stack "prod" into project acme-canary-prod, region europe-west4: creates or updates cloud resources, never deletes.',
      `Order: cluster -> mesh + observability -> delivery -> services (ESTIMATE: p50 ${approxDuration(estimate.total.p50)}, p95 ${approxDuration(estimate.total.p95)})`,
    ]);
    expect(out.stdout).toContain('Rebuild of stack "prod" complete in 5m55s');
    expect(ws.calls.filter((c) => c.startsWith('destroy'))).toEqual([]);
  });

  it('streams Pulumi output only with --verbose, and builds one layer at a time with --sequential', async () => {
    const quiet = capture();
    await runRebuildCli({ stack: 'prod' }, quiet, { rootDir: ROOT, workspace: () => new FakeWorkspace() });
    expect(quiet.stdout.filter((l) => l.includes('Updating (prod)'))).toEqual([]);
    const ws = new FakeWorkspace();
    const verbose = capture();
    await runRebuildCli({ stack: 'prod', verbose: true, sequential: true }, verbose, { rootDir: ROOT, workspace: () => ws });
    expect(verbose.stdout).toContain('[mesh]   Updating (prod)');
    expect(ws.calls.slice(5)).toEqual(['cluster', 'mesh', 'observability', 'delivery', 'services'].flatMap((l) => [`preview ${l}`, `up ${l}`]));
  });

  it('exits 1 when a layer fails, and 0 when the same command is run again', async () => {
    const ws = new FakeWorkspace().inject({ layer: 'mesh', phase: 'up', message: 'error: context deadline exceeded' });
    const first = capture();
    await expect(runRebuildCli({ stack: 'prod' }, first, { rootDir: ROOT, workspace: () => ws })).resolves.toBe(1);
    expect(first.stdout).toContain('[mesh] FAILED during up: error: context deadline exceeded');
    await expect(runRebuildCli({ stack: 'prod' }, capture(), { rootDir: ROOT, workspace: () => ws })).resolves.toBe(0);
  });

  it('writes no gcp:region when --region is the stack file region already', async () => {
    const ws = new FakeWorkspace();
    // dr fits europe-west1 already: nothing to set.
    await expect(runRebuildCli({ stack: 'dr', region: 'europe-west1' }, capture(), { rootDir: ROOT, workspace: () => ws })).resolves.toBe(0);
    expect(ws.configFile).toEqual({});
  });
});
