/**
 * `canary-platform judge-eval [--releases N] [--seed S] [--json]`: runs the canary judge's evaluation (packages/judge/
 * eval): simulated releases backfilled into a real Prometheus on loopback, every decision taken with the judge's own
 * PromQL, against today's default checks and Flagger's tutorial settings. Needs `promtool` and `prometheus`
 * (Debian: `apt-get install -y prometheus`). Prints the table (or the JSON report) on stdout, progress on stderr.
 */
import type { Command } from 'commander';
import { consoleOutput, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';

/** Options of `canary-platform judge-eval`, as commander hands them over. */
export interface JudgeEvalCliOptions {
  /** Releases in the corpus. @default '480' */
  readonly releases?: string;
  /** Seed of the simulation (the same seed gives the same corpus). @default '2025' */
  readonly seed?: string;
  /** Print the JSON report (every release's result and the judge's reasons) instead of the table. @default false */
  readonly json?: boolean;
}

/**
 * A whole number of at least `min` from `--<name>`.
 * @throws UsageError naming the option, the value and the rule
 */
export function wholeOption(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} "${text}" must be a whole number >= ${min}`);
  return Number(text);
}

/** Runs the evaluation; returns the exit code (0 when it ran, whatever the targets; 1 when it could not run). */
export async function runJudgeEvalCli(options: JudgeEvalCliOptions, output: CliOutput = consoleOutput): Promise<number> {
  try {
    const releases = wholeOption('releases', options.releases, 480, 1);
    const seed = wholeOption('seed', options.seed, 2025, 0);
    // Loaded on use: other commands and `--help` do not pay for the simulator.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { formatReport, runJudgeEval } = require('../../packages/judge/eval') as typeof import('../../packages/judge/eval');
    const report = await runJudgeEval({ releases, seed, json: options.json === true, progress: (line) => output.err(line) });
    if (options.json === true) output.out(JSON.stringify(report, null, 2));
    else for (const line of formatReport(report).trimEnd().split('\n')) output.out(line);
    return 0;
  } catch (err) {
    return reportError(err, output);
  }
}

/** The `judge-eval` command. */
export const judgeEvalCommand: CliCommand = {
  name: 'judge-eval',
  register(program: Command, cli: CliContext): void {
    program
      .command('judge-eval')
      .description("Evaluate the canary judge on simulated releases through a real Prometheus, against today's checks and Flagger's defaults (needs promtool and prometheus)")
      .option('--releases <n>', 'releases in the corpus', '480')
      .option('--seed <n>', 'seed of the simulation', '2025')
      .option('--json', 'print the JSON report instead of the table')
      .action(async (opts: JudgeEvalCliOptions) => {
        cli.setExitCode(await runJudgeEvalCli(opts, cli.output));
      });
  },
};
