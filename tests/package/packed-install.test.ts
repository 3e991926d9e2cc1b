/**
 * Proof that the constructs work outside this repository: `npm pack` (prepack builds with tsconfig.build.json),
 * install the tarball into a temporary team project, compile TypeScript that imports the public API with this
 * repository's TypeScript, run it, run both examples against the installed package, and run the packed CLI.
 *
 * Install: the tarball is unpacked into `node_modules/canary-platform` and each of its declared `dependencies`
 * and `peerDependencies` (the framework SDKs, which the team project brings) is linked from this repository's
 * node_modules (what `npm install` would place at the top level, without downloading 100 MB again), except
 * cdk8s: the team project uses another minor version of it ({@link TEAM_CDK8S}, unpacked from `npm pack`, from the
 * npm cache or the registry), and the test proves the package uses that one copy. The package's own files
 * therefore resolve only what it declares: an undeclared runtime dependency fails here. Set
 * CANARY_PLATFORM_PACKED_INSTALL=npm to install with npm instead (`npm install --prefer-offline`: slower, needs the
 * registry or a warm cache).
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { API_ENTRIES } from '../../scripts/api-docs';
import { consumerTsconfig, CONSUMER_TS, importProbe, RUN_TEAM_STACK_JS, SDK_COPIES_PROBE, TINY_PROJECT } from './consumer-files';

const ROOT = join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The cdk8s of the team project: another minor version than the one this repository pins and tests with
 * (devDependencies), inside the package's peer range. With cdk8s a regular dependency, npm would nest the pinned
 * copy under canary-platform and the team's charts and the package's constructs would come from two copies.
 */
const TEAM_CDK8S = '2.69.74';

interface Manifest {
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly bin: Record<string, string>;
}

const REPOSITORY_MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

interface PackedFile {
  readonly path: string;
  readonly size: number;
}
interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly PackedFile[];
}

/** Environment of every child process: no module paths leaking in from this repository. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  return env;
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, [...args], { cwd, env: childEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Runs and returns stdout; throws with stdout and stderr when the exit code is not 0. */
function runOk(command: string, args: readonly string[], cwd: string): string {
  const r = run(command, args, cwd);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, 'junction');
}

/** Every file under `dir`, relative, sorted. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path, base) : [relative(base, path).split('\\').join('/')];
    })
    .sort();
}

/** The package an import specifier belongs to: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('packed install: the tarball works in a team project', () => {
  const timings: Record<string, number> = {};
  let work: string;
  let project: string;
  let installed: string;
  let packed: PackResult;
  let copy: string;

  function timed<T>(label: string, fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      timings[label] = Math.round(performance.now() - started);
    }
  }

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'canary-platform-pack-'));
    project = join(work, 'team');
    installed = join(project, 'node_modules', 'canary-platform');

    // Packed from a copy of the working tree (its node_modules linked): the build npm pack runs writes the copy's
    // build/, never this checkout's, which other tests and tools read meanwhile.
    copy = join(work, 'repository');
    timed('copy the repository', () => {
      const skip = /^\/(\.git|node_modules|build|dist|coverage)(\/|$)|\/node_modules(\/|$)|\.tgz$/;
      cpSync(ROOT, copy, { recursive: true, filter: (source) => !skip.test(source.slice(ROOT.length)) });
      symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    });
    const out = timed('npm pack (prepack build)', () => runOk(NPM, ['pack', '--json', '--pack-destination', work], copy));
    packed = (JSON.parse(out.slice(out.indexOf('['))) as PackResult[])[0];
    const tarball = join(work, packed.filename);

    timed('install', () => {
      mkdirSync(project, { recursive: true });
      // The team's own SDKs: the package's peers at the versions this repository tests, but cdk8s one minor lower.
      const sdks = Object.fromEntries(Object.keys(REPOSITORY_MANIFEST.peerDependencies).map((name) => [name, name === 'cdk8s' ? TEAM_CDK8S : REPOSITORY_MANIFEST.devDependencies[name]]));
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'team', private: true, dependencies: { 'canary-platform': `file:${tarball}`, ...sdks } }, null, 2));
      if (process.env.CANARY_PLATFORM_PACKED_INSTALL === 'npm') {
        const devTools = ['typescript', '@types/node'].map((name) => `${name}@${REPOSITORY_MANIFEST.devDependencies[name]}`);
        runOk(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', ...devTools], project);
        return;
      }
      mkdirSync(installed, { recursive: true });
      execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
      // The package's dependencies and the team's SDKs (its peers), at the top level as npm places them;
      // typescript and @types/node are the team's own. cdk8s bundles its dependencies: its tarball is complete.
      const linked = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies), 'typescript', '@types/node'].filter((dep) => dep !== 'cdk8s');
      for (const dep of linked) link(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep));
      const cdk8sOut = runOk(NPM, ['pack', `cdk8s@${TEAM_CDK8S}`, '--json', '--prefer-offline', '--pack-destination', work], work);
      const cdk8sTarball = join(work, (JSON.parse(cdk8sOut.slice(cdk8sOut.indexOf('['))) as PackResult[])[0].filename);
      mkdirSync(join(project, 'node_modules', 'cdk8s'), { recursive: true });
      execFileSync('tar', ['-xzf', cdk8sTarball, '-C', join(project, 'node_modules', 'cdk8s'), '--strip-components=1']);
      for (const [name, file] of Object.entries(manifest.bin)) link(join('..', 'canary-platform', file), join(project, 'node_modules', '.bin', name));
    });

    timed('copy examples', () => {
      cpSync(join(ROOT, 'examples', 'team-stack'), join(project, 'team-stack'), { recursive: true, filter: (src) => !/node_modules|Pulumi\.yaml$/.test(src) });
      cpSync(join(ROOT, 'examples', 'cdk8s-app'), join(project, 'cdk8s-app'), { recursive: true, filter: (src) => !src.includes('node_modules') });
      writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
      writeFileSync(join(project, 'run-team-stack.js'), RUN_TEAM_STACK_JS);
      writeFileSync(join(project, 'probe-root.js'), importProbe('canary-platform'));
      writeFileSync(join(project, 'probe-canary.js'), importProbe('canary-platform/canary'));
      writeFileSync(join(project, 'probe-sdk-copies.js'), SDK_COPIES_PROBE);
      for (const [file, text] of Object.entries(TINY_PROJECT)) {
        mkdirSync(join(project, 'tiny'), { recursive: true });
        writeFileSync(join(project, 'tiny', file), text);
      }
    });
  }, 600_000);

  afterAll(() => {
    // One line for the record: how long each step took (the whole file should stay under about two minutes).
    process.stdout.write(`packed-install timings (ms): ${JSON.stringify(timings)}; tarball ${packed?.size} bytes, ${packed?.entryCount} files\n`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('the tarball', () => {
    it("is built in a copy of the repository: npm pack's prepare build wrote the copy's build/, not this checkout's", () => {
      expect(existsSync(join(copy, 'build', 'index.js'))).toBe(true);
    });

    it('holds only the build output, the CLI shim, docs, LICENSE and package.json', () => {
      const outside = packed.files.map((f) => f.path).filter((p) => !/^(build\/|bin\/|docs\/|LICENSE$|README\.md$|package\.json$)/.test(p));
      expect(outside).toEqual([]);
    });

    it('ships no tests, fixtures, snapshots, bench, TypeScript sources (only .d.ts), source maps or build info', () => {
      const shipped = packed.files.map((f) => f.path);
      expect(shipped.filter((p) => /(\.test\.|__snapshots__|(^|\/)fixtures\/|(^|\/)tests?\/|(^|\/)bench\/|(^|\/)examples\/|(^|\/)scripts\/)/.test(p))).toEqual([]);
      expect(shipped.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
      expect(shipped.filter((p) => p.endsWith('.map') || p.endsWith('.tsbuildinfo'))).toEqual([]);
    });

    it('ships the compiled entry points, the compiled CLI and the API reference, and no upstream CRD', () => {
      const shipped = new Set(packed.files.map((f) => f.path));
      const needed = ['build/index.js', 'build/index.d.ts', 'build/tools/cli/main.js', 'bin/canary-platform.js', 'docs/api/README.md'];
      for (const e of API_ENTRIES) needed.push(`build/${e.source.replace(/\.ts$/, '.js')}`, `build/${e.source.replace(/\.ts$/, '.d.ts')}`);
      expect(needed.filter((p) => !shipped.has(p))).toEqual([]);
      expect([...shipped].filter((p) => p.endsWith('.yaml') && !p.startsWith('docs/'))).toEqual([]);
    });

    it('stays small: under 2 MB packed', () => {
      expect(packed.size).toBeLessThan(2 * 1024 * 1024);
    });
  });

  describe('the installed package', () => {
    it('resolves every module its compiled code requires from its declared dependencies and peer dependencies', () => {
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
      const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
      const builtins = new Set(builtinModules);
      const specifiers = new Set<string>();
      for (const file of walk(join(installed, 'build')).filter((f) => f.endsWith('.js'))) {
        const text = readFileSync(join(installed, 'build', file), 'utf8');
        for (const m of text.matchAll(/\brequire\((["'])([^"'./][^"']*)\1\)|\bimport\((["'])([^"'./][^"']*)\3\)/g)) specifiers.add(m[2] ?? m[4]);
      }
      const external = [...specifiers].filter((s) => !s.startsWith('node:') && !builtins.has(s)).sort();
      expect(external.length).toBeGreaterThan(10);
      expect(external.filter((s) => !(packageOf(s) in declared))).toEqual([]);
      const unresolved = external.filter((s) => {
        try {
          require.resolve(s, { paths: [installed] });
          return false;
        } catch {
          return true;
        }
      });
      expect(unresolved).toEqual([]);
    });

    it('declares the framework SDKs as peer dependencies (ranges), never as dependencies: the team project brings them', () => {
      const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
      const sdks = ['@pulumi/gcp', '@pulumi/kubernetes', '@pulumi/pulumi', 'cdk8s', 'constructs'];
      expect(Object.keys(manifest.peerDependencies).sort()).toEqual(sdks);
      expect(sdks.filter((name) => name in manifest.dependencies)).toEqual([]);
      // Each range admits the exact version this repository tests with (devDependencies) and the team's cdk8s.
      for (const name of sdks) expect(manifest.peerDependencies[name]).toBe(`^${name === 'cdk8s' ? TEAM_CDK8S : REPOSITORY_MANIFEST.devDependencies[name]}`);
    });

    it(`uses the team project's cdk8s ${TEAM_CDK8S} (another minor version than the repository's): one copy, resolved from both sides`, () => {
      expect(TEAM_CDK8S.split('.').slice(0, 2)).not.toEqual(REPOSITORY_MANIFEST.devDependencies.cdk8s.split('.').slice(0, 2));
      const probe = JSON.parse(timed('probe SDK copies', () => runOk('node', ['probe-sdk-copies.js'], project))) as Record<string, unknown>;
      expect(probe).toEqual({
        cdk8sVersion: TEAM_CDK8S,
        sameFile: true,
        loadedCdk8sCopies: 1,
        loadedConstructsCopies: 1,
        constructInTeamChart: true,
        nestedNodeModules: false,
      });
      if (process.env.CANARY_PLATFORM_PACKED_INSTALL === 'npm') {
        // npm's own view of the tree: one cdk8s, the team's, which canary-platform shares.
        expect(runOk(NPM, ['ls', 'cdk8s', '--all', '--parseable'], project).trim().split('\n')).toEqual([join(project, 'node_modules', 'cdk8s')]);
      }
    });

    it('compiles a TypeScript file importing the root and every subpath, and both examples (moduleResolution node10, via typesVersions)', () => {
      const files = ['consumer.ts', 'team-stack/index.ts', 'team-stack/team-stack.ts', 'cdk8s-app/main.ts'];
      writeFileSync(join(project, 'tsconfig.json'), consumerTsconfig(files, 'dist'));
      timed('tsc (consumer + examples)', () => runOk('node', [join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project));
    }, 300_000);

    it.each([
      ['node10 (typesVersions)', ts.ModuleResolutionKind.Node10, ts.ModuleKind.CommonJS],
      ['node16 (exports, require condition)', ts.ModuleResolutionKind.Node16, ts.ModuleKind.Node16],
      ['nodenext (exports)', ts.ModuleResolutionKind.NodeNext, ts.ModuleKind.NodeNext],
      ['bundler (exports)', ts.ModuleResolutionKind.Bundler, ts.ModuleKind.ESNext],
    ])('resolves the types of the root and every subpath with moduleResolution %s', (_, moduleResolution, module) => {
      const expected: Record<string, string> = { 'canary-platform': 'build/index.d.ts' };
      for (const e of API_ENTRIES) expected[e.importPath] = `build/${e.source.replace(/\.ts$/, '.d.ts')}`;
      const resolved: Record<string, string | undefined> = {};
      for (const specifier of Object.keys(expected)) {
        const found = ts.resolveModuleName(specifier, join(project, 'consumer.ts'), { moduleResolution, module }, ts.sys, undefined, undefined, ts.ModuleKind.CommonJS);
        const file = found.resolvedModule?.resolvedFileName;
        resolved[specifier] = file === undefined ? undefined : relative(realpathSync(installed), realpathSync(file)).split('\\').join('/');
      }
      expect(resolved).toEqual(expected);
    });

    it('renders a CanaryService with the compiled package: same objects as renderCanaryService, valid against the shipped schemas', () => {
      const report = JSON.parse(timed('run consumer', () => runOk('node', ['dist/consumer.js'], project))) as Record<string, unknown>;
      expect(report.kinds).toEqual([
        'Canary/podinfo',
        'Deployment/podinfo',
        'HorizontalPodAutoscaler/podinfo',
        'MetricTemplate/podinfo-error-rate',
        'MetricTemplate/podinfo-latency-p95',
        'MetricTemplate/podinfo-relative-latency',
        'PodDisruptionBudget/podinfo',
        'Service/podinfo',
        'ServiceAccount/podinfo',
      ]);
      expect(report).toMatchObject({
        sameAsRender: true,
        objectsOfConstruct: 9,
        schemaProblems: [],
        promqlProblems: 0,
        promqlRejects: true,
        policyViolations: [],
        components: ['function', 'function', 'function', 'function', 'function'],
        componentArgCount: 5,
        bridge: 'function',
        subpathsAreTheRoot: [true, true, true, true, true],
      });
      expect(report.policyRules).toBeGreaterThan(20);
      expect((report.invalid as string[])[0]).toBe('CanaryService at demo/broken has 2 problems');
    });

    it('imports canary-platform/canary without loading Pulumi; the root loads it', () => {
      const canary = JSON.parse(timed('import canary-platform/canary', () => runOk('node', ['probe-canary.js'], project))) as { ms: number; pulumi: boolean; exports: number };
      const root = JSON.parse(timed('import canary-platform', () => runOk('node', ['probe-root.js'], project))) as { ms: number; pulumi: boolean; exports: number };
      timings['require canary-platform/canary (in process)'] = Math.round(canary.ms);
      timings['require canary-platform (in process)'] = Math.round(root.ms);
      expect(canary.pulumi).toBe(false);
      expect(root.pulumi).toBe(true);
      expect(root.exports).toBeGreaterThan(canary.exports);
    });

    it('renders the cdk8s-app example with the installed package', () => {
      timed('run cdk8s-app', () => runOk('node', ['-e', "require('./dist/cdk8s-app/main.js').main('cdk8s-out')"], project));
      const docs = parseAllDocuments(readFileSync(join(project, 'cdk8s-out', 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJSON() as { kind: string; metadata: { name: string } });
      expect(docs.filter((d) => d.kind === 'Canary').map((d) => d.metadata.name).sort()).toEqual(['catalog', 'frontend']);
    });

    it('runs the team-stack example under Pulumi mocks with the installed package', () => {
      const result = JSON.parse(timed('run team-stack (mocks)', () => runOk('node', ['run-team-stack.js'], project))) as {
        outputs: unknown;
        registered: Array<{ type: string; name: string; objs?: number }>;
      };
      expect(result.outputs).toEqual({ namespace: 'shop', services: ['shop/storefront', 'shop/checkout'], urls: ['https://storefront.apps.acme.example'] });
      expect(result.registered.map((r) => `${r.type} ${r.name}`)).toEqual([
        'kubernetes:core/v1:Namespace shop-namespace',
        'kubernetes:yaml/v2:ConfigGroup shop-services',
        'pulumi:providers:kubernetes platform-cluster',
      ]);
      expect(result.registered.find((r) => r.name === 'shop-services')?.objs).toBeGreaterThan(15);
    });
  });

  describe('the packed CLI', () => {
    const cli = () => join(project, 'node_modules', '.bin', 'canary-platform');

    it('prints its help from the compiled build (no tsx in the team project)', () => {
      const help = timed('canary-platform --help', () => runOk('node', [cli(), '--help'], project));
      expect(help).toContain('Usage: canary-platform');
      for (const command of ['synth', 'check', 'timeline']) expect(help).toContain(command);
      expect(() => require.resolve('tsx', { paths: [installed] })).toThrow();
    });

    it('synthesises a tiny team project offline', () => {
      const r = timed('canary-platform synth (tiny project)', () => run('node', [cli(), 'synth', '--stack', 'dev', '--project-dir', 'tiny', '--out', 'synth-out', '--quiet'], project));
      // Progress and the summary go to stderr; stdout carries nothing.
      expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 0, stdout: '' });
      expect(r.stderr).toMatch(/^Offline render of stack "dev"/);
      const files = walk(join(project, 'synth-out'));
      const manifests = files.filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(project, 'synth-out', f), 'utf8'));
      expect(manifests.some((text) => /kind: Canary\b/.test(text) && text.includes('name: podinfo'))).toBe(true);
    });
  });
});
