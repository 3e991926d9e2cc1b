/**
 * Writes the canary judge's server bundle (packages/judge/bundle.ts) to build/judge/judge.js.gz, for installed
 * packages, which have no TypeScript sources to bundle from. Run by `npm run build`.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { BUILT_BUNDLE, bundleFromSources } from '../packages/judge/bundle';

const root = join(__dirname, '..');
const gzip = bundleFromSources(root);
if (gzip === undefined) {
  process.stderr.write('bundle-judge: packages/judge/main.ts or esbuild is missing; cannot bundle the judge server\n');
  process.exit(1);
}
const target = join(root, BUILT_BUNDLE);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, gzip);
process.stderr.write(`bundle-judge: ${BUILT_BUNDLE} (${gzip.length} bytes)\n`);
