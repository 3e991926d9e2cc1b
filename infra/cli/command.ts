import type { Command } from 'commander';
import { formatProblem, isValidationError } from '../../components/shared';

/**
 * How a subcommand plugs into the CLI: a module exports one `CliCommand` and `main.ts` lists it. Keep the
 * module light (commander definitions only) and load heavy code inside the action, so `--help` stays fast.
 */
export interface CliCommand {
  /** Subcommand name, for example `synth`. */
  readonly name: string;
  /** Adds the subcommand (its options and action) to the program. */
  register(program: Command, cli: CliContext): void;
}

/** What a command's action gets from the CLI. */
export interface CliContext {
  /** Where to print. */
  readonly output: CliOutput;
  /** Sets the exit code of this run (0 ok, 1 user mistake, 2 unexpected). */
  setExitCode(code: number): void;
}

/** Exit code for user mistakes (bad input, invalid stack, failed validation or policies). */
export const EXIT_USER_ERROR = 1;
/** Exit code for unexpected errors (bugs): the stack trace is printed. */
export const EXIT_UNEXPECTED = 2;

/** A user mistake without a list of problems (a bad option value, a missing file). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Where the CLI writes: stdout for results, stderr for errors. Replaced in tests. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** The process's console. */
export const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Reports an error the way every command does and returns the exit code: a user mistake prints `error:` and
 * one line per problem, no stack trace (exit 1); anything else prints its stack (exit 2).
 */
export function reportError(err: unknown, output: CliOutput = consoleOutput): number {
  if (isValidationError(err)) {
    const [title] = err.message.replace(/^error serializing property "[^"]*": /, '').split('\n');
    output.err(`error: ${title}`);
    for (const p of err.problems) output.err(`  ${formatProblem(p)}`);
    return EXIT_USER_ERROR;
  }
  if (err instanceof UsageError) {
    output.err(`error: ${err.message}`);
    return EXIT_USER_ERROR;
  }
  output.err('error: unexpected failure (a bug; please report it with the trace below)');
  output.err(err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err));
  return EXIT_UNEXPECTED;
}
