/**
 * File-system failures that are the environment's doing (a full disk, a read-only folder, no permission), told
 * as one line naming the path and the cause. The CLI reports them with exit 1, never as a bug.
 */

/** Causes the CLI reports as the environment's, by errno code, in words. */
export const ENVIRONMENT_CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'something already exists there',
  EMFILE: 'too many open files in this process (raise `ulimit -n`)',
  ENFILE: 'too many open files on this system',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  ENOENT: 'no such file or folder',
  EIO: 'input/output error from the device',
  EBUSY: 'the file or folder is busy',
  EXDEV: 'the target is on another device',
  ENOTEMPTY: 'the folder is not empty',
};

/** A file-system failure caused by the environment, with the path and the cause in its message. */
export class EnvironmentError extends Error {
  /** The errno code, for example `ENOSPC`. */
  readonly code: string;
  /** The path concerned. */
  readonly path: string;

  constructor(action: string, path: string, code: string) {
    super(`cannot ${action} ${path}: ${ENVIRONMENT_CAUSES[code] ?? code} (${code})`);
    this.name = 'EnvironmentError';
    this.code = code;
    this.path = path;
  }
}

/** Whether `err` is a Node.js system error with one of the codes in {@link ENVIRONMENT_CAUSES}. */
export function isEnvironmentErrno(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  // Not `instanceof Error`: errors from Node's core may come from another realm (a vm context, jest).
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' && Object.hasOwn(ENVIRONMENT_CAUSES, code);
}

/**
 * Turns a Node.js system error into an {@link EnvironmentError} naming `path` (or the error's own path) and what was
 * being done; anything else is returned unchanged.
 */
export function asEnvironmentError(err: unknown, action: string, path?: string): unknown {
  if (err instanceof EnvironmentError || !isEnvironmentErrno(err)) return err;
  return new EnvironmentError(action, path ?? err.path ?? '(unknown path)', err.code);
}

/** Runs `fn`; a system error it throws becomes an {@link EnvironmentError} about `action` on `path`. */
export function withPath<T>(action: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw asEnvironmentError(err, action, path);
  }
}
