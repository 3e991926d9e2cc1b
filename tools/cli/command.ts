import type { Command } from 'commander';
import { formatProblem, isValidationError } from '../../packages/shared';
import { EnvironmentError, asEnvironmentError, isEnvironmentErrno } from '../offline/fs-errors';
import { OutputFolderError } from '../offline/output-folder';
import { withoutPulumiErrorPrefix } from '../offline/pulumi-internals';
import { UsageError } from '../shared/errors';

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

/** Where the CLI writes: stdout for results, stderr for errors. Replaced in tests. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** Streams found closed (EPIPE: `canary-platform check | head -1`); later writes to them are dropped. */
const closedStreams = new WeakSet<NodeJS.WriteStream>();

/**
 * Makes a closed pipe harmless: an EPIPE on stdout or stderr marks the stream closed (later lines are dropped)
 * and the command goes on to finish its work and exit with its real status. Any other stream error is
 * reported on whichever stream still works, and the run exits 2.
 */
export function tolerateClosedPipes(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      closedStreams.add(stream);
      if (err.code === 'EPIPE') return;
      const other = stream === process.stderr ? process.stdout : process.stderr;
      if (!closedStreams.has(other)) other.write(`error: cannot write to ${stream === process.stderr ? 'stderr' : 'stdout'}: ${err.message}\n`);
      process.exitCode = EXIT_UNEXPECTED;
    });
  }
}

function writeLine(stream: NodeJS.WriteStream, line: string): void {
  if (closedStreams.has(stream) || stream.destroyed) return;
  stream.write(`${line}\n`);
}

/** The process's console; lines for a stream found closed are dropped (see {@link tolerateClosedPipes}). */
export const consoleOutput: CliOutput = {
  out: (line) => writeLine(process.stdout, line),
  err: (line) => writeLine(process.stderr, line),
};

/**
 * Reports an error the way every command does and returns the exit code: a user mistake prints `error:` and
 * one line per problem, no stack trace (exit 1); so does a problem of the environment (a full disk, a read-only
 * folder, a missing permission: the path and the cause); anything else prints its stack (exit 2).
 */
export function reportError(err: unknown, output: CliOutput = consoleOutput): number {
  // A system error about a path (ENOSPC, EROFS, EACCES, ...) is the environment's, not a bug.
  const environment = isEnvironmentErrno(err) && typeof err.path === 'string' ? asEnvironmentError(err, 'use') : err;
  if (environment instanceof EnvironmentError || environment instanceof OutputFolderError) {
    output.err(`error: ${environment.message}`);
    return EXIT_USER_ERROR;
  }
  if (isValidationError(err)) {
    const [title] = withoutPulumiErrorPrefix(err.message).split('\n');
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
