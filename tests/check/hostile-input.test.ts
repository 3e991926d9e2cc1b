/**
 * `check` and the stack-file reader take hostile or broken input as a user's mistake: an alias bomb, a binary file,
 * text that is not UTF-8 and an unreadable path are named with their file, one line each, exit 1 - never a crash.
 * YAML is read document by document: a broken document hides none of the others and numbers stay right.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, isValidationError } from '../../components/shared';
import { runCheck } from '../../infra/cli/check';
import { readCheckInput } from '../../infra/cli/check-files';
import { EXIT_USER_ERROR, reportError, type CliOutput } from '../../infra/cli/command';
import { parseYamlObjects } from '../../infra/offline/kube-objects';
import { decodeText, yamlDocuments } from '../../infra/offline/read-text';
import { readProject, readStackConfig } from '../../infra/offline/stack-files';

const dir = mkdtempSync(join(tmpdir(), 'hostile-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALIAS_BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]', ''].join('\n');
const CONFIG_MAP = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\ndata:\n  key: value\n`;

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

describe('check rejects hostile and broken files, naming each', () => {
  it('an alias bomb is a parse finding (exit 1), not a crash', () => {
    const bomb = file('bomb.yaml', `${CONFIG_MAP('before')}---\n${ALIAS_BOMB}`);
    const run = check([bomb]);
    expect(run.code).toBe(EXIT_USER_ERROR);
    expect(run.stderr).toEqual([]);
    expect(run.stdout[0]).toBe(`error [parse] ${bomb}#2: is not valid YAML: more than 100 alias expansions (a YAML alias bomb?); write the values out`);
    expect(run.stdout.at(-1)).toBe('check failed: 1 error in 1 file, 1 object; environment prod; rules: parse (1)');
  });

  it('a binary file named .yaml is named as binary', () => {
    const binary = file('binary.yaml', Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01, 0xff, 0x0a]));
    expect(check([binary]).stdout[0]).toBe(`error [parse] ${binary}: is a binary file (it holds NUL bytes), not YAML or JSON text`);
    const json = file('binary.json', Buffer.from([0x7b, 0x00, 0x7d]));
    expect(check([json]).stdout[0]).toBe(`error [parse] ${json}: is a binary file (it holds NUL bytes), not YAML or JSON text`);
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

  it('an unreadable path is one line naming the path and the cause (exit 1)', () => {
    const folderAsFile = join(dir, 'folder.yaml');
    mkdirSync(folderAsFile);
    let caught: unknown;
    try {
      readCheckInput([folderAsFile]);
    } catch (err) {
      caught = err;
    }
    const stderr: string[] = [];
    expect(reportError(caught, { out: () => undefined, err: (l) => stderr.push(l) })).toBe(EXIT_USER_ERROR);
    expect(stderr).toEqual([`error: cannot read ${folderAsFile}: is a folder, not a file (EISDIR)`]);
  });

  it('an empty path (an unset variable) is refused', () => {
    const run = check(['']);
    expect(run).toMatchObject({ code: EXIT_USER_ERROR, stderr: ['error: an empty path was given (an unset variable?): give files or folders to check'] });
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
    expect(input.unreadable).toEqual([{ file: mixed, document: 3, message: expect.stringMatching(/^is not valid YAML: .* at line 2[0-9], column \d+$/) }]);
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

describe('the stack-file reader (synth) rejects the same input with its file name', () => {
  function project(stackFile: string | Buffer): string {
    const p = mkdtempSync(join(dir, 'project-'));
    writeFileSync(join(p, 'Pulumi.yaml'), 'name: mini\nruntime: nodejs\n');
    writeFileSync(join(p, 'Pulumi.dev.yaml'), stackFile);
    return p;
  }
  function readFailure(p: string): string[] {
    try {
      readStackConfig(readProject(p), 'dev');
    } catch (err) {
      if (!isValidationError(err)) throw err;
      return [err.message.split('\n')[0], ...err.problems.map(formatProblem)];
    }
    throw new Error('expected a ValidationError');
  }

  it('an alias bomb', () => {
    expect(readFailure(project(`config:\n  mini:x:\n${ALIAS_BOMB.split('\n').map((l) => `    ${l}`).join('\n')}`))).toEqual([
      'Invalid YAML in Pulumi.dev.yaml',
      'Pulumi.dev.yaml: is not valid YAML: more than 100 alias expansions (a YAML alias bomb?); write the values out',
    ]);
  });

  it('a binary file and text that is not UTF-8', () => {
    expect(readFailure(project(Buffer.from([0x63, 0x00, 0x0a])))).toEqual(['Cannot read Pulumi.dev.yaml', 'Pulumi.dev.yaml: is a binary file (it holds NUL bytes), not YAML or JSON text']);
    expect(readFailure(project(Buffer.from('config:\n  mini:x: caf\xe9\n', 'latin1')))).toEqual(['Cannot read Pulumi.dev.yaml', 'Pulumi.dev.yaml: is not UTF-8 text (invalid byte sequence); save it as UTF-8']);
  });
});
