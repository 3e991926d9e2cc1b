/**
 * What the README promises of the package CLI: every command of its "Other commands" table (`npm run <command>`,
 * "also available as the package CLI `canary-platform <command>`") is a CLI command, `bench` included, and
 * `--version` prints the package version. `bench` runs the benchmark `npm run bench` runs when the repository's
 * bench/ folder is there, and says so in one line (exit 1) where it is not (an installed package).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../../tools/cli/bench';
import { EXIT_USER_ERROR, type CliOutput } from '../../tools/cli/command';
import { COMMANDS, runCli } from '../../tools/cli/main';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; files: string[]; scripts: Record<string, string> };

function capture(): CliOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const argv = (...args: string[]) => ['node', 'canary-platform', ...args];

/** The environment of child processes: their temporary files (tsx's cache) go into this test's folder. */
const childEnv = (): NodeJS.ProcessEnv => ({ ...process.env, TMPDIR: work });

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cli-bench-version-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the README command table', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('Other commands'), readme.indexOf('## A CanaryService'));
  const listed = [...table.matchAll(/^\| `npm run (\w+)/gm)].map((m) => m[1]);

  it('lists check, timeline, rebuild, failover and bench', () => {
    expect(listed.sort()).toEqual(['bench', 'check', 'failover', 'rebuild', 'timeline']);
  });

  it.each(listed)('`%s` is a command of the package CLI and an npm script', (name) => {
    expect(COMMANDS.map((c) => c.name)).toContain(name);
    expect(PACKAGE.scripts[name]).toBeDefined();
  });
});

describe('canary-platform --version', () => {
  it('prints the version of package.json and exits 0', async () => {
    for (const flag of ['--version', '-V']) {
      const out = capture();
      await expect(runCli(argv(flag), out)).resolves.toBe(0);
      expect(out.stdout).toEqual([PACKAGE.version]);
    }
  });

  it('works through the package bin (bin/canary-platform.js)', () => {
    const proc = spawnSync(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), '--version'], { cwd: work, env: childEnv(), encoding: 'utf8' });
    expect(proc.stdout).toBe(`${PACKAGE.version}\n`);
    expect(proc.status).toBe(0);
  });
});

describe('canary-platform bench', () => {
  it('is listed in the help', async () => {
    const out = capture();
    await expect(runCli(argv('--help'), out)).resolves.toBe(0);
    expect(out.stdout.join('\n')).toMatch(/^ {2}bench \[flags\.\.\.\] +Measure render cost/m);
  });

  it('runs the benchmark of `npm run bench` with the flags given (tables on stdout, progress on stderr)', async () => {
    const out = capture();
    await expect(runBench(['--variants', 'bulk', '--sizes', '10', '--runs', '1', '--no-write'], { root: ROOT, env: childEnv() }, out)).resolves.toBe(0);
    expect(out.stderr[0]).toMatch(/^bench: sizes 10, 1 run\(s\), load /);
    expect(out.stderr.some((l) => /^ {2}bulk N=10: run 1\/1 /.test(l))).toBe(true);
    expect(out.stdout.some((l) => l.startsWith('| ours: bulk render | 10 |'))).toBe(true);
  });

  it("passes the flags through the CLI, and the benchmark's own exit code back (a bad flag is exit 1 with its usage)", async () => {
    const out = capture();
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = work; // the benchmark process inherits this process's environment
    try {
      await expect(runCli(argv('bench', '--sizes', 'ten'), out)).resolves.toBe(EXIT_USER_ERROR);
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
    }
    expect(out.stderr[0]).toBe('bench: --sizes (ten) must be a positive integer');
    expect(out.stdout).toEqual([]);
  });

  it('is not shipped in the package (package.json files), so an installed package has no bench/ folder', () => {
    expect(PACKAGE.files.some((f) => f.startsWith('bench'))).toBe(false);
  });

  it('says in one line, exit 1, that an installed package has no benchmark', async () => {
    const installed = join(work, 'node_modules', 'canary-platform');
    mkdirSync(installed, { recursive: true });
    writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'canary-platform', version: PACKAGE.version }));
    const out = capture();
    await expect(runBench([], { root: installed }, out)).resolves.toBe(EXIT_USER_ERROR);
    expect(out.stdout).toEqual([]);
    expect(out.stderr).toEqual([
      `error: bench needs the repository's bench/ folder, which the installed package does not ship (no ${join(installed, 'bench', 'run.ts')}): clone the repository, run npm ci, then npm run bench (docs/benchmark.md)`,
    ]);
  });
});
