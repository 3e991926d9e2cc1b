/**
 * The judge server as one gzipped JavaScript file, for the platform's ConfigMap: `build/judge/judge.js.gz`, which
 * `npm run build` (and so `npm ci` and `npm pack`, through prepare) writes with scripts/bundle-judge.ts. Its bytes
 * depend only on the sources and the esbuild version: minified, no source map, gzip without a time stamp.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/** The package root (packages/judge/../.. in the sources, build/packages/judge/../../.. when compiled). */
export function packageRoot(): string {
  const fromSources = join(__dirname, '..', '..');
  return existsSync(join(fromSources, 'package.json')) ? fromSources : join(__dirname, '..', '..', '..');
}

/** Where `npm run build` writes the bundle, relative to the package root. */
export const BUILT_BUNDLE = join('build', 'judge', 'judge.js.gz');

/**
 * The judge server bundle, gzipped.
 * @throws Error naming the file and the command that writes it, when it is missing
 */
export function judgeServerBundle(root: string = packageRoot()): { gzip: Buffer } {
  const built = join(root, BUILT_BUNDLE);
  if (!existsSync(built)) throw new Error(`the canary judge's server bundle ${built} is missing: run npm run build`);
  return { gzip: readFileSync(built) };
}
