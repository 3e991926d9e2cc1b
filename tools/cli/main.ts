#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { consoleOutput, EXIT_USER_ERROR, reportError, tolerateClosedPipes, type CliCommand, type CliOutput } from './command';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { failoverCommand } from './failover';
import { judgeEvalCommand } from './judge-eval';
import { rebuildCommand } from './rebuild';
import { synthCommand } from './synth';
import { timelineCommand } from './timeline';
import { verifyChartsCommand } from './verify-charts';
import { packageVersion } from './version';

/**
 * Every subcommand, in help order. To add one, write `tools/cli/<name>.ts` exporting a `CliCommand` and list it
 * here (one import, one entry): `check` (policies), `rebuild`, `failover` and `timeline` plug in this way.
 */
export const COMMANDS: readonly CliCommand[] = [synthCommand, checkCommand, rebuildCommand, failoverCommand, timelineCommand, judgeEvalCommand, benchCommand, verifyChartsCommand];

/** The commander program with every subcommand registered. */
export function buildCli(output: CliOutput = consoleOutput, setExitCode: (code: number) => void = () => undefined): Command {
  const program = new Command('canary-platform')
    .description('Typed IaC for automated canary releases on GKE: render, check, rebuild and fail over stacks')
    .version(packageVersion(), '-V, --version', 'print the package version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });
  for (const command of COMMANDS) command.register(program, { output, setExitCode });
  return program;
}

/**
 * Runs the CLI with `argv` (as in `process.argv`) and returns the exit code: 0 ok, 1 user mistake (bad
 * arguments, invalid input, failed validation), 2 unexpected error.
 */
export async function runCli(argv: readonly string[] = process.argv, output: CliOutput = consoleOutput): Promise<number> {
  let exitCode = 0;
  const program = buildCli(output, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USER_ERROR;
    return reportError(err, output);
  }
}

/**
 * A closed stdout (`canary-platform check | head -1`) never decides the exit code: the command finishes its work
 * and exits with its real status (see `tolerateClosedPipes`).
 */
export function exitOnClosedPipe(): void {
  tolerateClosedPipes();
}

if (require.main === module) {
  exitOnClosedPipe();
  void runCli().then((code) => {
    process.exitCode = code;
  });
}
