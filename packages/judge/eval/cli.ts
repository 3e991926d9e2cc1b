/**
 * Runs the judge evaluation from a shell (until `canary-platform judge-eval` wraps runJudgeEval):
 *
 *   npx tsx packages/judge/eval/cli.ts [--releases 480] [--seed 2025] [--json]
 *
 * Prints the table (or the JSON report) on stdout and progress on stderr. Exit status 0 when the evaluation ran,
 * whatever the targets; 2 for bad arguments; 1 when it could not run (promtool or prometheus missing).
 */
import { parseArgs } from 'node:util';
import { formatReport } from './report';
import { runJudgeEval } from './run';

/** The evaluation's command-line options. */
export interface EvalCliOptions {
  readonly releases: number;
  readonly seed: number;
  readonly json: boolean;
}

/**
 * Parses `--releases`, `--seed` and `--json`.
 * @throws Error naming the option, the value and the rule
 */
export function parseEvalArgs(args: readonly string[]): EvalCliOptions {
  const { values } = parseArgs({ args: [...args], options: { releases: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false });
  const whole = (name: string, text: string | undefined, fallback: number, min: number): number => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`--${name} ${JSON.stringify(text)} must be a whole number >= ${min}`);
    return Number(text);
  };
  return { releases: whole('releases', values.releases, 480, 1), seed: whole('seed', values.seed, 2025, 0), json: values.json === true };
}

/* istanbul ignore next -- the process entry point */
if (require.main === module) {
  let options: EvalCliOptions;
  try {
    options = parseEvalArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  runJudgeEval({ ...options, progress: (line) => process.stderr.write(`${line}\n`) }).then(
    (report) => process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
