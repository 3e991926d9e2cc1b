import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { consoleOutput, EXIT_UNEXPECTED, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';
import { packageRoot } from './synth';

/** Where `canary-platform bench` finds the benchmark and how it runs it. */
export interface BenchCliOptions {
  /** The repository (or installed package) root. @default this package's root */
  readonly root?: string;
  /** Environment of the benchmark process. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The benchmark `npm run bench` runs: `bench/run.ts` under tsx, from the repository root.
 * @throws UsageError when this copy of the package has no `bench/` folder (an installed package does not ship
 *   it, see package.json `files`) or tsx (a devDependency) is not installed
 */
export function benchCommandLine(root: string): string[] {
  const script = join(root, 'bench', 'run.ts');
  if (!existsSync(script)) {
    throw new UsageError(
      `bench needs the repository's bench/ folder, which the installed package does not ship (no ${script}): clone the repository, run npm ci, then npm run bench (docs/benchmark.md)`,
    );
  }
  try {
    require.resolve('tsx', { paths: [root] });
  } catch {
    throw new UsageError(`bench runs TypeScript with tsx, a devDependency that is not installed in ${root}: run npm ci there first`);
  }
  return [process.execPath, '--import', 'tsx', script];
}

/**
 * Runs the benchmark with `flags` (those of `npm run bench -- <flags>`) in a child process, printing its lines as
 * they come (tables on stdout, progress on stderr); returns its exit code.
 */
export async function runBench(flags: readonly string[], options: BenchCliOptions = {}, output: CliOutput = consoleOutput): Promise<number> {
  try {
    const root = options.root ?? packageRoot();
    const [node, ...args] = benchCommandLine(root);
    const child = spawn(node, [...args, ...flags], { cwd: root, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forwarded = [forwardLines(child.stdout, output.out), forwardLines(child.stderr, output.err)];
    const code = await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => resolve(status ?? EXIT_UNEXPECTED));
    });
    await Promise.all(forwarded);
    return code;
  } catch (err) {
    return reportError(err, output);
  }
}

function forwardLines(stream: NodeJS.ReadableStream, write: (line: string) => void): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', write);
  return new Promise((resolve) => lines.on('close', resolve));
}

/** `canary-platform bench [flags...]`: what `npm run bench` runs, from a clone of the repository. */
export const benchCommand: CliCommand = {
  name: 'bench',
  register(program: Command, cli: CliContext): void {
    program
      .command('bench')
      .description("Measure render cost at 10-5000 services against naive cdk8s-plus baselines (npm run bench; needs the repository's bench/ folder)")
      .argument('[flags...]', 'passed to the benchmark: --quick, --sizes 10,100, --runs 5, --variants a,b, --cap-b 2000, --out DIR, --no-write, --profile DIR (docs/benchmark.md)')
      .allowUnknownOption()
      .action(async (flags: string[]) => {
        cli.setExitCode(await runBench(flags, {}, cli.output));
      });
  },
};
