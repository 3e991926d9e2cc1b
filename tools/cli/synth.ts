import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { consoleOutput, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';
import { progressMode, runWithProgress, type ProgressMode } from './progress';

/** Options of `canary-platform synth`. */
export interface SynthCliOptions {
  /** Stack to render. @default 'prod' */
  readonly stack: string;
  /** Output folder. @default `dist/<stack>` in the working directory */
  readonly out?: string;
  /** Folder holding Pulumi.yaml. @default the working directory when it has a Pulumi.yaml, else the package */
  readonly projectDir?: string;
  /** Hide step progress (the banner, errors and the summary are still printed). @default false */
  readonly quiet?: boolean;
  /** Also write the GitOps tree (`gitops/`) for a stack in `pulumi` delivery mode. @default false */
  readonly gitops?: boolean;
}

/** The folder of this package (where its Pulumi.yaml lives), found from this file upwards. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'canary-platform') return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(from, '..', '..');
    dir = up;
  }
}

/** Resolves the project folder: `--project-dir`, else the working directory if it has Pulumi.yaml, else the package. */
export function resolveProjectDir(option: string | undefined, cwd: string): string {
  if (option !== undefined) {
    const dir = resolve(cwd, option);
    if (!existsSync(join(dir, 'Pulumi.yaml'))) throw new UsageError(`--project-dir ${option}: no Pulumi.yaml in ${dir}`);
    return dir;
  }
  return existsSync(join(cwd, 'Pulumi.yaml')) ? cwd : packageRoot();
}

/**
 * Runs synth with progress and the closing summary; returns the exit code (0 ok, 1 user mistake, 2 bug).
 * The first line printed says this is an offline render.
 */
export async function runSynth(options: SynthCliOptions, mode: ProgressMode, output: CliOutput = consoleOutput): Promise<number> {
  const started = performance.now();
  try {
    // Loaded on use, so `--help` and other commands do not pay for Pulumi's start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { offlineBanner, synthContext, synthReport, synthSteps } = require('../offline/synth') as typeof import('../offline/synth');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderSummary } = require('../offline/summary') as typeof import('../offline/summary');
    // Progress and the summary are for people: stderr. Nothing of synth's is meant for a pipe.
    output.err(offlineBanner(options.stack));
    const cwd = process.cwd();
    const projectDir = resolveProjectDir(options.projectDir, cwd);
    const ctx = synthContext({ projectDir, stack: options.stack, outDir: options.out ?? join('dist', options.stack), onLockWait: (message) => output.err(message), gitops: options.gitops === true });
    const timings = await runWithProgress(synthSteps(), ctx, mode);
    const report = synthReport(ctx, timings, performance.now() - started);
    output.err('');
    output.err(renderSummary(report).trimEnd());
    return 0;
  } catch (err) {
    return reportError(err, output);
  }
}

/** `canary-platform synth [--stack prod] [--out DIR] [--project-dir DIR]`. */
export const synthCommand: CliCommand = {
  name: 'synth',
  register(program: Command, cli: CliContext): void {
    program
      .command('synth')
      .description('Render a stack offline (no cloud is called) to a validated, GitOps-ready folder: plan.json, manifests/, helm/, graph.mmd')
      .option('-s, --stack <name>', 'stack to render (reads Pulumi.<name>.yaml)', 'prod')
      .option('-o, --out <dir>', 'output folder (default: dist/<stack>)')
      .option('-C, --project-dir <dir>', 'folder holding Pulumi.yaml (default: the working directory, else this package)')
      .option('-q, --quiet', 'hide step progress; print only the banner, errors and the summary')
      .option('--gitops', 'also write the GitOps tree (gitops/: Flux and Argo CD) for a stack delivered by Pulumi; a stack with canary-platform:delivery gitops always gets it')
      .action(async (opts: SynthCliOptions) => {
        const mode = opts.quiet === true ? 'silent' : progressMode(process.stderr.isTTY === true, process.env);
        cli.setExitCode(await runSynth(opts, mode, cli.output));
      });
  },
};
