/**
 * Data flows one way: the library (packages/) imports nothing above it, the stack programs (stacks/) use the
 * library, the tools (tools/) use the library and act on the stacks, and no tool imports its front end
 * (tools/cli). Every relative import of every .ts file under packages/, tools/ and stacks/ is checked against one
 * table, {@link RULES}.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, posix } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/** The folders whose files are checked. */
const CHECKED = ['packages', 'stacks', 'tools'] as const;

/** Which folders the files under `from` may import. */
interface DependencyRule {
  /** Folder of the importing files (ends with `/`). The row with the longest `from` a file is under applies. */
  readonly from: string;
  /** Folders its imports may resolve under. */
  readonly may: readonly string[];
  /** Folders under `may` its imports must still not resolve under. @default - none */
  readonly mayNot?: readonly string[];
  /** Why, as the failure message says it. */
  readonly why: string;
}

/** The one table of allowed import directions. */
const RULES: readonly DependencyRule[] = [
  { from: 'packages/', may: ['packages/'], why: 'the library imports nothing above it (stacks and tools use it, never the reverse)' },
  { from: 'packages/shared/', may: ['packages/shared/'], why: 'packages/shared is the bottom of the library' },
  { from: 'stacks/platform/', may: ['packages/', 'stacks/platform/'], why: 'the single program uses the library and knows nothing of the layers or the tools' },
  { from: 'stacks/layers/', may: ['packages/', 'stacks/'], why: "the layers build the platform from the library and the single program's configuration, never from the tools" },
  { from: 'stacks/traffic/', may: ['packages/', 'stacks/'], why: 'the traffic program (DNS records of a standby pair) reads the stacks\' configuration and layer names, never the tools' },
  { from: 'tools/shared/', may: ['packages/', 'tools/shared/'], why: 'tools/shared is below every tool' },
  {
    from: 'tools/',
    may: ['packages/', 'stacks/', 'tools/'],
    mayNot: ['tools/cli/'],
    why: 'a tool uses the library and acts on the stacks; it never imports its front end (tools/cli)',
  },
  { from: 'tools/cli/', may: ['packages/', 'stacks/', 'tools/'], why: 'the CLI drives the tools on the library and the stacks' },
];

/** One relative import: the file, the specifier as written, and what it resolves to from the root (`/` separated). */
interface Import {
  readonly file: string;
  readonly specifier: string;
  readonly target: string;
}

/** The module specifiers `source` imports (import, export ... from, import type, require, import()); comments and strings are ignored. */
function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The relative imports of `file` (a root-relative path, `/` separated) with source `source`. */
function relativeImports(file: string, source: string): Import[] {
  return specifiers(source)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ file, specifier, target: posix.normalize(posix.join(posix.dirname(file), specifier)) }));
}

/** The rule of `file`: the row with the longest `from` it is under. */
function ruleOf(file: string): DependencyRule | undefined {
  return RULES.filter((r) => file.startsWith(r.from)).sort((a, b) => b.from.length - a.from.length)[0];
}

const under = (path: string, folder: string): boolean => `${path}/`.startsWith(folder);

/** The message for an import its rule forbids, or undefined when it is allowed. */
function violation(i: Import): string | undefined {
  const rule = ruleOf(i.file);
  if (!rule) return `${i.file}: no row of RULES covers it; add one for its folder`;
  const allowed = rule.may.some((f) => under(i.target, f)) && !(rule.mayNot ?? []).some((f) => under(i.target, f));
  if (allowed) return undefined;
  const except = rule.mayNot?.length ? ` except ${rule.mayNot.join(', ')}` : '';
  return `${i.file} imports '${i.specifier}' (${i.target}): ${rule.why} [${rule.from} may import ${rule.may.join(', ')}${except}]`;
}

/** Every .ts file under `folder` (root-relative, `/` separated), sorted. */
function tsFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(folder);
  return out.sort();
}

describe('import directions (RULES)', () => {
  const files = CHECKED.flatMap((folder) => tsFiles(folder));
  const imports = files.flatMap((file) => relativeImports(file, readFileSync(join(ROOT, ...file.split('/')), 'utf8')));

  it('reads every .ts file under packages/, stacks/ and tools/', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(imports.length).toBeGreaterThan(500);
  });

  it('has a row for the folder of every file', () => {
    expect(files.filter((file) => !ruleOf(file))).toEqual([]);
  });

  it('finds no import against the table', () => {
    expect(imports.map(violation).filter((v) => v !== undefined)).toEqual([]);
  });

  it('keeps tools/rebuild and tools/offline free of tools/cli', () => {
    const toCli = imports.filter((i) => (i.file.startsWith('tools/rebuild/') || i.file.startsWith('tools/offline/')) && under(i.target, 'tools/cli/'));
    expect(toCli).toEqual([]);
  });
});

describe('the import checker', () => {
  it('reads static, type-only, re-export, require and dynamic imports, not comments or strings', () => {
    const source = [
      "/** import { x } from '../in-a-comment'; */",
      "// require('../in-a-line-comment')",
      "import type { A } from './a';",
      'import {',
      '  B,',
      "} from './b';",
      "export { C } from './c';",
      "export * from './d';",
      "const e = require('./e') as typeof import('./f');",
      "void import('./g');",
      "const s = \"import { z } from './in-a-string'\";",
    ].join('\n');
    expect(specifiers(source)).toEqual(['./a', './b', './c', './d', './e', './f', './g']);
  });

  it('names the file, the import and the rule of a tool importing its CLI', () => {
    const [i] = relativeImports('tools/rebuild/plan.ts', "import { UsageError } from '../cli/command';");
    expect(violation(i)).toBe(
      "tools/rebuild/plan.ts imports '../cli/command' (tools/cli/command): a tool uses the library and acts on the stacks; " +
        'it never imports its front end (tools/cli) [tools/ may import packages/, stacks/, tools/ except tools/cli/]',
    );
  });

  it('refuses the library importing a stack or a tool, and a stack importing a tool', () => {
    const messages = [
      relativeImports('packages/platform/platform.ts', "import { loadStackConfig } from '../../stacks/platform/config';")[0],
      relativeImports('packages/canary/index.ts', "import { reportError } from '../../tools/cli/command';")[0],
      relativeImports('stacks/layers/program.ts', "import { runProgramOffline } from '../../tools/offline/engine';")[0],
      relativeImports('stacks/platform/program.ts', "import { LAYERS } from '../layers/layers';")[0],
      relativeImports('packages/shared/index.ts', "import { CanaryService } from '../canary';")[0],
    ].map(violation);
    expect(messages).toEqual([
      "packages/platform/platform.ts imports '../../stacks/platform/config' (stacks/platform/config): the library imports nothing above it (stacks and tools use it, never the reverse) [packages/ may import packages/]",
      "packages/canary/index.ts imports '../../tools/cli/command' (tools/cli/command): the library imports nothing above it (stacks and tools use it, never the reverse) [packages/ may import packages/]",
      "stacks/layers/program.ts imports '../../tools/offline/engine' (tools/offline/engine): the layers build the platform from the library and the single program's configuration, never from the tools [stacks/layers/ may import packages/, stacks/]",
      "stacks/platform/program.ts imports '../layers/layers' (stacks/layers/layers): the single program uses the library and knows nothing of the layers or the tools [stacks/platform/ may import packages/, stacks/platform/]",
      "packages/shared/index.ts imports '../canary' (packages/canary): packages/shared is the bottom of the library [packages/shared/ may import packages/shared/]",
    ]);
  });

  it('lets the CLI import other tools, a tool import tools/shared, and files import inside their own folder', () => {
    const allowed = [
      relativeImports('tools/cli/rebuild.ts', "import { rebuild } from '../rebuild/engine';")[0],
      relativeImports('tools/rebuild/plan.ts', "import { UsageError } from '../shared/errors';")[0],
      relativeImports('tools/rebuild/plan.ts', "import { LAYERS } from '../../stacks/layers/layers';")[0],
      relativeImports('packages/platform/index.ts', "export { Platform } from './platform';")[0],
    ];
    expect(allowed.map(violation)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('asks for a row when a folder has none', () => {
    expect(violation({ file: 'stacks/other/index.ts', specifier: '../../packages/shared', target: 'packages/shared' })).toBe(
      'stacks/other/index.ts: no row of RULES covers it; add one for its folder',
    );
  });
});
