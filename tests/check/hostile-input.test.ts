/**
 * `check` takes hostile or broken input as a user's mistake: an alias bomb, a binary file, text that is not UTF-8
 * and a path that cannot be read are named with their file, one line each, exit 1 - never "unexpected failure".
 * YAML is read document by document: a broken document hides none of the others and numbers stay right.
 * (The stack-file reader's side is in tests/synth/stack-files-hostile.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../../tools/cli/check';
import { runCheck } from '../../tools/cli/check';
import { collectFiles, readCheckInput } from '../../tools/cli/check-files';
import { EXIT_USER_ERROR, reportError, type CliOutput } from '../../tools/cli/command';
import { parseYamlObjects } from '../../tools/offline/kube-objects';
import { decodeText, yamlDocuments } from '../../tools/offline/read-text';
// The module object itself (not an import namespace), so that a method can be replaced for one test.
import fs = require('node:fs');
import { ALIAS_BOMB, CONFIG_MAP, errnoError } from './hostile-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'hostile-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function check(paths: string[], format: 'text' | 'json' = 'text'): { code: number; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const output: CliOutput = { out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
  return { code: runCheck(paths, { format, environment: 'prod' }, output), stdout, stderr };
}

/** What the CLI prints for the error `fn` throws, and the exit code. */
function reported(fn: () => unknown): { code: number; stderr: string[] } {
  const stderr: string[] = [];
  try {
    fn();
  } catch (err) {
    return { code: reportError(err, { out: () => undefined, err: (l) => stderr.push(l) }), stderr };
  }
  throw new Error('expected an error');
}

/** Makes `fs[method]` fail with `code` for `target` only; every other path behaves as usual. */
function failFor<M extends 'readFileSync' | 'readdirSync' | 'statSync'>(method: M, target: string, code: string, syscall: string): void {
  const real = fs[method] as (...args: unknown[]) => unknown;
  jest.spyOn(fs, method).mockImplementation(((...args: unknown[]) => {
    if (args[0] === target) throw errnoError(code, syscall, target);
    return real(...args);
  }) as never);
}

describe('check rejects hostile and broken files, naming each', () => {
  it('an alias bomb is a parse finding naming file#document (exit 1), and the documents around it are still read', () => {
    const bomb = file('bomb.yaml', `${CONFIG_MAP('before')}---\n${ALIAS_BOMB}---\n${CONFIG_MAP('after')}`);
    const run = check([bomb]);
    expect(run.code).toBe(EXIT_USER_ERROR);
    expect(run.stderr).toEqual([]);
    expect(run.stdout).toEqual([
      `error [parse] ${bomb}#2: is not valid YAML: more than 100 alias expansions (a YAML alias bomb?); write the values out`,
      'check failed: 1 error in 1 file, 2 objects; environment prod; rules: parse (1)',
    ]);
  });

  it('--format json puts the report, parse findings included, on stdout and nothing on stderr', () => {
    const bomb = file('bomb-first.yaml', ALIAS_BOMB);
    const run = check([bomb], 'json');
    expect(run).toMatchObject({ code: EXIT_USER_ERROR, stderr: [] });
    const report = JSON.parse(run.stdout.join('\n')) as CheckReport;
    expect(report.findings).toEqual([
      { ruleId: 'parse', severity: 'error', file: bomb, document: 1, subject: '', path: '', message: 'is not valid YAML: more than 100 alias expansions (a YAML alias bomb?); write the values out' },
    ]);
  });

  it('a binary file named .yaml or .json is named as binary', () => {
    const binary = file('binary.yaml', Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01, 0xff, 0x0a]));
    expect(check([binary]).stdout[0]).toBe(`error [parse] ${binary}: is a binary file (it holds NUL bytes), not YAML or JSON text`);
    const json = file('binary.json', Buffer.from([0x7b, 0x00, 0x7d]));
    const run = check([json]);
    expect(run).toMatchObject({ code: EXIT_USER_ERROR, stderr: [] });
    expect(run.stdout[0]).toBe(`error [parse] ${json}: is a binary file (it holds NUL bytes), not YAML or JSON text`);
  });

  it('text that is not UTF-8 (Latin-1) is named, with the fix', () => {
    const latin1 = file('latin1.yaml', Buffer.concat([Buffer.from(CONFIG_MAP('caf')), Buffer.from([0x65, 0xe9, 0x0a])]));
    const run = check([latin1]);
    expect(run.code).toBe(EXIT_USER_ERROR);
    expect(run.stdout[0]).toBe(`error [parse] ${latin1}: is not UTF-8 text (invalid byte sequence); save it as UTF-8`);
  });

  it('accepts UTF-8 with a byte-order mark and non-ASCII text', () => {
    const bom = file('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONFIG_MAP('caf\u00e9-ok').replace('value', 'caf\u00e9'))]));
    const input = readCheckInput([bom]);
    expect(input.unreadable).toEqual([]);
    expect(input.objects.map((o) => (o.object.data as Record<string, string>).key)).toEqual(['caf\u00e9']);
  });

  it('an empty path (an unset variable) is refused', () => {
    const run = check(['']);
    expect(run).toMatchObject({ code: EXIT_USER_ERROR, stderr: ['error: an empty path was given (an unset variable?): give files or folders to check'] });
  });
});

describe('check reports a path it cannot read as one line naming the path and the cause (exit 1)', () => {
  it('EACCES: a file without read permission', () => {
    const secret = file('secret.yaml', CONFIG_MAP('secret'));
    failFor('readFileSync', secret, 'EACCES', 'open');
    expect(check([secret])).toEqual({ code: EXIT_USER_ERROR, stdout: [], stderr: [`error: cannot read ${secret}: permission denied (EACCES)`] });
  });

  it('EACCES: a folder inside the walked folder, named itself (not the folder given)', () => {
    const top = join(dir, 'walk');
    const locked = join(top, 'locked');
    mkdirSync(locked, { recursive: true });
    writeFileSync(join(top, 'ok.yaml'), CONFIG_MAP('ok'));
    failFor('readdirSync', locked, 'EACCES', 'scandir');
    expect(check([top])).toEqual({ code: EXIT_USER_ERROR, stdout: [], stderr: [`error: cannot read the folder ${locked}: permission denied (EACCES)`] });
  });

  it('EACCES: a path whose folder cannot be searched is not called missing', () => {
    const hidden = join(dir, 'unsearchable', 'x.yaml');
    failFor('statSync', hidden, 'EACCES', 'stat');
    expect(check([hidden])).toEqual({ code: EXIT_USER_ERROR, stdout: [], stderr: [`error: cannot inspect ${hidden}: permission denied (EACCES)`] });
  });

  it('EISDIR: a folder where a file was listed', () => {
    const folderAsFile = join(dir, 'folder.yaml');
    mkdirSync(folderAsFile);
    expect(reported(() => readCheckInput([folderAsFile]))).toEqual({ code: EXIT_USER_ERROR, stderr: [`error: cannot read ${folderAsFile}: is a folder, not a file (EISDIR)`] });
  });

  it('EMFILE: too many open files', () => {
    const many = file('many.yaml', CONFIG_MAP('many'));
    failFor('readFileSync', many, 'EMFILE', 'open');
    expect(check([many])).toEqual({ code: EXIT_USER_ERROR, stdout: [], stderr: [`error: cannot read ${many}: too many open files in this process (raise \`ulimit -n\`) (EMFILE)`] });
  });

  it('ENOENT: a file removed between listing the folder and reading it', () => {
    const racy = mkdtempSync(join(dir, 'race-'));
    const gone = join(racy, 'gone.yaml');
    writeFileSync(gone, CONFIG_MAP('gone'));
    const files = collectFiles([racy]);
    rmSync(gone);
    expect(reported(() => readCheckInput(files))).toEqual({ code: EXIT_USER_ERROR, stderr: [`error: cannot read ${gone}: no such file or folder (ENOENT)`] });
  });

  it('a named pipe inside a walked folder is left alone (reading it would wait forever)', () => {
    const withPipe = mkdtempSync(join(dir, 'fifo-'));
    writeFileSync(join(withPipe, 'a.yaml'), CONFIG_MAP('a'));
    const made = spawnSync('mkfifo', [join(withPipe, 'pipe.yaml')]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    expect(collectFiles([withPipe])).toEqual([join(withPipe, 'a.yaml')]);
  });
});

describe('YAML is read document by document', () => {
  it('a broken third document hides none of the others; document numbers and lines stay right', () => {
    const mixed = file('mixed.yaml', [CONFIG_MAP('one'), CONFIG_MAP('two'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n', CONFIG_MAP('four')].join('---\n'));
    const input = readCheckInput([mixed]);
    expect(input.objects.map((o) => [o.document, o.object.metadata.name])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [4, 'four'],
    ]);
    expect(input.unreadable).toEqual([{ file: mixed, document: 3, message: 'is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 20, column 1' }]);
  });

  it('yields plain values one at a time (the stream is lazy)', () => {
    const docs = yamlDocuments(`${CONFIG_MAP('a')}---\n${CONFIG_MAP('b')}`);
    const first = docs.next();
    expect(first.value).toEqual({ ok: true, value: expect.objectContaining({ metadata: { name: 'a', namespace: 'apps' } }) });
    expect([...docs]).toHaveLength(1);
  });

  it('decodes text strictly', () => {
    expect(decodeText(Buffer.from('ok'))).toEqual({ text: 'ok' });
    expect(decodeText(Buffer.from([0xc3]))).toEqual({ problem: 'is not UTF-8 text (invalid byte sequence); save it as UTF-8' });
  });

  it('local files of a ConfigGroup: an alias bomb does not parse (reported as invalid YAML by synth)', () => {
    expect(parseYamlObjects(ALIAS_BOMB)).toBeUndefined();
    expect(parseYamlObjects(`${CONFIG_MAP('a')}---\n${CONFIG_MAP('b')}`)).toHaveLength(2);
  });
});
