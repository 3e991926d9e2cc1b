/**
 * Team repositories: `synth --gitops` on examples/team-stack (its Pulumi.dev.yaml names the team `shop` and its
 * config repository) renders the team's CanaryServices as one Flux layer, `shop-services`, read from the team's own
 * source and applied after the platform's objects layer; its path builds with the real `kubectl kustomize`, and
 * together with a platform tree it passes the order check (the Canary after the chart that brings its CRD).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { objectId, type KubeObject } from '../../packages/shared';
import type { CliOutput } from '../../tools/cli/command';
import { runCli } from '../../tools/cli/main';
import { checkTreeOrder, gitopsTree } from '../../tools/gitops';
import { locateKubectl } from '../../tools/verify-charts';
import { tempDir } from '../support/temp';
import { treeInput } from './fixtures/tree-input';

const ROOT = join(__dirname, '..', '..');
const TEAM_STACK = join(ROOT, 'examples', 'team-stack');

describe('a team repository (examples/team-stack, synth --gitops)', () => {
  const work = tempDir('team-gitops-');
  const out = join(work, 'dev');
  const kubectl = locateKubectl({ cacheDir: join(work, 'kubectl-bin'), searchPath: '' });
  const stderr: string[] = [];
  const output: CliOutput = { out: () => undefined, err: (l) => stderr.push(l) };
  let code = -1;
  const read = (path: string): KubeObject => parse(readFileSync(join(out, path), 'utf8')) as KubeObject;

  beforeAll(async () => {
    code = await runCli(['node', 'canary-platform', 'synth', '-C', TEAM_STACK, '--stack', 'dev', '--out', out, '--quiet', '--gitops'], output);
  }, 120_000);

  it('renders without a problem', () => {
    expect(stderr.filter((l) => l.startsWith('error') || l.startsWith('  -'))).toEqual([]);
    expect(code).toBe(0);
  });

  it("makes the team's services one layer, from the team's own source, after the platform's objects", () => {
    const layer = read('gitops/flux/kustomization-shop-services.yaml');
    expect(layer.spec).toMatchObject({
      dependsOn: [{ name: 'canary-platform-objects' }],
      path: './clusters/staging/gitops/layers/shop-services',
      sourceRef: { kind: 'GitRepository', name: 'shop' },
      wait: true,
    });
    expect(read('gitops/flux/gitrepository-shop.yaml').spec).toEqual({ url: 'ssh://git@github.com/acme/shop-config', ref: { branch: 'main' }, interval: '1m' });
  });

  it('builds the layer with kubectl kustomize, to every object of the team stack', () => {
    expect(kubectl).toBeDefined();
    const built = parseAllDocuments(execFileSync(kubectl!.path, ['kustomize', join(out, 'gitops', 'layers', 'shop-services')], { encoding: 'utf8' })).map((d) => d.toJS() as KubeObject);
    const manifests = readdirSync(join(out, 'manifests', 'shop')).filter((f) => f !== 'kustomization.yaml').map((f) => read(join('manifests', 'shop', f)));
    expect(built.map(objectId).sort()).toEqual(manifests.map(objectId).sort());
  });

  it("passes the order check after a platform's tree: its Canaries come after the chart that brings their CRD", () => {
    const platform = gitopsTree(treeInput());
    const applied = [
      ...platform.layers.map((l) => ({ kustomization: platform.kustomizations.find((k) => k.object.metadata.name === l.name)!.object, objects: l.objects.map((o) => o.object) })),
      {
        kustomization: read('gitops/flux/kustomization-shop-services.yaml'),
        objects: readdirSync(join(out, 'gitops', 'layers', 'shop-services', 'shop')).map((f) => read(join('gitops', 'layers', 'shop-services', 'shop', f))),
      },
    ];
    // The team's source is registered next to the platform's (docs/gitops.md, Team repositories).
    const withSource = [...applied, { kustomization: { ...applied[0].kustomization, metadata: { name: 'teams', namespace: 'flux-system' }, spec: { sourceRef: { kind: 'GitRepository', name: 'canary-platform' } } }, objects: [read('gitops/flux/gitrepository-shop.yaml')] }];
    expect(checkTreeOrder(withSource, { source: { kind: 'GitRepository', name: 'canary-platform' }, secretName: 'canary-platform-secrets', namespaces: ['flux-system'] })).toEqual([]);
  });
});
