import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './synth';

/** The version in this package's package.json (what `canary-platform --version` prints). */
export function packageVersion(root: string = packageRoot()): string {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof version === 'string' && version !== '' ? version : 'unknown';
}
