/**
 * examples/cdk8s-app runs right after `npm ci` at the repository root, as its README says:
 *
 *   npm ci                               # root: installs, then runs the `prepare` script, which builds build/
 *   cd examples/cdk8s-app && npm install && npm run synth
 *
 * The example imports `canary-platform/canary` by name, which resolves (`"canary-platform": "file:../.."`) to the
 * repository's package.json `exports`, i.e. to build/api/canary.js. Proven here on a copy of the repository
 * (nothing of this checkout is rebuilt or written):
 * 1. this npm runs a root project's `prepare` script on `npm ci` (a tiny project, no registry needed);
 * 2. `prepare` is the build, and `npm pack` builds once (no `prepack` besides it);
 * 3. in the copy, with the lockfile's node_modules linked in (what `npm ci` installs), `npm run prepare` (what
 *    `npm ci` runs next) builds what the example imports; before it, the example cannot start. The example's own
 *    `npm install` is stood in by the link it creates (`node_modules/canary-platform -> ../..`), then `npm run
 *    synth` writes the manifests, its Namespace first.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from 'canary-platform/canary';

const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/**
 * The environment of a user's shell: no `npm_*` variables inherited from an `npm test` that runs this file. The
 * children's temporary files (tsx's cache) go into this test's folder.
 */
function userEnv(): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))), TMPDIR: work };
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, [...args], { cwd, env: userEnv(), encoding: 'utf8', timeout: 300_000 });
}

function runOk(command: string, args: readonly string[], cwd: string): string {
  const proc = run(command, args, cwd);
  if (proc.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${proc.status ?? proc.signal}:\n${proc.stdout}\n${proc.stderr}`);
  return proc.stdout;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cdk8s-app-after-npm-ci-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm ci at the root', () => {
  it("runs the root project's prepare script (checked with this machine's npm)", () => {
    const project = join(work, 'lifecycle');
    mkdirSync(project);
    const manifest = { name: 'lifecycle-probe', version: '1.0.0', private: true };
    writeFileSync(join(project, 'package.json'), JSON.stringify({ ...manifest, scripts: { prepare: 'node -e "require(\'fs\').writeFileSync(\'prepared\', \'\')"' } }));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ ...manifest, lockfileVersion: 3, requires: true, packages: { '': manifest } }));
    runOk(NPM, ['ci', '--offline', '--no-audit', '--no-fund'], project);
    expect(existsSync(join(project, 'prepared'))).toBe(true);
  });

  it('builds the package through prepare, and npm pack builds it once (no prepack besides)', () => {
    expect(PACKAGE.scripts.prepare).toBe('npm run build');
    expect(PACKAGE.scripts.build).toBe('npm run clean && tsc -p tsconfig.build.json && tsx scripts/bundle-judge.ts');
    expect(PACKAGE.scripts.prepack).toBeUndefined();
  });
});

describe('examples/cdk8s-app in a copy of the repository after npm ci', () => {
  let copy: string;
  let example: string;

  beforeAll(() => {
    copy = join(work, 'repo');
    const skip = /(^|\/)(node_modules|build|dist)(\/|$)/;
    for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'index.ts', 'api', 'packages', 'tools', 'stacks', 'scripts', 'bin', 'examples/cdk8s-app']) {
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true, filter: (source) => !skip.test(source.slice(ROOT.length)) });
    }
    // What `npm ci` installs from package-lock.json: this checkout's node_modules, linked rather than downloaded.
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    example = join(copy, 'examples', 'cdk8s-app');
    // What the example's `npm install` creates for "canary-platform": "file:../.." (its other dependencies are
    // the root's: cdk8s, constructs, tsx).
    mkdirSync(join(example, 'node_modules'));
    symlinkSync(join('..', '..', '..'), join(example, 'node_modules', 'canary-platform'), 'dir');
  });

  it('cannot start without the build: the name resolves to build/, which only the build creates', () => {
    const proc = run(NPM, ['run', 'synth'], example);
    expect(proc.status).not.toBe(0);
    expect(proc.stderr).toContain(`Cannot find module '${join(example, 'node_modules', 'canary-platform', 'build', 'api', 'canary.js')}'`);
  });

  it('runs after the prepare script npm ci runs: the name resolves to the build, and synth writes the manifests', () => {
    runOk(NPM, ['run', 'prepare'], copy);
    expect(runOk(process.execPath, ['-p', "require.resolve('canary-platform/canary')"], example).trim()).toBe(join(copy, 'build', 'api', 'canary.js'));
    runOk(NPM, ['run', 'synth'], example);
    const objects = parseAllDocuments(readFileSync(join(example, 'dist', 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJSON() as KubeObject);
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
    expect(objects.filter((o) => o.kind === 'Canary').map((o) => o.metadata.name).sort()).toEqual(['catalog', 'frontend']);
  });
});
