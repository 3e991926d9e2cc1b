/**
 * The layers of packages/canary (STYLE.md, convention 1: engines are peers on an engine-neutral spec):
 * spec/ at the bottom, workload/ on it, the two engines side by side on both, and the dispatch point
 * (render.ts) and the construct on top. Every import counts here, type-only ones included: an engine that
 * names the other's types is no longer its peer. (tests/layout/cycles.test.ts checks runtime cycles everywhere.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const CANARY = 'packages/canary';

/** What each folder of packages/canary may import (folders, relative to the repository root). */
const ALLOWED: readonly (readonly [folder: string, imports: readonly string[]])[] = [
  // The spec parses business-metric PromQL with packages/validation's parser.
  [`${CANARY}/spec`, [`${CANARY}/spec`, 'packages/shared', 'packages/validation', 'packages/judge']],
  [`${CANARY}/workload`, [`${CANARY}/workload`, `${CANARY}/spec`, 'packages/shared']],
  [`${CANARY}/engines/flagger`, [`${CANARY}/engines/flagger`, `${CANARY}/spec`, `${CANARY}/workload`, 'packages/shared']],
  [`${CANARY}/engines/argo-rollouts`, [`${CANARY}/engines/argo-rollouts`, `${CANARY}/spec`, `${CANARY}/workload`, 'packages/shared']],
  [CANARY, [CANARY, 'packages/shared']],
];

function tsFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? tsFiles(`${folder}/${entry.name}`) : entry.name.endsWith('.ts') ? [`${folder}/${entry.name}`] : [],
  );
}

/** Relative imports of a file (imports, re-exports, type-only ones, require calls), as repository file paths. */
function imports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const path = relative(ROOT, resolve(ROOT, dirname(file), name));
      return existsSync(join(ROOT, `${path}.ts`)) ? `${path}.ts` : `${path}/index.ts`;
    });
}

const within = (path: string, folder: string): boolean => path === folder || path.startsWith(`${folder}/`);

/** The most specific rule for a file. */
function allowedFor(file: string): readonly string[] {
  const rule = ALLOWED.filter(([folder]) => within(file, folder)).sort((a, b) => b[0].length - a[0].length)[0];
  if (rule === undefined) throw new Error(`no rule for ${file}`);
  return rule[1];
}

describe('packages/canary layers', () => {
  const files = tsFiles(CANARY);

  it('has a rule for every folder', () => {
    const folders = [...new Set(files.map((f) => dirname(f)))];
    expect(folders.filter((folder) => !ALLOWED.some(([ruled]) => ruled === folder))).toEqual([]);
  });

  it('imports only what each layer may: the engines never each other, spec/ and workload/ no engine, nothing below the top imports the top', () => {
    const violations = files.flatMap((file) => {
      const allowed = allowedFor(file);
      return imports(file)
        .filter((target) => !allowed.some((folder) => within(target, folder)) || (within(target, CANARY) && dirname(target) === CANARY && dirname(file) !== CANARY))
        .map((target) => `${file} imports ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it('catches an engine importing the other (the check itself)', () => {
    const allowed = allowedFor(`${CANARY}/engines/flagger/render.ts`);
    expect(allowed.some((folder) => within(`${CANARY}/engines/argo-rollouts/index`, folder))).toBe(false);
    expect(allowed.some((folder) => within(`${CANARY}/spec/index`, folder))).toBe(true);
  });
});
