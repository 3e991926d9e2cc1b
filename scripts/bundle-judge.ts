/**
 * Writes the canary judge's server bundle to build/judge/judge.js.gz (packages/judge/bundle.ts reads it): the
 * server's sources (packages/judge/main.ts and what it imports) bundled by esbuild into one minified file, gzipped
 * without a time stamp, so the same sources and esbuild version give the same bytes. Run by `npm run build`.
 * esbuild is a devDependency: an installed package ships the bundle and never bundles.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { gzipSync } from 'zlib';
import { buildSync } from 'esbuild';
import { BUILT_BUNDLE } from '../packages/judge/bundle';

const ROOT = join(__dirname, '..');

/** The gzipped bundle of the judge server's current sources. */
export function bundleFromSources(root: string = ROOT): Buffer {
  const result = buildSync({
    entryPoints: [join(root, 'packages', 'judge', 'main.ts')],
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

if (require.main === module) {
  const gzip = bundleFromSources();
  const target = join(ROOT, BUILT_BUNDLE);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, gzip);
  process.stderr.write(`bundle-judge: ${BUILT_BUNDLE} (${gzip.length} bytes)\n`);
}
