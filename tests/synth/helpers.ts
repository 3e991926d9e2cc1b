import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { tempDir as supportTempDir } from '../support/temp';

/** The mini fixture program and its project folder. */
export const MINI_DIR = resolve(__dirname, 'fixtures', 'mini');
export const MINI_PROGRAM = join(MINI_DIR, 'program.ts');

/** A fresh temporary folder, removed after the test file (tests/support/temp.ts). */
export function tempDir(prefix = 'synth-test-'): string {
  return supportTempDir(prefix);
}

/**
 * A temporary Pulumi project running the mini program, with the given stack files
 * (`{ dev: '<yaml>' }` writes `Pulumi.dev.yaml`).
 */
export function miniProject(stacks: Readonly<Record<string, string>>): string {
  const dir = tempDir('synth-project-');
  writeFileSync(join(dir, 'Pulumi.yaml'), `name: mini\nruntime: nodejs\nmain: ${MINI_PROGRAM}\n`);
  for (const [stack, text] of Object.entries(stacks)) writeFileSync(join(dir, `Pulumi.${stack}.yaml`), text);
  return dir;
}

/** The mini fixture's dev stack file, as text. */
export function miniDevStack(): string {
  return readFileSync(join(MINI_DIR, 'Pulumi.dev.yaml'), 'utf8');
}

/** Every file under `dir` (relative paths, sorted) with its content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}
