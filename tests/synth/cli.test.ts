import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../packages/shared';
import { EXIT_UNEXPECTED, EXIT_USER_ERROR, reportError, type CliOutput } from '../../tools/cli/command';
import { UsageError } from '../../tools/shared/errors';
import { buildCli, COMMANDS, runCli } from '../../tools/cli/main';
import { progressMode } from '../../tools/cli/progress';
import { resolveProjectDir } from '../../tools/cli/synth';
import { addSummarySection, renderSummary, renderTable, summarySections } from '../../tools/offline/summary';
import { synth, type SynthReport } from '../../tools/offline/synth';
import { MINI_DIR, tempDir } from './helpers';

function capture(): CliOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const argv = (...args: string[]) => ['node', 'canary-platform', ...args];

describe('CLI structure', () => {
  it('registers synth, with clean registration points for later commands', () => {
    expect(COMMANDS[0].name).toBe('synth');
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    const synthCommand = buildCli().commands.find((c) => c.name() === 'synth');
    expect(synthCommand?.options.map((o) => o.long)).toEqual(['--stack', '--out', '--project-dir', '--quiet', '--gitops']);
  });

  it('shows progress as a terminal animation on a TTY, one line per step otherwise or in CI', () => {
    expect(progressMode(true, {})).toBe('terminal');
    expect(progressMode(false, {})).toBe('lines');
    expect(progressMode(true, { CI: 'true' })).toBe('lines');
  });
});

describe('CLI errors', () => {
  it('prints a user mistake as "error:" plus one line per problem, without a stack trace (exit 1)', () => {
    const out = capture();
    const err = new ValidationError('Invalid stack configuration in Pulumi.prod.yaml', [{ subject: 'Pulumi.prod.yaml', path: 'canary-platform:colour', message: 'is not a known key' }]);
    expect(reportError(err, out)).toBe(EXIT_USER_ERROR);
    expect(out.stderr).toEqual(['error: Invalid stack configuration in Pulumi.prod.yaml', '  Pulumi.prod.yaml: canary-platform:colour is not a known key']);
  });

  it('prints a usage error on one line (exit 1)', () => {
    const out = capture();
    expect(reportError(new UsageError('--project-dir nowhere: no Pulumi.yaml in /nowhere'), out)).toBe(EXIT_USER_ERROR);
    expect(out.stderr).toEqual(['error: --project-dir nowhere: no Pulumi.yaml in /nowhere']);
  });

  it('prints an unexpected error with its stack (exit 2)', () => {
    const out = capture();
    expect(reportError(new TypeError('x is undefined'), out)).toBe(EXIT_UNEXPECTED);
    expect(out.stderr[0]).toBe('error: unexpected failure (a bug; please report it with the trace below)');
    expect(out.stderr[1]).toMatch(/^TypeError: x is undefined\n\s+at /);
  });

  it('rejects unknown options and commands with exit 1', async () => {
    const out = capture();
    await expect(runCli(argv('synth', '--bogus'), out)).resolves.toBe(EXIT_USER_ERROR);
    expect(out.stderr[0]).toBe("error: unknown option '--bogus'");
    await expect(runCli(argv('deploy'), capture())).resolves.toBe(EXIT_USER_ERROR);
  });

  it('prints help with exit 0', async () => {
    const out = capture();
    await expect(runCli(argv('synth', '--help'), out)).resolves.toBe(0);
    expect(out.stdout.join('\n')).toContain('Usage: canary-platform synth [options]');
  });

  it('rejects a --project-dir without Pulumi.yaml', () => {
    const dir = tempDir();
    expect(() => resolveProjectDir(dir, '/')).toThrow(new UsageError(`--project-dir ${dir}: no Pulumi.yaml in ${dir}`));
    expect(resolveProjectDir(undefined, MINI_DIR)).toBe(MINI_DIR);
  });
});

describe('canary-platform synth (in process)', () => {
  it('prints the banner first, writes the folder and closes with the summary, all on stderr (exit 0)', async () => {
    const out = capture();
    const dir = join(tempDir(), 'out');
    await expect(runCli(argv('synth', '-C', MINI_DIR, '-s', 'dev', '-o', dir, '--quiet'), out)).resolves.toBe(0);
    expect(out.stderr[0]).toBe('Offline render of stack "dev": the Pulumi program runs under mocks with stand-in cloud outputs; no cloud API is called.');
    const summary = out.stderr.slice(1).join('\n');
    expect(summary).toContain('Resources by type\n  TYPE                                COUNT\n  gcp:compute/network:Network             1');
    expect(summary).toMatch(/ {2}total +14\n/);
    expect(summary).toMatch(/manifests +7 objects in 2 folders/);
    expect(summary).toMatch(/helm releases +1/);
    expect(summary).toMatch(/waves +6 \(largest: 5 resources\)/);
    expect(summary).toMatch(/time taken +\d+\.\d s/);
    expect(out.stdout).toEqual([]);
    expect(existsSync(join(dir, 'plan.json'))).toBe(true);
  });

  it('reports an unknown stack on stderr with exit 1 and writes nothing', async () => {
    const out = capture();
    const dir = join(tempDir(), 'out');
    await expect(runCli(argv('synth', '-C', MINI_DIR, '-s', 'qa', '-o', dir, '--quiet'), out)).resolves.toBe(EXIT_USER_ERROR);
    expect(out.stderr.slice(1)).toEqual(['error: Unknown stack "qa"', expect.stringMatching(/^ {2}Pulumi\.qa\.yaml: does not exist in .*; existing stacks: dev, staging$/)]);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('summary', () => {
  let report: SynthReport;
  beforeAll(async () => {
    report = await synth({ projectDir: MINI_DIR, stack: 'dev', outDir: join(tempDir(), 'dev') });
  });

  it('aligns table columns and right-aligns numeric columns', () => {
    expect(renderTable({ columns: ['type', 'count'], rows: [['a', '1'], ['longer-type', '12']] })).toEqual(['  TYPE         COUNT', '  a                1', '  longer-type     12']);
  });

  it('shows resources by type, the output and warnings (when any), in that order', () => {
    const builtIn = summarySections().slice(0, 3);
    expect(builtIn.map((s) => s.title)).toEqual(['Resources by type', 'Output', 'Warnings']);
    const text = renderSummary(report, builtIn);
    expect(text.indexOf('Resources by type')).toBeLessThan(text.indexOf('Output'));
    expect(text).not.toContain('Warnings');
  });

  it('lets later features add sections after the built-in ones (for example a canary timeline)', () => {
    const timeline = { title: 'Canary timeline', render: (r: SynthReport) => ({ columns: ['service', 'full promotion'], rows: [[`${r.stack}/podinfo`, '10m']] }) };
    addSummarySection(timeline);
    expect(summarySections().at(-1)).toBe(timeline);
    expect(renderSummary(report, [timeline])).toBe('Canary timeline\n  SERVICE      FULL PROMOTION\n  dev/podinfo  10m\n');
  });

  it('hides empty sections and shows a failing section as not available instead of failing the run', () => {
    const sections = [
      { title: 'Empty', render: () => [] },
      {
        title: 'Waivers',
        render: () => {
          throw new Error('no policy pack for project mini\ndetails');
        },
      },
    ];
    expect(renderSummary(report, sections)).toBe('Waivers\n  (not available for this stack: no policy pack for project mini)\n');
  });
});
