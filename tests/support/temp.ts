/**
 * Temporary folders for tests, removed after the test file that made them.
 *
 * Every test file runs with a TMPDIR of its own (tests/support/temp-environment.js), and anything left in it when
 * the file's tests end, other than a tool's cache, fails the file. A folder from tempDir is removed in an afterAll
 * hook registered when this module is first imported by the file, before that check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
});

/** A fresh folder in the temporary directory, named `<prefix><random>`, removed after the test file. */
export function tempDir(prefix = 'test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}
