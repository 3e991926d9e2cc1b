/**
 * Which folders synth may write: a path that does not exist yet, or a previous render it recognises by its
 * marker file. Everything else (a user's file or folder, the project, the home folder, an ancestor of either)
 * is refused before anything is touched.
 */
import * as nodeFs from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { asEnvironmentError, withPath } from './fs-errors';

/** The marker file synth writes into every render it makes; its presence (and content) makes a folder ours. */
export const RENDER_MARKER = '.canary-platform-render';
/** Format id written in the marker. */
export const RENDER_FORMAT = 'canary-platform/render';
/** Version of the render layout this code writes; a marker with a higher version is refused. */
export const RENDER_FORMAT_VERSION = 1;

/** What the marker file holds. */
export interface RenderMarker {
  /** Always {@link RENDER_FORMAT}. */
  readonly format: string;
  /** {@link RENDER_FORMAT_VERSION} of the writer. */
  readonly version: number;
  /** The stack rendered. */
  readonly stack: string;
  /** False while the render is being written; true once every file is in place. */
  readonly complete: boolean;
  /** Every file of the render, relative, sorted (the marker itself excluded). Empty while incomplete. */
  readonly files: readonly string[];
}

/** A refusal to write an output folder: a user's mistake, reported with exit 1 in one line. */
export class OutputFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputFolderError';
  }
}

/** The file-system calls the output folder code uses; replaced in tests to inject failures. */
export type OutputFs = Pick<
  typeof nodeFs,
  'closeSync' | 'existsSync' | 'lstatSync' | 'mkdirSync' | 'openSync' | 'readdirSync' | 'readFileSync' | 'realpathSync' | 'renameSync' | 'rmdirSync' | 'rmSync' | 'statSync' | 'unlinkSync' | 'writeFileSync' | 'writeSync'
>;

/** Folders a render may never replace, nor any of their ancestors. */
export interface ProtectedFolders {
  /** The project folder (holding Pulumi.yaml). */
  readonly projectDir: string;
  /** The working directory. @default process.cwd() */
  readonly cwd?: string;
  /** The user's home folder. @default os.homedir() */
  readonly home?: string;
}

/** What is at a target that may be written. */
export type TargetState = { readonly kind: 'missing' } | { readonly kind: 'render'; readonly marker: RenderMarker };

/** `path` as shown in messages: relative to the working directory when inside it. */
export function shownPath(path: string, cwd: string = process.cwd()): string {
  cwd = resolve(cwd);
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

/** True when `ancestor` is `path` or a folder above it (both absolute). */
function isSelfOrAncestor(ancestor: string, path: string): boolean {
  if (ancestor === path) return true;
  const withSep = ancestor.endsWith(sep) ? ancestor : `${ancestor}${sep}`;
  return path.startsWith(withSep);
}

/** The real path of `path`: symbolic links resolved for the part that exists, the rest appended. */
function realPathOf(path: string, fs: OutputFs): string {
  const missing: string[] = [];
  let dir = path;
  for (;;) {
    try {
      return join(fs.realpathSync(dir), ...missing.reverse());
    } catch {
      const up = dirname(dir);
      if (up === dir) return path;
      missing.push(dir.slice(up.length).replace(/^[/\\]+/, ''));
      dir = up;
    }
  }
}

/** Parses a marker file's text; `undefined` when it is not one of ours. */
export function parseMarker(text: string): RenderMarker | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  if (m.format !== RENDER_FORMAT || !Number.isInteger(m.version) || typeof m.stack !== 'string' || typeof m.complete !== 'boolean') return undefined;
  if (!Array.isArray(m.files) || !m.files.every((f) => typeof f === 'string')) return undefined;
  return { format: m.format, version: m.version as number, stack: m.stack, complete: m.complete, files: m.files as string[] };
}

/** The marker's text for a render of `stack` holding `files`. */
export function markerText(stack: string, files: readonly string[], complete: boolean): string {
  const marker: RenderMarker = { format: RENDER_FORMAT, version: RENDER_FORMAT_VERSION, stack, complete, files: complete ? [...files].sort() : [] };
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/** Reads the marker in `folder`; `undefined` when there is none or it is not ours. */
export function readMarker(folder: string, fs: OutputFs = nodeFs): RenderMarker | undefined {
  const file = join(folder, RENDER_MARKER);
  let text: string;
  try {
    if (!fs.lstatSync(file).isFile()) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseMarker(text);
}

/** Every entry under `folder`, relative (folders end with `/`), or the first symbolic link or special file found. */
function listEntries(folder: string, fs: OutputFs): { entries: string[]; foreign?: string } {
  const entries: string[] = [];
  const walk = (rel: string): string | undefined => {
    const names = withPath('read the folder', join(folder, rel), () => fs.readdirSync(join(folder, rel))).sort();
    for (const name of names) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const stat = withPath('inspect', join(folder, path), () => fs.lstatSync(join(folder, path)));
      if (stat.isDirectory()) {
        entries.push(`${path}/`);
        const inner = walk(path);
        if (inner !== undefined) return inner;
      } else if (stat.isFile()) {
        entries.push(path);
      } else {
        return path;
      }
    }
    return undefined;
  };
  const foreign = walk('');
  return foreign === undefined ? { entries } : { entries, foreign };
}

/** Why an existing folder is not a previous render that may be replaced, or `undefined` when it is one. */
export function whyNotARender(folder: string, fs: OutputFs = nodeFs): string | undefined {
  const markerPath = join(folder, RENDER_MARKER);
  if (!fs.existsSync(markerPath)) {
    const { entries } = listEntries(folder, fs);
    if (entries.length === 0) return `is an existing empty folder that synth did not create (no ${RENDER_MARKER} marker); remove it or choose a path that does not exist`;
    return `is an existing folder that is not a canary-platform render (no ${RENDER_MARKER} marker; it holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, e.g. ${entries[0]})`;
  }
  const marker = readMarker(folder, fs);
  if (marker === undefined) return `has a ${RENDER_MARKER} file that synth did not write (not a ${RENDER_FORMAT} marker)`;
  if (marker.version > RENDER_FORMAT_VERSION) return `was written by a newer canary-platform (render format version ${marker.version}; this one writes version ${RENDER_FORMAT_VERSION}); upgrade, or choose another output folder`;
  if (!marker.complete) return 'is an incomplete render (its marker says the write never finished); remove it yourself after checking it';
  const known = new Set<string>([RENDER_MARKER]);
  for (const file of marker.files) {
    known.add(file);
    for (let d = dirname(file); d !== '.'; d = dirname(d)) known.add(`${d}/`);
  }
  const { entries, foreign } = listEntries(folder, fs);
  if (foreign !== undefined) return `holds ${foreign}, which is not a regular file or folder (synth never writes links or special files)`;
  const extra = entries.filter((e) => !known.has(e));
  if (extra.length > 0) return `holds ${extra.length} entr${extra.length === 1 ? 'y' : 'ies'} synth did not write (e.g. ${extra[0]}); move ${extra.length === 1 ? 'it' : 'them'} away or choose another output folder`;
  return undefined;
}

/**
 * Resolves and checks the output folder before anything is written. Returns the absolute target and what is there.
 *
 * @param out the path as the user gave it (relative to `cwd`)
 * @throws OutputFolderError naming the path and why it is refused: an empty path; the filesystem root, the home
 *   folder, the project folder, the working directory or an ancestor of any of them; a path under a file; an
 *   existing file, link or special file; a folder that is not a previous render
 */
export function checkOutputTarget(out: string, protect: ProtectedFolders, fs: OutputFs = nodeFs): { target: string; state: TargetState } {
  const cwd = resolve(protect.cwd ?? process.cwd());
  if (out.trim() === '') throw new OutputFolderError(`output folder ${JSON.stringify(out)} is empty (an unset variable?): give a path such as dist/prod`);
  const target = resolve(cwd, out);
  const shown = shownPath(target, cwd);
  const refuse = (why: string): never => {
    throw new OutputFolderError(`output folder ${shown} ${why}; nothing was written`);
  };
  const real = realPathOf(target, fs);
  const guarded: [string, string][] = [
    [resolve(protect.projectDir), 'the project folder'],
    [cwd, 'the current folder'],
    [resolve(protect.home ?? homedir()), 'your home folder'],
  ];
  if (dirname(real) === real || dirname(target) === target) refuse('is the filesystem root');
  const candidates = guarded.flatMap(([folder, name]) => [...new Set([folder, realPathOf(folder, fs)])].map((path) => ({ path, name })));
  const paths = new Set([target, real]);
  for (const c of candidates) if (paths.has(c.path)) refuse(`is ${c.name}`);
  for (const c of candidates) for (const path of paths) if (isSelfOrAncestor(path, c.path)) refuse(`is an ancestor of ${c.name} (${c.path})`);
  // The nearest existing ancestor must be a folder.
  for (let dir = dirname(target); ; dir = dirname(dir)) {
    let stat: nodeFs.Stats | undefined;
    try {
      stat = fs.statSync(dir);
    } catch {
      stat = undefined;
    }
    if (stat !== undefined) {
      if (!stat.isDirectory()) refuse(`is under ${shownPath(dir, cwd)}, which is a file, not a folder`);
      break;
    }
    if (dirname(dir) === dir) break;
  }
  let stat: nodeFs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { target, state: { kind: 'missing' } };
    throw asEnvironmentError(err, 'inspect', shown);
  }
  if (stat.isSymbolicLink()) refuse('is a symbolic link; give the real folder or a new path');
  if (!stat.isDirectory()) refuse('is an existing file, not a folder synth created');
  const why = whyNotARender(target, fs);
  if (why !== undefined) refuse(why);
  return { target, state: { kind: 'render', marker: readMarker(target, fs)! } };
}
