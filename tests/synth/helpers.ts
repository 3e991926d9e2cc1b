import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

/** The mini fixture program and its project folder. */
export const MINI_DIR = resolve(__dirname, 'fixtures', 'mini');
export const MINI_PROGRAM = join(MINI_DIR, 'program.ts');

/** Folders made by tempDir in this test file, removed after its last test. */
const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'synth-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
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
