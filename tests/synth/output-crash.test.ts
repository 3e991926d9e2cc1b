/**
 * The swap is crash-safe and concurrent-safe, proven with real processes: a writer killed with SIGKILL after each
 * step of a write leaves a complete render (old or new) at the target or in a sibling the next run restores; the
 * next run recovers or removes every leftover; concurrent writers are serialised by the lock.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readMarker, RENDER_MARKER } from '../../tools/offline/output-folder';
import { prepareOutput, WRITE_STEPS, writeRender, type WriteStep } from '../../tools/offline/write-output';
import { readTree } from './helpers';

const CHILD = resolve(__dirname, 'fixtures', 'write-render', 'child.ts');
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'output-crash-'));
  roots.push(root);
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'Pulumi.yaml'), 'name: mini\n');
  return root;
}

/** A render of `files` files, each naming its generation, so that a mix of two renders is visible. */
function render(generation: string, files = 20): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < files; i++) out[`manifests/ns-${i % 4}/object-${i}.yaml`] = `generation: ${generation}\nindex: ${i}\n`;
  out['plan.json'] = `{"generation":"${generation}"}\n`;
  return out;
}

function childArgs(dir: string, files: Record<string, string>, crashAt?: WriteStep): string[] {
  return ['-r', 'tsx/cjs', CHILD, JSON.stringify({ out: 'dist/prod', projectDir: dir, stack: 'prod', files, crashAt })];
}

/** The render at `folder` as {path: content} without the marker, or undefined when it is not a complete render. */
function completeRender(folder: string): Record<string, string> | undefined {
  if (readMarker(folder)?.complete !== true) return undefined;
  const tree = Object.fromEntries(readTree(folder));
  delete tree[RENDER_MARKER];
  return tree;
}

describe('a writer killed after each step of the swap', () => {
  it.each(WRITE_STEPS.map((s) => [s]))('after "%s": a complete render survives and the next run recovers', (step) => {
    const dir = project();
    const target = join(dir, 'dist', 'prod');
    const old = render('old');
    writeRender('dist/prod', new Map(Object.entries(old)), { stack: 'prod', projectDir: dir, cwd: dir });
    const fresh = render('new');

    const crashed = spawnSync(process.execPath, childArgs(dir, fresh, step), { cwd: resolve(__dirname, '..', '..'), encoding: 'utf8' });
    expect(crashed.signal).toBe('SIGKILL');

    // The invariant at the moment of the crash: the target holds the old or the new render, whole; or it is
    // missing and a complete old render waits in a sibling.
    const entries = readdirSync(join(dir, 'dist')).sort();
    const atTarget = entries.includes('prod') ? completeRender(target) : undefined;
    if (entries.includes('prod')) expect([old, fresh]).toContainEqual(atTarget);
    else {
      const siblings = entries.filter((e) => /^\.prod\.synth-old-/.test(e)).map((e) => completeRender(join(dir, 'dist', e)));
      expect(siblings).toContainEqual(old);
    }

    // The next check (synth's first step) restores a missing target and removes every leftover.
    const prepared = prepareOutput('dist/prod', { stack: 'prod', projectDir: dir, cwd: dir });
    expect([old, fresh]).toContainEqual(completeRender(target));
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['prod']);
    if (step === 'target-moved-aside') {
      expect(completeRender(target)).toEqual(old);
      expect(prepared.recovered).toEqual([expect.stringMatching(/^restored dist\/prod from dist\/\.prod\.synth-old-\d+-[0-9a-f]+ \(left by an interrupted run\)$/), expect.stringMatching(/^removed dist\/\.prod\.synth-new-/)]);
    }

    // And the next write succeeds as if nothing had happened.
    const next = render('next');
    writeRender('dist/prod', new Map(Object.entries(next)), { stack: 'prod', projectDir: dir, cwd: dir });
    expect(completeRender(target)).toEqual(next);
    expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['prod']);
  });

  it('a first write killed half-way leaves no render and nothing the next run does not remove', () => {
    const dir = project();
    const crashed = spawnSync(process.execPath, childArgs(dir, render('first'), 'files-written'), { cwd: resolve(__dirname, '..', '..'), encoding: 'utf8' });
    expect(crashed.signal).toBe('SIGKILL');
    expect(readdirSync(join(dir, 'dist')).filter((e) => e === 'prod')).toEqual([]);
    const next = render('next');
    const written = writeRender('dist/prod', new Map(Object.entries(next)), { stack: 'prod', projectDir: dir, cwd: dir });
    expect(written.recovered).toEqual([expect.stringMatching(/^removed dist\/\.prod\.synth-new-\d+-[0-9a-f]+ \(left by an interrupted run\)$/)]);
    expect(completeRender(join(dir, 'dist', 'prod'))).toEqual(next);
    expect(readdirSync(join(dir, 'dist'))).toEqual(['prod']);
  });

  it('leaves a sibling with our naming but without our marker alone', () => {
    const dir = project();
    const foreign = join(dir, 'dist', '.prod.synth-old-1-abcdef12');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'mine.txt'), 'not synth\n');
    writeRender('dist/prod', new Map(Object.entries(render('a'))), { stack: 'prod', projectDir: dir, cwd: dir });
    expect(readTree(foreign)).toEqual(new Map([['mine.txt', 'not synth\n']]));
  });
});

describe('concurrent writers on one folder', () => {
  it('are serialised by the lock: every run succeeds, the result is one whole render, nothing is left behind', async () => {
    const dir = project();
    writeRender('dist/prod', new Map(Object.entries(render('initial'))), { stack: 'prod', projectDir: dir, cwd: dir });
    const renders = ['a', 'b', 'c', 'd'].map((g) => render(g, 400));
    const runs = await Promise.all(
      renders.map(
        (files) =>
          new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
            const child = spawn(process.execPath, childArgs(dir, files), { cwd: resolve(__dirname, '..', '..') });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.on('close', (code) => done({ code, stdout, stderr }));
          }),
      ),
    );
    expect(runs.map((r) => [r.code, r.stdout])).toEqual(renders.map(() => [0, 'written\n']));
    for (const r of runs) expect(r.stderr).toMatch(/^(waiting: output folder dist\/prod is being written by another run \(pid \d+ on .*\)\n)?$/);
    expect(renders).toContainEqual(completeRender(join(dir, 'dist', 'prod')));
    expect(readdirSync(join(dir, 'dist'))).toEqual(['prod']);
  });
});
