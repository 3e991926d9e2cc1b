/**
 * Writes a render as one folder, crash-safe and one writer at a time.
 *
 * Under the target's lock: leftovers of interrupted runs are recovered first; the new render is written to a
 * sibling `.<name>.synth-new-*` (its marker says "incomplete" until every file is in place); the previous render,
 * if any, is renamed to `.<name>.synth-old-*`; the new one is renamed into place; the old one is removed. At every
 * instant a complete render exists at the target or, between the two renames, in the `synth-old` sibling, which
 * the next run restores. Nothing is touched that synth did not create (see `output-folder.ts`).
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { withPath } from './fs-errors';
import { acquireOutputLock, type LockOptions } from './output-lock';
import { checkOutputTarget, markerText, readMarker, RENDER_MARKER, shownPath as shown, type OutputFs, type ProtectedFolders } from './output-folder';

/** The points of a write, in order; tests stop a run at each one to prove it can be recovered. */
export const WRITE_STEPS = ['locked', 'recovered', 'temp-created', 'files-written', 'temp-complete', 'target-moved-aside', 'new-in-place', 'old-removed'] as const;
/** One point of a write. */
export type WriteStep = (typeof WRITE_STEPS)[number];

/** Options of {@link writeRender} and {@link prepareOutput}. */
export interface WriteRenderOptions extends ProtectedFolders, Pick<LockOptions, 'onWait' | 'timeoutMs'> {
  /** The stack rendered (written in the marker). */
  readonly stack: string;
  /** File-system calls. @default node:fs */
  readonly fs?: OutputFs;
  /** Called after each step (a seam for crash tests). @default - none */
  readonly afterStep?: (step: WriteStep) => void;
}

/** What a write did besides writing. */
export interface WriteResult {
  /** The absolute target. */
  readonly target: string;
  /** Leftovers of interrupted runs that were restored or removed, as shown paths, with what was done. */
  readonly recovered: readonly string[];
}

const SIBLING = /^\.(.+)\.synth-(new|old)-\d+-[0-9a-f]+$/;

function siblingName(target: string, kind: 'new' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.synth-${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Restores or removes what interrupted runs left next to `target` (call it holding the lock). A missing target
 * gets back the previous render from a complete `synth-old` sibling; every other sibling of ours (it holds our
 * marker, or is an empty folder with our naming) is removed. Siblings without our marker are left alone.
 */
export function recoverLeftovers(target: string, fs: OutputFs = nodeFs, cwd: string = process.cwd()): string[] {
  const shownPath = (path: string) => shown(path, cwd);
  const parent = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = fs.readdirSync(parent);
  } catch {
    return [];
  }
  const ours = entries
    .map((entry) => ({ entry, match: SIBLING.exec(entry) }))
    .filter((e) => e.match !== null && e.match[1] === name)
    .map((e) => ({ path: join(parent, e.entry), kind: e.match![2] as 'new' | 'old' }))
    .filter((s) => fs.lstatSync(s.path).isDirectory());
  const done: string[] = [];
  if (!fs.existsSync(target)) {
    const previous = ours.find((s) => s.kind === 'old' && readMarker(s.path, fs)?.complete === true);
    if (previous !== undefined) {
      withPath('restore the previous render from', shownPath(previous.path), () => fs.renameSync(previous.path, target));
      done.push(`restored ${shownPath(target)} from ${shownPath(previous.path)} (left by an interrupted run)`);
    }
  }
  for (const s of ours) {
    if (!fs.existsSync(s.path)) continue;
    if (readMarker(s.path, fs) !== undefined) {
      withPath('remove the leftover', shownPath(s.path), () => fs.rmSync(s.path, { recursive: true, force: true }));
      done.push(`removed ${shownPath(s.path)} (left by an interrupted run)`);
    } else if (fs.readdirSync(s.path).length === 0) {
      withPath('remove the leftover', shownPath(s.path), () => fs.rmdirSync(s.path));
      done.push(`removed ${shownPath(s.path)} (left by an interrupted run)`);
    }
  }
  return done;
}

/**
 * Checks the output folder early (before a long render), recovering leftovers of interrupted runs under the
 * lock, so that a refused target is reported at once.
 * @throws OutputFolderError when the target may not be written
 */
export function prepareOutput(out: string, options: WriteRenderOptions): WriteResult {
  const fs = options.fs ?? nodeFs;
  const first = checkOutputTarget(out, options, fs);
  if (!fs.existsSync(dirname(first.target))) return { target: first.target, recovered: [] };
  const lock = acquireOutputLock(first.target, { fs, onWait: options.onWait, timeoutMs: options.timeoutMs, cwd: options.cwd });
  try {
    const recovered = recoverLeftovers(first.target, fs, options.cwd);
    checkOutputTarget(out, options, fs);
    return { target: first.target, recovered };
  } finally {
    lock.release();
  }
}

function validRelativePath(path: string): boolean {
  return path !== RENDER_MARKER && !path.startsWith('/') && !path.split('/').some((part) => part === '..' || part === '.' || part === '');
}

/**
 * Writes `files` as the render at `out`: all or nothing, crash-safe, one writer at a time.
 *
 * @param out the output folder as the user gave it (relative to `cwd`)
 * @param files relative path -> content
 * @throws OutputFolderError when the target may not be written (see `checkOutputTarget`)
 * @throws EnvironmentError for a full disk, a read-only folder, missing permissions (naming the path)
 */
export function writeRender(out: string, files: ReadonlyMap<string, string>, options: WriteRenderOptions): WriteResult {
  const fs = options.fs ?? nodeFs;
  const shownPath = (path: string) => shown(path, options.cwd);
  const step = options.afterStep ?? (() => undefined);
  const bad = [...files.keys()].find((p) => !validRelativePath(p));
  if (bad !== undefined) throw new Error(`refusing to write outside the output folder or over its marker: ${bad}`);
  const { target } = checkOutputTarget(out, options, fs);
  const parent = dirname(target);
  withPath('create the folder', shownPath(parent), () => fs.mkdirSync(parent, { recursive: true }));
  const lock = acquireOutputLock(target, { fs, onWait: options.onWait, timeoutMs: options.timeoutMs, cwd: options.cwd });
  step('locked');
  const temp = siblingName(target, 'new');
  let tempCreated = false;
  try {
    const recovered = recoverLeftovers(target, fs, options.cwd);
    step('recovered');
    const { state } = checkOutputTarget(out, options, fs); // again, under the lock
    withPath('create the folder', shownPath(temp), () => fs.mkdirSync(temp));
    tempCreated = true;
    const marker = join(temp, RENDER_MARKER);
    withPath('write', shownPath(marker), () => fs.writeFileSync(marker, markerText(options.stack, [], false)));
    step('temp-created');
    const sorted = [...files.keys()].sort();
    for (const path of sorted) {
      const full = join(temp, path);
      withPath('create the folder', shownPath(dirname(full)), () => fs.mkdirSync(dirname(full), { recursive: true }));
      withPath('write', shownPath(full), () => fs.writeFileSync(full, files.get(path)!));
    }
    step('files-written');
    withPath('write', shownPath(`${marker}.tmp`), () => fs.writeFileSync(`${marker}.tmp`, markerText(options.stack, sorted, true)));
    withPath('write', shownPath(marker), () => fs.renameSync(`${marker}.tmp`, marker));
    step('temp-complete');
    const old = siblingName(target, 'old');
    if (state.kind === 'render') {
      withPath('move the previous render aside:', shownPath(target), () => fs.renameSync(target, old));
      step('target-moved-aside');
    }
    try {
      withPath('put the new render in place at', shownPath(target), () => fs.renameSync(temp, target));
    } catch (err) {
      if (state.kind === 'render') fs.renameSync(old, target);
      throw err;
    }
    tempCreated = false;
    step('new-in-place');
    if (state.kind === 'render') withPath('remove the previous render', shownPath(old), () => fs.rmSync(old, { recursive: true, force: true }));
    step('old-removed');
    return { target, recovered };
  } finally {
    if (tempCreated) {
      try {
        fs.rmSync(temp, { recursive: true, force: true });
      } catch {
        // left for the next run's recovery (it holds our marker)
      }
    }
    lock.release();
  }
}
