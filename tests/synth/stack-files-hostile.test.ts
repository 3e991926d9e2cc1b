/**
 * The stack-file reader (`readProject`, `readStackConfig`) rejects hostile or broken files as a ValidationError
 * naming the file (exit 1 in the CLI), never as a crash: an alias bomb, a binary file, text that is not UTF-8,
 * a file that cannot be read.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, isValidationError } from '../../packages/shared';
import { readProject, readStackConfig } from '../../tools/offline/stack-files';
import { ALIAS_BOMB, errnoError } from '../check/hostile-fixtures';
// The module object itself (not an import namespace), so that a method can be replaced for one test.
import fs = require('node:fs');

const root = mkdtempSync(join(tmpdir(), 'stack-files-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

const PULUMI_YAML = 'name: mini\nruntime: nodejs\n';

/** A project folder holding `Pulumi.yaml` and `Pulumi.dev.yaml` as given. */
function project(pulumiYaml: string | Buffer, stackFile: string | Buffer = 'config: {}\n'): string {
  const dir = mkdtempSync(join(root, 'project-'));
  writeFileSync(join(dir, 'Pulumi.yaml'), pulumiYaml);
  writeFileSync(join(dir, 'Pulumi.dev.yaml'), stackFile);
  return dir;
}

/** The title and problems of the ValidationError `fn` throws, formatted as the CLI prints them. */
function failure(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return [err.message.split('\n')[0], ...err.problems.map(formatProblem)];
  }
  throw new Error('expected a ValidationError');
}

const readDev = (dir: string) => () => readStackConfig(readProject(dir), 'dev');
const indented = (text: string) => text.split('\n').map((l) => `    ${l}`).join('\n');

describe('readStackConfig rejects a hostile Pulumi.<stack>.yaml naming it', () => {
  it('an alias bomb', () => {
    expect(failure(readDev(project(PULUMI_YAML, `config:\n  mini:x:\n${indented(ALIAS_BOMB)}`)))).toEqual([
      'Invalid YAML in Pulumi.dev.yaml',
      'Pulumi.dev.yaml: is not valid YAML: more than 100 alias expansions (a YAML alias bomb?); write the values out',
    ]);
  });

  it('a binary file', () => {
    expect(failure(readDev(project(PULUMI_YAML, Buffer.from([0x63, 0x00, 0x0a]))))).toEqual([
      'Cannot read Pulumi.dev.yaml',
      'Pulumi.dev.yaml: is a binary file (it holds NUL bytes), not YAML or JSON text',
    ]);
  });

  it('text that is not UTF-8', () => {
    expect(failure(readDev(project(PULUMI_YAML, Buffer.from('config:\n  mini:x: caf\xe9\n', 'latin1'))))).toEqual([
      'Cannot read Pulumi.dev.yaml',
      'Pulumi.dev.yaml: is not UTF-8 text (invalid byte sequence); save it as UTF-8',
    ]);
  });

  it('accepts a UTF-8 byte-order mark and non-ASCII values', () => {
    const dir = project(PULUMI_YAML, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('config:\n  mini:x: caf\u00e9\n')]));
    expect(readDev(dir)().config).toEqual({ 'mini:x': 'caf\u00e9' });
  });

  it('a folder where the file should be (EISDIR)', () => {
    const dir = mkdtempSync(join(root, 'project-'));
    writeFileSync(join(dir, 'Pulumi.yaml'), PULUMI_YAML);
    mkdirSync(join(dir, 'Pulumi.dev.yaml'));
    expect(failure(readDev(dir))).toEqual(['Cannot read Pulumi.dev.yaml', 'Pulumi.dev.yaml: cannot be read: is a folder, not a file (EISDIR)']);
  });

  it('a file without read permission (EACCES)', () => {
    const dir = project(PULUMI_YAML);
    const target = join(dir, 'Pulumi.dev.yaml');
    const real = fs.readFileSync;
    jest.spyOn(fs, 'readFileSync').mockImplementation(((path: unknown, ...rest: unknown[]) => {
      if (path === target) throw errnoError('EACCES', 'open', target);
      return (real as (...args: unknown[]) => unknown)(path, ...rest);
    }) as never);
    expect(failure(readDev(dir))).toEqual(['Cannot read Pulumi.dev.yaml', 'Pulumi.dev.yaml: cannot be read: permission denied (EACCES)']);
  });
});

describe('readProject rejects a hostile Pulumi.yaml naming it', () => {
  it('an alias bomb', () => {
    expect(failure(() => readProject(project(`name: mini\nruntime: nodejs\nconfig:\n  bomb:\n    value:\n${indented(indented(ALIAS_BOMB))}`)))).toEqual([
      'Invalid YAML in Pulumi.yaml',
      'Pulumi.yaml: is not valid YAML: more than 100 alias expansions (a YAML alias bomb?); write the values out',
    ]);
  });

  it('a binary file', () => {
    expect(failure(() => readProject(project(Buffer.from([0x6e, 0x00, 0x0a]))))).toEqual([
      'Cannot read Pulumi.yaml',
      'Pulumi.yaml: is a binary file (it holds NUL bytes), not YAML or JSON text',
    ]);
  });

  it('text that is not UTF-8', () => {
    expect(failure(() => readProject(project(Buffer.from('name: caf\xe9\n', 'latin1'))))).toEqual([
      'Cannot read Pulumi.yaml',
      'Pulumi.yaml: is not UTF-8 text (invalid byte sequence); save it as UTF-8',
    ]);
  });
});
