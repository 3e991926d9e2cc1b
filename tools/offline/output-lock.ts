/**
 * One writer per output folder: a lock file next to the target, created atomically (`O_EXCL`). A run that finds
 * the lock held waits (and says so) until it is released or the wait times out; a lock whose process is gone
 * (same host, dead pid) is broken, under a second short-lived lock so that two waiters never both break it.
 */
import * as nodeFs from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { asEnvironmentError } from './fs-errors';
import { OutputFolderError, shownPath, type OutputFs } from './output-folder';

/** What a lock file holds. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
}

/** Options of {@link acquireOutputLock}. */
export interface LockOptions {
  /** How long to wait for another run before giving up, ms. @default 120000 */
  readonly timeoutMs?: number;
  /** Told once when the lock is held by another run and this one starts waiting. @default - nothing is told */
  readonly onWait?: (message: string) => void;
  /** File-system calls. @default node:fs */
  readonly fs?: OutputFs;
  /** Folder that messages show paths relative to. @default process.cwd() */
  readonly cwd?: string;
  /** Clock for the start time written in the lock. @default () => new Date() */
  readonly now?: () => Date;
}

/** A held lock; `release()` removes it if it is still ours. */
export interface OutputLock {
  /** The lock file. */
  readonly path: string;
  release(): void;
}

/** The lock file of a target: `<parent>/.<name>.synth-lock`. */
export function lockPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.synth-lock`);
}

/** Blocks the thread for `ms` (the writer is synchronous). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string, fs: OutputFs): { text: string; owner?: LockOwner } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string') return { text, owner: { pid: o.pid, host: o.host, since: o.since } };
  } catch {
    // a lock file being written, or garbage: judged by its age below
  }
  return { text };
}

/** Creates `path` exclusively with `text`; false when it exists. */
function createExclusive(path: string, text: string, fs: OutputFs): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw asEnvironmentError(err, 'create the lock file', path);
  }
  try {
    fs.writeSync(fd, text);
  } catch (err) {
    fs.closeSync(fd);
    fs.unlinkSync(path);
    throw asEnvironmentError(err, 'write the lock file', path);
  }
  fs.closeSync(fd);
  return true;
}

/** A lock whose owner process is gone (same host), or an unreadable lock older than 10 s. */
function isStale(path: string, seen: { text: string; owner?: LockOwner }, fs: OutputFs): boolean {
  if (seen.owner !== undefined) return seen.owner.host === hostname() && !isAlive(seen.owner.pid);
  try {
    return Date.now() - fs.statSync(path).mtimeMs > 10_000;
  } catch {
    return false;
  }
}

/** Removes a stale lock, holding the breaker lock so that only one waiter breaks it (and not a fresh one). */
function breakStale(path: string, seenText: string, fs: OutputFs): void {
  const breaker = `${path}.break`;
  if (!createExclusive(breaker, String(process.pid), fs)) {
    // Another waiter is breaking it; a breaker left by a crash is removed after 10 s.
    try {
      if (Date.now() - fs.statSync(breaker).mtimeMs > 10_000) fs.unlinkSync(breaker);
    } catch {
      // gone already
    }
    return;
  }
  try {
    const again = readOwner(path, fs);
    if (again !== undefined && again.text === seenText) fs.unlinkSync(path);
  } finally {
    fs.unlinkSync(breaker);
  }
}

/**
 * Takes the lock of `target`, waiting for another run to finish if needed.
 * @throws OutputFolderError when the wait times out
 */
export function acquireOutputLock(target: string, options: LockOptions = {}): OutputLock {
  const fs = options.fs ?? nodeFs;
  const path = lockPathOf(target);
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), since: (options.now ?? (() => new Date()))().toISOString() })}\n`;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = Date.now();
  let told = false;
  for (;;) {
    if (createExclusive(path, text, fs)) break;
    const seen = readOwner(path, fs);
    if (seen === undefined) continue; // released between our attempt and the read
    if (isStale(path, seen, fs)) {
      breakStale(path, seen.text, fs);
      continue;
    }
    const who = seen.owner === undefined ? 'another run' : `another run (pid ${seen.owner.pid} on ${seen.owner.host}, since ${seen.owner.since})`;
    if (Date.now() - started >= timeoutMs) {
      throw new OutputFolderError(
        `output folder ${shownPath(target, options.cwd)} is still being written by ${who} after ${Math.round(timeoutMs / 1000)} s; nothing was written (remove ${shownPath(path, options.cwd)} if no such run exists)`,
      );
    }
    if (!told) {
      options.onWait?.(`waiting: output folder ${shownPath(target, options.cwd)} is being written by ${who}`);
      told = true;
    }
    sleep(100);
  }
  return {
    path,
    release: () => {
      const now = readOwner(path, fs);
      if (now !== undefined && now.text === text) fs.unlinkSync(path);
    },
  };
}
