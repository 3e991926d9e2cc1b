/**
 * Errors the tools share. They live below every tool, so a tool (rebuild, the offline engine) never imports its
 * front end (tools/cli) to report a user mistake; the CLI's `reportError` prints them.
 */

/** A user mistake without a list of problems (a bad option value, a missing file or program): printed without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
