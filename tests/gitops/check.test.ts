import type { KubeObject } from '../../packages/shared';
import { checkTreeOrder, gitopsTree, type AppliedKustomization, type TreeBootstrap } from '../../tools/gitops';
import { treeInput } from './fixtures/tree-input';

const BOOTSTRAP: TreeBootstrap = { source: { kind: 'GitRepository', name: 'canary-platform' }, secretName: 'canary-platform-secrets', namespaces: ['flux-system'] };

/** The fixture's tree as Flux sees it: each Kustomization and the objects its path builds to. */
function applied(): AppliedKustomization[] {
  const tree = gitopsTree(treeInput());
  return tree.layers.map((l) => ({
    kustomization: structuredClone(tree.kustomizations.find((k) => k.object.metadata.name === l.name)!.object),
    objects: l.objects.map((o) => structuredClone(o.object)),
  }));
}

const layer = (tree: AppliedKustomization[], name: string): AppliedKustomization => tree.find((k) => k.kustomization.metadata.name === `canary-platform-${name}`)!;
const specOf = (o: KubeObject): any => o.spec;

describe('checkTreeOrder (Flux applies the tree from an empty cluster in one pass)', () => {
  it('accepts the rendered tree', () => {
    expect(checkTreeOrder(applied(), BOOTSTRAP)).toEqual([]);
  });

  it('finds an object applied before the chart that brings its CRD', () => {
    const tree = applied();
    const podMonitor = layer(tree, 'objects').objects[0];
    (layer(tree, 'namespaces').objects as KubeObject[]).push(podMonitor);
    expect(checkTreeOrder(tree, BOOTSTRAP)).toEqual([
      { subject: 'monitoring/PodMonitor/envoy-stats', path: 'apiVersion', message: '(monitoring.coreos.com/v1) is applied by canary-platform-namespaces before any chart that brings its CRD is ready' },
    ]);
  });

  it('finds a CRD of a chart in the same layer (Flux cannot wait for a chart and use its CRD in one apply)', () => {
    const tree = applied();
    (layer(tree, 'charts').objects as KubeObject[]).push(layer(tree, 'objects').objects[0]);
    expect(checkTreeOrder(tree, BOOTSTRAP)).toEqual([
      { subject: 'monitoring/PodMonitor/envoy-stats', path: 'apiVersion', message: '(monitoring.coreos.com/v1) is applied by canary-platform-charts before any chart that brings its CRD is ready' },
    ]);
  });

  it('does not count a layer that does not wait for its charts', () => {
    const tree = applied();
    specOf(layer(tree, 'charts').kustomization).wait = false;
    expect(checkTreeOrder(tree, BOOTSTRAP).map((p) => p.subject)).toEqual(['monitoring/PodMonitor/envoy-stats']);
  });

  it('finds a dependency cycle of Kustomizations', () => {
    const tree = applied();
    specOf(layer(tree, 'namespaces').kustomization).dependsOn = [{ name: 'canary-platform-services' }];
    expect(checkTreeOrder(tree, BOOTSTRAP)).toContainEqual({
      subject: 'flux-system/Kustomization/canary-platform-charts',
      path: 'spec.dependsOn',
      message: 'is part of a dependency cycle; Flux would never apply it',
    });
  });

  it('finds a dependsOn naming no Kustomization, and a source that does not exist', () => {
    const tree = applied();
    specOf(layer(tree, 'objects').kustomization).dependsOn.push({ name: 'canary-platform-chart' });
    specOf(layer(tree, 'services').kustomization).sourceRef = { kind: 'GitRepository', name: 'platform' };
    expect(checkTreeOrder(tree, BOOTSTRAP)).toEqual([
      { subject: 'flux-system/Kustomization/canary-platform-objects', path: 'spec.dependsOn', message: 'names canary-platform-chart, which no Kustomization of the tree is' },
      { subject: 'flux-system/Kustomization/canary-platform-services', path: 'spec.sourceRef', message: "(GitRepository/platform) is neither the bootstrap's source nor a source of the tree" },
    ]);
  });

  it('finds an object whose namespace is created later', () => {
    const tree = applied();
    const namespaces = layer(tree, 'namespaces');
    (namespaces.objects as KubeObject[]).splice(0, 1);
    (layer(tree, 'services').objects as KubeObject[]).push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } });
    expect(checkTreeOrder(tree, BOOTSTRAP).map((p) => `${p.subject} ${p.path} ${p.message}`)).toEqual([
      'monitoring/Secret/alert-webhooks metadata.namespace (monitoring) is created neither by canary-platform-secrets nor by a Kustomization it waits for',
      'flux-system/HelmRelease/flagger spec.targetNamespace (monitoring) is created neither by canary-platform-charts nor by a Kustomization it waits for',
      'flux-system/HelmRelease/kube-prometheus-stack spec.targetNamespace (monitoring) is created neither by canary-platform-charts nor by a Kustomization it waits for',
      'monitoring/PodMonitor/envoy-stats metadata.namespace (monitoring) is created neither by canary-platform-objects nor by a Kustomization it waits for',
    ]);
  });

  it('finds a HelmRelease whose HelmRepository or release dependency is missing, and a release cycle', () => {
    const tree = applied();
    const charts = layer(tree, 'charts');
    const objects = charts.objects as KubeObject[];
    objects.splice(objects.findIndex((o) => o.kind === 'HelmRepository' && o.metadata.name === 'flagger'), 1);
    const kps = objects.find((o) => o.metadata.name === 'kube-prometheus-stack')!;
    specOf(kps).dependsOn = [{ name: 'flagger', namespace: 'flux-system' }, { name: 'loki', namespace: 'flux-system' }];
    expect(checkTreeOrder(tree, BOOTSTRAP)).toEqual([
      {
        subject: 'flux-system/HelmRelease/flagger',
        path: 'spec.chart.spec.sourceRef',
        message: '(HelmRepository flux-system/flagger) is not a HelmRepository of canary-platform-charts or of a Kustomization it waits for',
      },
      { subject: 'flux-system/HelmRelease/kube-prometheus-stack', path: 'spec.dependsOn', message: '(flux-system/loki) is not a HelmRelease of canary-platform-charts or of a Kustomization it waits for' },
      { subject: 'flux-system/HelmRelease/flagger', path: 'spec.dependsOn', message: 'is part of a dependency cycle of HelmReleases; helm-controller would never install it' },
    ]);
  });

  it('finds a substitution or valuesFrom Secret the bootstrap does not create', () => {
    expect(checkTreeOrder(applied(), { ...BOOTSTRAP, secretName: undefined })).toEqual([
      { subject: 'flux-system/Kustomization/canary-platform-secrets', path: 'spec.postBuild.substituteFrom', message: "(Secret/canary-platform-secrets) is not the bootstrap's substitution Secret" },
      { subject: 'flux-system/HelmRelease/kube-prometheus-stack', path: 'spec.valuesFrom', message: "(Secret/canary-platform-secrets) is not the bootstrap's substitution Secret" },
    ]);
  });
});
