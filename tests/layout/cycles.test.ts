/**
 * Data flows one way (STYLE.md, convention 1): no runtime import cycle between files, and none between folders, in
 * packages/, tools/ and stacks/. A folder cycle is one even when no file cycle closes it: `packages/canary/spec`
 * importing `packages/canary/engines/argo-rollouts` while that engine imports the spec makes the two one unit.
 *
 * The import graph is madge's (devDependency `madge`), resolved with this repository's tsconfig.json:
 * - counted: `import` and `export ... from` with a value, `require()` calls (the CLI loads tools lazily; a lazy
 *   load is still a dependency), dynamic `import()`;
 * - not counted: type-only imports and re-exports (`import type`, `export type`, `typeof import(...)`), which the
 *   compiler erases: types may refer both ways (a renderer's argument type, a parity table's input type).
 * A folder is a directory: `packages/canary` and `packages/canary/spec` are two folders, and an edge from a file in
 * one to a file in the other is an edge between them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../support/temp';

/** The part of madge's API this test uses (madge ships no type declarations). */
interface MadgeResult {
  /** file -> the files it imports, relative to `baseDir`. */
  obj(): Record<string, string[]>;
  /** Imports madge did not resolve to a file (packages, or broken paths). */
  warnings(): { skipped: string[] };
}
const madge: (paths: string[], config: Record<string, unknown>) => Promise<MadgeResult> = require('madge');

const ROOT = join(__dirname, '..', '..');

/**
 * Folder cycles that existed when this test was written, outside packages/canary, each with the change that
 * removes it. Any other folder cycle fails; so does an entry here once its cycle is gone (remove the entry).
 */
const KNOWN_FOLDER_CYCLES: readonly { readonly folders: readonly string[]; readonly fix: string }[] = [];

/** file -> the files it imports at run time, paths relative to the base folder. */
type ImportGraph = Readonly<Record<string, readonly string[]>>;

/** The runtime import graph of the TypeScript files under `folders` of `baseDir`. */
async function importGraph(baseDir: string, folders: readonly string[], tsConfig?: string): Promise<{ graph: ImportGraph; unresolved: string[] }> {
  const result = await madge(
    folders.map((folder) => join(baseDir, folder)),
    {
      baseDir,
      fileExtensions: ['ts'],
      ...(tsConfig !== undefined ? { tsConfig } : {}),
      detectiveOptions: { ts: { skipTypeImports: true, mixedImports: true }, es6: { skipTypeImports: true, mixedImports: true } },
    },
  );
  // Imports madge could not resolve: packages are expected, a relative path would mean a missing edge.
  const unresolved = result.warnings().skipped.filter((path) => path.startsWith('.') || path.startsWith('/'));
  return { graph: result.obj(), unresolved };
}

/** Every file cycle, as `a.ts -> b.ts -> a.ts`. */
function fileCycles(graph: ImportGraph): string[] {
  return stronglyConnected(graph).map((component) => describeCycle(graph, component, () => []));
}

/** The folder graph: folder -> folder -> the file imports that make the edge. */
function folderGraph(graph: ImportGraph): Map<string, Map<string, string[]>> {
  const folders = new Map<string, Map<string, string[]>>();
  for (const [file, imports] of Object.entries(graph)) {
    const from = dirname(file);
    const edges = folders.get(from) ?? new Map<string, string[]>();
    folders.set(from, edges);
    for (const imported of imports) {
      const to = dirname(imported);
      if (to === from) continue;
      edges.set(to, [...(edges.get(to) ?? []), `${file} imports ${imported}`]);
    }
  }
  return folders;
}

/** Every folder cycle: its folders, and one cycle through them with the file imports along it. */
function folderCycles(graph: ImportGraph): { folders: string[]; cycle: string }[] {
  const folders = folderGraph(graph);
  const adjacency: Record<string, string[]> = {};
  for (const [from, edges] of folders) adjacency[from] = [...edges.keys()];
  return stronglyConnected(adjacency).map((component) => ({
    folders: component,
    cycle: describeCycle(adjacency, component, (from, to) => folders.get(from)?.get(to) ?? []),
  }));
}

/** The strongly connected components with more than one node (Tarjan), each sorted, in sorted order. */
function stronglyConnected(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph[node] ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of Object.keys(graph).sort()) if (!index.has(node)) visit(node);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One cycle through a component, `a -> b -> a`, followed by the evidence of each step. */
function describeCycle(graph: ImportGraph, component: readonly string[], evidence: (from: string, to: string) => readonly string[]): string {
  const members = new Set(component);
  const start = component[0]!;
  // Breadth-first from the start back to it, inside the component: the shortest cycle through `start`.
  const previous = new Map<string, string>();
  const queue = [start];
  let closing: string | undefined;
  while (queue.length > 0 && closing === undefined) {
    const node = queue.shift()!;
    for (const to of graph[node] ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        closing = node;
        break;
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  const path = [start];
  for (let node = closing; node !== undefined && node !== start; node = previous.get(node)) path.splice(1, 0, node);
  path.push(start);
  const steps = path.slice(1).flatMap((to, i) => evidence(path[i]!, to).map((line) => `\n    ${line}`));
  return `${path.join(' -> ')}${steps.join('')}`;
}

describe('runtime imports of packages/, tools/ and stacks/', () => {
  let graph: ImportGraph = {};
  let unresolved: string[] = [];
  beforeAll(async () => {
    ({ graph, unresolved } = await importGraph(ROOT, ['packages', 'tools', 'stacks'], join(ROOT, 'tsconfig.json')));
  });

  it('resolves every relative import (a missing edge would hide a cycle)', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(100);
    expect(unresolved).toEqual([]);
  });

  it('have no cycle between files', () => {
    expect(fileCycles(graph)).toEqual([]);
  });

  it('have no cycle between folders (other than the known ones listed above)', () => {
    const known = new Set(KNOWN_FOLDER_CYCLES.map((k) => k.folders.join(' ')));
    expect(folderCycles(graph).filter((c) => !known.has(c.folders.join(' '))).map((c) => c.cycle)).toEqual([]);
  });

  it('still have each known folder cycle (remove the entry of one that is gone)', () => {
    const found = new Set(folderCycles(graph).map((c) => c.folders.join(' ')));
    expect(KNOWN_FOLDER_CYCLES.map((k) => k.folders.join(' ')).filter((k) => !found.has(k))).toEqual([]);
  });
});

describe('the cycle check itself', () => {
  const files: Record<string, string> = {
    // a folder cycle with no file cycle: a/x -> b/y -> a/z
    'a/x.ts': "import { y } from '../b/y';\nexport const x = y;\n",
    'b/y.ts': "import { z } from '../a/z';\nexport const y = z;\n",
    'a/z.ts': 'export const z = 1;\n',
    // a file cycle inside one folder, one side a lazy require
    'e/m.ts': "import { n } from './n';\nexport const m = () => n;\n",
    'e/n.ts': "export const n = () => (require('./m') as typeof import('./m')).m;\n",
    // a dynamic import is an import
    'f/load.ts': "export const load = () => import('../a/z');\n",
    // a cycle through type-only imports: erased, not counted
    'c/p.ts': "import type { Q } from '../d/q';\nexport type P = Q | 1;\nexport const p = 1;\n",
    'd/q.ts': "import { p } from '../c/p';\nexport type Q = typeof p;\nexport const q = p;\n",
  };
  let graph: ImportGraph = {};
  beforeAll(async () => {
    const base = tempDir('cycles-');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(base, dirname(path)), { recursive: true });
      writeFileSync(join(base, path), text);
    }
    ({ graph } = await importGraph(base, ['a', 'b', 'c', 'd', 'e', 'f']));
  });

  it('finds a file cycle, counting require() as an import', () => {
    expect(fileCycles(graph)).toEqual(['e/m.ts -> e/n.ts -> e/m.ts']);
  });

  it('finds a folder cycle that no file cycle closes, naming the imports along it', () => {
    expect(folderCycles(graph)).toEqual([{ folders: ['a', 'b'], cycle: 'a -> b -> a\n    a/x.ts imports b/y.ts\n    b/y.ts imports a/z.ts' }]);
  });

  it('counts dynamic import()', () => {
    expect(graph['f/load.ts']).toEqual(['a/z.ts']);
  });

  it('does not count type-only imports', () => {
    expect(graph['c/p.ts']).toEqual([]);
    expect(graph['d/q.ts']).toEqual(['c/p.ts']);
  });
});
