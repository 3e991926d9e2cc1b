import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a set of files as one folder, all or nothing: everything is written to a temporary folder next to
 * the target, which then replaces the target by rename. A failure before the final rename leaves the previous
 * target untouched; the temporary folder is removed.
 *
 * @param target the folder to (re)create, for example `dist/prod`
 * @param files relative path -> content
 */
export function writeFolderAtomically(target: string, files: ReadonlyMap<string, string>): void {
  const parent = dirname(target);
  const base = basename(target);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.${base}.tmp-${process.pid}`);
  const previous = join(parent, `.${base}.old-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  try {
    for (const path of [...files.keys()].sort()) {
      if (path.split('/').some((part) => part === '..' || part === '')) throw new Error(`refusing to write outside the output folder: ${path}`);
      const full = join(temp, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, files.get(path)!);
    }
    rmSync(previous, { recursive: true, force: true });
    const hadPrevious = existsSync(target);
    if (hadPrevious) renameSync(target, previous);
    try {
      renameSync(temp, target);
    } catch (err) {
      if (hadPrevious) renameSync(previous, target);
      throw err;
    }
    rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
