/**
 * The judge server as one gzipped JavaScript file, for the platform's ConfigMap.
 *
 * In this repository (TypeScript sources and esbuild present) the server is bundled from `main.ts`; in an
 * installed package the bundle made by `npm run build` (`build/judge/judge.js.gz`) is read. Either way the bytes
 * depend only on the sources and the esbuild version: minified, no source map, gzip without a time stamp.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';

/** The package root (packages/judge/.. /.. in the sources, build/packages/judge/../../.. when compiled). */
function packageRoot(): string {
  const fromSources = join(__dirname, '..', '..');
  return existsSync(join(fromSources, 'package.json')) ? fromSources : join(__dirname, '..', '..', '..');
}

/** Where `npm run build` writes the bundle, relative to the package root. */
export const BUILT_BUNDLE = join('build', 'judge', 'judge.js.gz');

/** Bundles `packages/judge/main.ts` with esbuild and gzips it; undefined when the sources or esbuild are absent. */
export function bundleFromSources(root: string = packageRoot()): Buffer | undefined {
  const entry = join(root, 'packages', 'judge', 'main.ts');
  if (!existsSync(entry)) return undefined;
  let esbuild: typeof import('esbuild');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require('esbuild') as typeof import('esbuild');
  } catch {
    return undefined;
  }
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(Buffer.from(result.outputFiles[0]!.contents), { level: 9 });
}

/**
 * The judge server bundle, gzipped.
 * @throws Error naming both places looked at when neither the sources nor a built bundle are there
 */
export function judgeServerBundle(root: string = packageRoot()): { gzip: Buffer } {
  const built = join(root, BUILT_BUNDLE);
  const gzip = bundleFromSources(root) ?? (existsSync(built) ? readFileSync(built) : undefined);
  if (gzip === undefined) {
    throw new Error(`the canary judge's server bundle is missing: neither packages/judge/main.ts with esbuild nor ${built} (run npm run build)`);
  }
  return { gzip };
}
