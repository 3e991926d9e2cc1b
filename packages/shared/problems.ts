/**
 * One thing wrong with a user's input or a rendered object. Validation collects every problem and reports them
 * together; nothing is rendered or written while any problem remains.
 */
export interface Problem {
  /** What the problem is about: a service name, a file, or an object id such as `apps/Deployment/podinfo`. */
  readonly subject: string;
  /** Dotted path of the offending field, for example `analysis.maxWeight`. Empty for the whole subject. */
  readonly path: string;
  /** What is wrong and what would be valid, for example `(120) must be 1-100`. */
  readonly message: string;
}

/** Formats a problem as one line: `podinfo: analysis.maxWeight (120) must be 1-100`. */
export function formatProblem(p: Problem): string {
  return p.path ? `${p.subject}: ${p.path} ${p.message}` : `${p.subject}: ${p.message}`;
}

/**
 * A user mistake: carries every problem found, so the CLI can print one line each without a stack trace.
 * Thrown by validation at the boundary before anything is rendered.
 */
export class ValidationError extends Error {
  /** Every problem found, in a stable order. */
  readonly problems: readonly Problem[];

  constructor(title: string, problems: readonly Problem[]) {
    super(`${title}\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** True when `err` is a user mistake that should be printed without a stack trace. */
export function isValidationError(err: unknown): err is ValidationError {
  return err instanceof ValidationError || (err instanceof Error && err.name === 'ValidationError');
}
