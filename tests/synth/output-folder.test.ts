/**
 * The output folder is ours or nothing: synth writes only a path that does not exist yet or a previous render it
 * recognises by its marker. Every refused case leaves the user's files byte-identical.
 */
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT_USER_ERROR, reportError, type CliOutput } from '../../tools/cli/command';
import { runCli } from '../../tools/cli/main';
import { EnvironmentError } from '../../tools/offline/fs-errors';
import { checkOutputTarget, markerText, OutputFolderError, RENDER_MARKER, type OutputFs } from '../../tools/offline/output-folder';
import { acquireOutputLock, lockPathOf } from '../../tools/offline/output-lock';
import { prepareOutput, writeRender, type WriteRenderOptions } from '../../tools/offline/write-output';
import { MINI_DIR } from './helpers';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Every entry under `dir` (folders too, links as links) with its content: a byte-level picture. */
function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(join(dir, rel)).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      const stat = fs.lstatSync(join(dir, path));
      if (stat.isSymbolicLink()) out.set(path, `link -> ${fs.readlinkSync(join(dir, path))}`);
      else if (stat.isDirectory()) {
        out.set(`${path}/`, '');
        walk(path);
      } else out.set(path, fs.readFileSync(join(dir, path)).toString('base64'));
    }
  };
  walk('');
  return out;
}

/** A workspace: /home (the user's home), /home/clone (a project with .git), /home/clone/dist/{prod,staging}. */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'output-folder-'));
  roots.push(root);
  const home = join(root, 'home');
  const project = join(home, 'clone');
  mkdirSync(join(project, '.git', 'objects'), { recursive: true });
  writeFileSync(join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(project, 'Pulumi.yaml'), 'name: mini\n');
  writeFileSync(join(project, 'notes.md'), '# my notes\n');
  writeFileSync(join(project, 'binary.bin'), Buffer.from([0, 1, 2, 255]));
  const options: WriteRenderOptions = { stack: 'prod', projectDir: project, cwd: project, home };
  writeRender('dist/prod', new Map([['plan.json', '{"stack":"prod"}\n']]), options);
  writeRender('dist/staging', new Map([['plan.json', '{"stack":"staging"}\n']]), { ...options, stack: 'staging' });
  return { root, home, project, options, before: snapshotTree(root) };
}

const FILES = new Map([
  ['plan.json', '{"new":true}\n'],
  ['manifests/apps/deployment-podinfo.yaml', 'kind: Deployment\n'],
]);

describe('refused output folders: exit 1, one line naming the path and why, nothing touched', () => {
  const cases: [string, (w: ReturnType<typeof workspace>) => { out: string; cwd?: string; home?: string }, RegExp][] = [
    ['the current folder (a clone, .git included)', () => ({ out: '.' }), /^output folder \. is the project folder; nothing was written$/],
    ['an empty path (an unset variable)', () => ({ out: '' }), /^output folder "" is empty \(an unset variable\?\): give a path such as dist\/prod$/],
    ['a blank path', () => ({ out: '   ' }), /^output folder " {3}" is empty/],
    ['a folder holding other renders (dist)', () => ({ out: 'dist' }), /^output folder dist is an existing folder that is not a canary-platform render \(no \.canary-platform-render marker; it holds 6 entries, e\.g\. prod\/\); nothing was written$/],
    ['an existing file', () => ({ out: 'notes.md' }), /^output folder notes\.md is an existing file, not a folder synth created; nothing was written$/],
    ['a path under a file', () => ({ out: 'notes.md/out' }), /^output folder notes\.md\/out is under notes\.md, which is a file, not a folder; nothing was written$/],
    ['the filesystem root', () => ({ out: '/' }), /^output folder \/ is the filesystem root; nothing was written$/],
    ['the home folder', (w) => ({ out: w.home }), /^output folder .*\/home is your home folder; nothing was written$/],
    ['an ancestor of the home folder', (w) => (mkdirSync(join(w.root, 'users', 'me'), { recursive: true }), { out: join(w.root, 'users'), home: join(w.root, 'users', 'me') }), /^output folder .*\/users is an ancestor of your home folder \(.*\/users\/me\); nothing was written$/],
    ['the project folder, from elsewhere', (w) => ({ out: w.project, cwd: w.root }), /^output folder home\/clone is the project folder; nothing was written$/],
    ['an ancestor of the project folder', () => ({ out: '../..' }), /is an ancestor of the project folder \(.*clone\); nothing was written$/],
    ['the current folder when it is not the project', (w) => ({ out: '.', cwd: join(w.project, 'dist') }), /^output folder \. is the current folder; nothing was written$/],
    ['an ancestor of the current folder', (w) => ({ out: '..', cwd: join(w.project, 'dist', 'prod') }), /^output folder \/.*\/clone\/dist is an ancestor of the current folder \(.*\/dist\/prod\); nothing was written$/],
    ['the .git folder', () => ({ out: '.git' }), /^output folder \.git is an existing folder that is not a canary-platform render/],
    ['a symbolic link to the project', (w) => (symlinkSync(w.project, join(w.root, 'link')), { out: join(w.root, 'link'), cwd: w.root }), /^output folder link is the project folder; nothing was written$/],
    ['a symbolic link to a previous render', (w) => (symlinkSync(join(w.project, 'dist', 'prod'), join(w.project, 'link')), { out: 'link' }), /^output folder link is a symbolic link; give the real folder or a new path; nothing was written$/],
  ];

  it.each(cases)('refuses %s', (_name, pick, message) => {
    const w = workspace();
    const { out, cwd, home } = pick(w);
    const before = snapshotTree(w.root);
    const options = { ...w.options, cwd: cwd ?? w.project, home: home ?? w.home };
    expect(() => writeRender(out, FILES, options)).toThrow(OutputFolderError);
    expect(() => writeRender(out, FILES, options)).toThrow(message);
    expect(() => prepareOutput(out, options)).toThrow(message);
    expect(snapshotTree(w.root)).toEqual(before);
  });

  it('refuses a previous render holding a file synth did not write', () => {
    const w = workspace();
    writeFileSync(join(w.project, 'dist', 'prod', 'mine.txt'), 'keep me\n');
    const before = snapshotTree(w.root);
    expect(() => writeRender('dist/prod', FILES, w.options)).toThrow(
      'output folder dist/prod holds 1 entry synth did not write (e.g. mine.txt); move it away or choose another output folder; nothing was written',
    );
    expect(snapshotTree(w.root)).toEqual(before);
  });

  it('refuses a folder with a marker synth did not write, a newer format, an incomplete render, a link inside, an empty folder', () => {
    const w = workspace();
    const at = (name: string) => join(w.project, 'out', name);
    mkdirSync(at('foreign'), { recursive: true });
    writeFileSync(join(at('foreign'), RENDER_MARKER), 'not json');
    mkdirSync(at('newer'));
    writeFileSync(join(at('newer'), RENDER_MARKER), markerText('prod', [], true).replace('"version": 1', '"version": 2'));
    mkdirSync(at('incomplete'));
    writeFileSync(join(at('incomplete'), RENDER_MARKER), markerText('prod', [], false));
    mkdirSync(at('linked'));
    writeFileSync(join(at('linked'), RENDER_MARKER), markerText('prod', ['plan.json'], true));
    symlinkSync('/etc/hostname', join(at('linked'), 'plan.json'));
    mkdirSync(at('empty'));
    const before = snapshotTree(w.root);
    const refusal = (name: string) => () => writeRender(`out/${name}`, FILES, w.options);
    expect(refusal('foreign')).toThrow('output folder out/foreign has a .canary-platform-render file that synth did not write (not a canary-platform/render marker); nothing was written');
    expect(refusal('newer')).toThrow('output folder out/newer was written by a newer canary-platform (render format version 2; this one writes version 1); upgrade, or choose another output folder; nothing was written');
    expect(refusal('incomplete')).toThrow('output folder out/incomplete is an incomplete render (its marker says the write never finished); remove it yourself after checking it; nothing was written');
    expect(refusal('linked')).toThrow('output folder out/linked holds plan.json, which is not a regular file or folder (synth never writes links or special files); nothing was written');
    expect(refusal('empty')).toThrow('output folder out/empty is an existing empty folder that synth did not create (no .canary-platform-render marker); remove it or choose a path that does not exist; nothing was written');
    expect(snapshotTree(w.root)).toEqual(before);
  });

  it('reports a refusal through the CLI as one line with exit 1 (an empty --out)', async () => {
    const stderr: string[] = [];
    const output: CliOutput = { out: () => undefined, err: (l) => stderr.push(l) };
    await expect(runCli(['node', 'canary-platform', 'synth', '-C', MINI_DIR, '-s', 'dev', '--out', '', '--quiet'], output)).resolves.toBe(EXIT_USER_ERROR);
    expect(stderr.slice(1)).toEqual(['error: output folder "" is empty (an unset variable?): give a path such as dist/prod']);
  });
});

describe('written output folders', () => {
  it('creates a missing path (parents included) with the marker listing every file', () => {
    const w = workspace();
    const { target } = writeRender('build/renders/prod', FILES, w.options);
    expect(target).toBe(join(w.project, 'build', 'renders', 'prod'));
    expect(snapshotTree(target)).toEqual(
      new Map([
        [RENDER_MARKER, Buffer.from(markerText('prod', [...FILES.keys()], true)).toString('base64')],
        ['manifests/', ''],
        ['manifests/apps/', ''],
        ['manifests/apps/deployment-podinfo.yaml', Buffer.from('kind: Deployment\n').toString('base64')],
        ['plan.json', Buffer.from('{"new":true}\n').toString('base64')],
      ]),
    );
    expect(JSON.parse(fs.readFileSync(join(target, RENDER_MARKER), 'utf8'))).toEqual({
      format: 'canary-platform/render',
      version: 1,
      stack: 'prod',
      complete: true,
      files: ['manifests/apps/deployment-podinfo.yaml', 'plan.json'],
    });
  });

  it('replaces a previous render whole, leaving every other file of the project and the other stacks untouched', () => {
    const w = workspace();
    const before = snapshotTree(w.root);
    writeRender('dist/prod', FILES, w.options);
    const after = snapshotTree(w.root);
    const outside = (tree: Map<string, string>) => new Map([...tree].filter(([path]) => !path.startsWith('home/clone/dist/prod/')));
    expect(outside(after)).toEqual(outside(before));
    expect([...after.keys()].filter((p) => p.startsWith('home/clone/dist/prod/'))).toEqual([
      'home/clone/dist/prod/',
      `home/clone/dist/prod/${RENDER_MARKER}`,
      'home/clone/dist/prod/manifests/',
      'home/clone/dist/prod/manifests/apps/',
      'home/clone/dist/prod/manifests/apps/deployment-podinfo.yaml',
      'home/clone/dist/prod/plan.json',
    ]);
    expect(checkOutputTarget('dist/prod', w.options).state).toMatchObject({ kind: 'render', marker: { files: ['manifests/apps/deployment-podinfo.yaml', 'plan.json'] } });
  });

  it('refuses to write outside the folder or over the marker (a bug guard)', () => {
    const w = workspace();
    expect(() => writeRender('out', new Map([['../escape', 'x']]), w.options)).toThrow('refusing to write outside the output folder or over its marker: ../escape');
    expect(() => writeRender('out', new Map([[RENDER_MARKER, 'x']]), w.options)).toThrow(`refusing to write outside the output folder or over its marker: ${RENDER_MARKER}`);
  });
});

/** node:fs with one call failing with `code` for paths matching `when`. */
function failing(call: keyof OutputFs, code: string, when: (path: string) => boolean = () => true): OutputFs {
  const wrapped = { ...fs } as unknown as Record<string, (...args: unknown[]) => unknown>;
  const real = wrapped[call];
  wrapped[call] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && when(args[0])) throw Object.assign(new Error(`${code}: injected, ${call} '${args[0]}'`), { code, path: args[0], syscall: call });
    return real(...args);
  };
  return wrapped as unknown as OutputFs;
}

describe('environment failures: one line naming the path and the cause, previous render intact, nothing left behind', () => {
  const cases: [string, keyof OutputFs, (path: string) => boolean, RegExp][] = [
    ['a full disk (ENOSPC)', 'writeFileSync', (p) => p.endsWith('deployment-podinfo.yaml'), /^cannot write dist\/\.prod\.synth-new-\d+-[0-9a-f]+\/manifests\/apps\/deployment-podinfo\.yaml: no space left on the device \(ENOSPC\)$/],
    ['a read-only file system (EROFS)', 'mkdirSync', (p) => p.includes('.synth-new-'), /^cannot create the folder dist\/\.prod\.synth-new-\d+-[0-9a-f]+: the file system is read-only \(EROFS\)$/],
    ['no permission (EACCES)', 'openSync', (p) => p.endsWith('.synth-lock'), /^cannot create the lock file .*dist\/\.prod\.synth-lock: permission denied \(EACCES\)$/],
    ['too many open files (EMFILE)', 'writeFileSync', (p) => p.endsWith(RENDER_MARKER), /: too many open files in this process \(raise `ulimit -n`\) \(EMFILE\)$/],
    ['a file where a folder is expected (ENOTDIR)', 'mkdirSync', (p) => p.endsWith('manifests/apps'), /^cannot create the folder .*manifests\/apps: a part of the path is a file, not a folder \(ENOTDIR\)$/],
    ['something in the way (EEXIST)', 'renameSync', (p) => p.includes('.synth-new-') && !p.endsWith('.tmp'), /^cannot put the new render in place at dist\/prod: something already exists there \(EEXIST\)$/],
  ];

  it.each(cases)('%s', (_name, call, when, message) => {
    const w = workspace();
    const before = snapshotTree(w.root);
    const options = { ...w.options, fs: failing(call, codeOf(message), when) };
    let caught: unknown;
    try {
      writeRender('dist/prod', FILES, options);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    expect((caught as Error).message).toMatch(message);
    expect(snapshotTree(w.root)).toEqual(before);
    const stderr: string[] = [];
    expect(reportError(caught, { out: () => undefined, err: (l) => stderr.push(l) })).toBe(EXIT_USER_ERROR);
    expect(stderr).toEqual([`error: ${(caught as Error).message}`]);
  });

  it('reports a raw system error about a path as the environment, not a bug', () => {
    const stderr: string[] = [];
    const err = Object.assign(new Error("ENOSPC: no space left on device, write '/x/plan.json'"), { code: 'ENOSPC', path: '/x/plan.json' });
    expect(reportError(err, { out: () => undefined, err: (l) => stderr.push(l) })).toBe(EXIT_USER_ERROR);
    expect(stderr).toEqual(['error: cannot use /x/plan.json: no space left on the device (ENOSPC)']);
  });
});

function codeOf(message: RegExp): string {
  return /\\\((E[A-Z]+)\\\)\$$/.exec(message.source)![1];
}

describe('one writer per folder', () => {
  it('waits for a live run holding the lock, says so once, and refuses with exit 1 after the timeout', () => {
    const w = workspace();
    const lock = acquireOutputLock(join(w.project, 'dist', 'prod'));
    const told: string[] = [];
    try {
      const before = snapshotTree(join(w.project, 'dist', 'prod'));
      expect(() => writeRender('dist/prod', FILES, { ...w.options, timeoutMs: 300, onWait: (m) => told.push(m) })).toThrow(
        new RegExp(`^output folder .*dist/prod is still being written by another run \\(pid ${process.pid} on .*\\) after 0 s; nothing was written \\(remove .*dist/\\.prod\\.synth-lock if no such run exists\\)$`),
      );
      expect(told).toEqual([expect.stringMatching(new RegExp(`^waiting: output folder .*dist/prod is being written by another run \\(pid ${process.pid} on `))]);
      expect(snapshotTree(join(w.project, 'dist', 'prod'))).toEqual(before);
    } finally {
      lock.release();
    }
    expect(fs.existsSync(lockPathOf(join(w.project, 'dist', 'prod')))).toBe(false);
  });

  it('breaks the lock of a run that died (same host, pid gone) and writes', () => {
    const w = workspace();
    const lockFile = lockPathOf(join(w.project, 'dist', 'prod'));
    writeFileSync(lockFile, `${JSON.stringify({ pid: 2 ** 22 + 12345, host: require('node:os').hostname(), since: '2026-01-01T00:00:00.000Z' })}\n`);
    writeRender('dist/prod', FILES, w.options);
    expect(fs.readFileSync(join(w.project, 'dist', 'prod', 'plan.json'), 'utf8')).toBe('{"new":true}\n');
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('leaves a lock alone when it is not its own', () => {
    const w = workspace();
    const target = join(w.project, 'dist', 'prod');
    const lock = acquireOutputLock(target);
    writeFileSync(lockPathOf(target), 'someone else\n');
    lock.release();
    expect(fs.readFileSync(lockPathOf(target), 'utf8')).toBe('someone else\n');
  });
});
