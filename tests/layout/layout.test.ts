/**
 * The README's layout table is the map a newcomer reads first: every folder it names exists, and every folder of
 * the library, the tools and the stacks is in it.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The `Path` cells of the README's "Layout" table, brace lists expanded (`a/{b,c}/` -> `a/b/`, `a/c/`). */
function layoutPaths(): string[] {
  const section = README.split(/^## Layout$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => {
    const cell = row.split('|')[1] ?? '';
    return [...cell.matchAll(/`([^`]+)`/g)].flatMap((m) => {
      const brace = /^(.*)\{([^}]+)\}(.*)$/.exec(m[1]!);
      return brace ? brace[2]!.split(',').map((part) => `${brace[1]}${part}${brace[3]}`) : [m[1]!];
    });
  });
}

/** The folders that must each have a row: the top-level folders and the parts of packages/, tools/ and stacks/. */
function foldersToDocument(): string[] {
  const dirs = (path: string): string[] =>
    readdirSync(join(ROOT, path), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => (path === '.' ? `${entry.name}/` : `${path}/${entry.name}/`));
  const top = dirs('.').filter((dir) => !['build/', 'dist/', 'packages/', 'tools/', 'stacks/'].includes(dir));
  return [...top, ...dirs('packages'), ...dirs('tools'), ...dirs('stacks')].sort();
}

describe('README layout table', () => {
  it('names only paths that exist', () => {
    const missing = layoutPaths().filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });

  it('has a row for every top-level folder and every part of packages/, tools/ and stacks/', () => {
    const listed = new Set(layoutPaths());
    expect(foldersToDocument().filter((dir) => !listed.has(dir))).toEqual([]);
  });
});
