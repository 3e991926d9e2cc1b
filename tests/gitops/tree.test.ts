import { parse } from 'yaml';
import { validateObject } from '../../packages/validation';
import {
  checkTreeOrder,
  gitopsTree,
  goDuration,
  helmPath,
  repositoryNames,
  type GitOpsTree,
  type SecretOrigin,
  type TreeHelmRelease,
} from '../../tools/gitops';
import { HELM_RELEASES, ORIGINS, RESOURCES, treeInput, URNS } from './fixtures/tree-input';

const file = (tree: GitOpsTree, path: string): any => parse(tree.files.get(path)!);
const spec = (tree: GitOpsTree, path: string): any => file(tree, path).spec;

describe('gitopsTree (the Flux and Argo CD tree synth writes under gitops/)', () => {
  const tree = gitopsTree(treeInput());

  it('renders the tree of a small platform (snapshot of every file)', () => {
    expect(tree.problems).toEqual([]);
    expect(Object.fromEntries(tree.files)).toMatchSnapshot();
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(gitopsTree(treeInput()).files).toEqual(tree.files);
  });

  it('layers the platform as namespaces -> secrets -> charts -> objects -> services, each waiting for the one before', () => {
    expect(tree.layers.map((l) => [l.name, l.folder, l.dependsOn])).toEqual([
      ['canary-platform-namespaces', 'layers/namespaces', []],
      ['canary-platform-secrets', 'flux/secrets', ['canary-platform-namespaces']],
      ['canary-platform-charts', 'flux/charts', ['canary-platform-namespaces', 'canary-platform-secrets']],
      ['canary-platform-objects', 'layers/objects', ['canary-platform-charts']],
      ['canary-platform-services', 'layers/services', ['canary-platform-objects']],
    ]);
    expect(tree.layers.find((l) => l.id === 'services')!.objects.map((o) => o.file)).toEqual(['demo/namespace-demo.yaml', 'demo/deployment-podinfo.yaml']);
    expect(tree.layers.find((l) => l.id === 'objects')!.objects.map((o) => o.file)).toEqual(['monitoring/podmonitor-envoy-stats.yaml']);
  });

  it('gives every layer a Flux Kustomization that prunes, waits, retries and reads the bootstrap source', () => {
    expect(spec(tree, 'gitops/flux/kustomization-canary-platform-objects.yaml')).toEqual({
      dependsOn: [{ name: 'canary-platform-charts' }],
      interval: '10m',
      path: './clusters/prod/gitops/layers/objects',
      prune: true,
      retryInterval: '1m',
      sourceRef: { kind: 'GitRepository', name: 'canary-platform' },
      timeout: '5m',
      wait: true,
    });
    expect(file(tree, 'gitops/flux/kustomization.yaml').resources).toEqual(tree.layers.map((l) => `kustomization-${l.name}.yaml`).sort());
  });

  it('waits longer for the charts than the longest Helm timeout (a release may be retried)', () => {
    expect(spec(tree, 'gitops/flux/kustomization-canary-platform-charts.yaml').timeout).toBe('20m');
  });

  it('pins each HelmRelease to the chart version of the render and keeps the release order of the plan', () => {
    const flagger = spec(tree, 'gitops/flux/charts/helmrelease-flagger.yaml');
    expect(flagger.chart.spec).toEqual({ chart: 'flagger', version: '1.44.0', interval: '1h', sourceRef: { kind: 'HelmRepository', name: 'flagger', namespace: 'flux-system' } });
    expect(flagger.dependsOn).toEqual([{ name: 'kube-prometheus-stack', namespace: 'flux-system' }]);
    expect([flagger.targetNamespace, flagger.storageNamespace, flagger.releaseName]).toEqual(['monitoring', 'monitoring', 'flagger']);
    expect(flagger.install).toEqual({ crds: 'CreateReplace', createNamespace: false, remediation: { retries: 3 } });
    expect(flagger.upgrade).toEqual({ crds: 'CreateReplace', cleanupOnFail: true, remediation: { retries: 3, remediateLastFailure: true } });
    expect([flagger.timeout, flagger.maxHistory, flagger.driftDetection]).toEqual(['15m', 10, { mode: 'enabled' }]);
  });

  it('keeps secret values out of HelmRelease values: a valuesFrom reference to the bootstrap Secret instead', () => {
    const kps = spec(tree, 'gitops/flux/charts/helmrelease-kube-prometheus-stack.yaml');
    expect(kps.values.grafana).toEqual({ 'grafana.ini': { users: { allow_sign_up: false } } });
    expect(kps.valuesFrom).toEqual([{ kind: 'Secret', name: 'canary-platform-secrets', valuesKey: 'GRAFANA_ADMIN_PASSWORD', targetPath: 'grafana.adminPassword' }]);
    expect([...tree.files.values()].join('\n')).not.toContain('[secret]');
  });

  it('templates each Secret with substitution references, filled by Flux from the bootstrap Secret', () => {
    const secret = file(tree, 'gitops/flux/secrets/monitoring/secret-alert-webhooks.yaml');
    expect(secret.stringData).toEqual({ 'slack-webhook-url': '${SLACK_WEBHOOK_URL}', user: 'alertmanager' });
    expect(spec(tree, 'gitops/flux/kustomization-canary-platform-secrets.yaml').postBuild).toEqual({ substituteFrom: [{ kind: 'Secret', name: 'canary-platform-secrets' }] });
    // Only the secrets layer substitutes: dashboards and PromQL elsewhere use ${...} of their own.
    expect(tree.kustomizations.filter((k) => (k.object.spec as any).postBuild !== undefined).map((k) => k.object.metadata.name)).toEqual(['canary-platform-secrets']);
  });

  it('validates every Flux and Argo CD object strictly (registry schemas, unknown fields rejected)', () => {
    const objects = [...tree.kustomizations, ...tree.applications, ...tree.layers.flatMap((l) => l.objects)];
    expect(objects.flatMap((o) => validateObject(o.object))).toEqual([]);
  });

  it('passes its own order check: no object before its CRD or namespace, every reference resolves', () => {
    const applied = tree.layers.map((l) => ({ kustomization: tree.kustomizations.find((k) => k.object.metadata.name === l.name)!.object, objects: l.objects.map((o) => o.object) }));
    expect(checkTreeOrder(applied, { source: { kind: 'GitRepository', name: 'canary-platform' }, secretName: 'canary-platform-secrets', namespaces: ['flux-system'] })).toEqual([]);
  });

  it('reads an OCI artifact through an OCIRepository', () => {
    const oci = gitopsTree(treeInput({ repository: { source: { kind: 'oci', url: 'oci://europe-docker.pkg.dev/acme/config/platform', tag: 'prod' }, path: 'prod' } }));
    expect(spec(oci, 'gitops/flux/kustomization-canary-platform-charts.yaml').sourceRef).toEqual({ kind: 'OCIRepository', name: 'canary-platform' });
    expect(spec(oci, 'gitops/flux/kustomization-canary-platform-charts.yaml').path).toBe('./prod/gitops/flux/charts');
    expect(spec(oci, 'gitops/argocd/application-canary-platform-objects.yaml').source).toEqual({
      repoURL: 'oci://europe-docker.pkg.dev/acme/config/platform',
      targetRevision: 'prod',
      path: './prod/gitops/layers/objects',
    });
  });

  it('orders the Argo CD Applications by sync waves as Flux orders its layers, without the Secret templates', () => {
    const waves = Object.fromEntries(tree.applications.map((a) => [a.object.metadata.name, a.object.metadata.annotations!['argocd.argoproj.io/sync-wave']]));
    expect(waves).toEqual({
      'canary-platform-namespaces': '0',
      'canary-platform-kube-prometheus-stack': '1',
      'canary-platform-flagger': '2',
      'canary-platform-objects': '3',
      'canary-platform-services': '4',
    });
    const kps = spec(tree, 'gitops/argocd/application-canary-platform-kube-prometheus-stack.yaml');
    expect(kps.source).toEqual({
      repoURL: 'https://prometheus-community.github.io/helm-charts',
      chart: 'kube-prometheus-stack',
      targetRevision: '87.19.1',
      helm: { releaseName: 'kube-prometheus-stack', valuesObject: { grafana: { 'grafana.ini': { users: { allow_sign_up: false } } } } },
    });
    expect(kps.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'monitoring' });
    expect(kps.syncPolicy.syncOptions).toEqual(['ServerSideApply=true']);
  });

  it("renders a team's repository as one services layer after the platform's objects, with its own source", () => {
    const team = gitopsTree(
      treeInput({ scope: { kind: 'team', team: 'shop' }, helmReleases: [], secretsOmitted: [], manifests: treeInput().manifests.filter((m) => m.path.startsWith('demo/')) }),
    );
    expect(team.problems).toEqual([]);
    expect(team.layers.map((l) => [l.name, l.folder, l.dependsOn])).toEqual([['shop-services', 'layers/shop-services', ['canary-platform-objects']]]);
    expect(spec(team, 'gitops/flux/kustomization-shop-services.yaml').sourceRef).toEqual({ kind: 'GitRepository', name: 'shop' });
    expect(file(team, 'gitops/flux/gitrepository-shop.yaml').spec).toEqual({ url: 'ssh://git@github.com/acme/platform-config', ref: { branch: 'main' }, interval: '1m' });
  });
});

describe('gitopsTree problems (what Git cannot deliver)', () => {
  it('refuses a secret Helm value the program computed (no stack key to fill it from)', () => {
    const origins = new Map(ORIGINS);
    origins.set(URNS.kps, new Map<string, SecretOrigin>([[JSON.stringify(['values', 'grafana', 'adminPassword']), { kind: 'computed' }]]));
    expect(gitopsTree(treeInput({ secretOrigins: origins })).problems).toEqual([
      {
        subject: 'gitops/flux/charts/helmrelease-kube-prometheus-stack.yaml',
        path: 'spec.values.grafana.adminPassword',
        message: 'is a secret the program computes, not a secret stack key, so Git cannot carry it; pass it to the chart through a Secret the chart reads by name',
      },
    ]);
  });

  it('refuses a Secret value the program computed', () => {
    const origins = new Map(ORIGINS);
    origins.set(URNS.alertSecret, new Map<string, SecretOrigin>([[JSON.stringify(['stringData', 'user']), { kind: 'literal', value: 'alertmanager' }]]));
    expect(gitopsTree(treeInput({ secretOrigins: origins })).problems).toEqual([
      {
        subject: 'gitops/flux/secrets/monitoring/secret-alert-webhooks.yaml',
        path: 'stringData.slack-webhook-url',
        message: 'is a secret the program computes, not a secret stack key, so Git cannot carry it; create this Secret outside the tree (External Secrets, Secret Manager CSI)',
      },
    ]);
  });

  it('refuses a Secret that is not a Secret resource (inside a group of objects)', () => {
    expect(gitopsTree(treeInput({ secretsOmitted: ['monitoring/Secret/alert-webhooks', 'demo/Secret/inline'] })).problems).toEqual([
      { subject: 'demo/Secret/inline', path: '', message: 'is a Secret inside a group of objects; only Secret resources can be templated for Flux: create it as a k8s.core.v1.Secret' },
    ]);
  });

  it('refuses a local chart and an unpinned chart', () => {
    const local: TreeHelmRelease = { ...HELM_RELEASES[0], chart: './charts/mine', repository: null };
    const unpinned: TreeHelmRelease = { ...HELM_RELEASES[1], version: null };
    expect(gitopsTree(treeInput({ helmReleases: [local, unpinned] })).problems).toEqual([
      { subject: 'helm/monitoring/flagger.yaml', path: 'chart', message: '(./charts/mine) is a local chart; Flux installs charts from a repository: publish it to a chart or OCI repository' },
      { subject: 'helm/monitoring/kube-prometheus-stack.yaml', path: 'version', message: 'is not pinned; Flux would install the latest chart: set an exact version' },
    ]);
  });

  it('refuses an object a chart needs first whose kind needs a CRD', () => {
    const resources = RESOURCES.map((r) => (r.urn === URNS.kps ? { ...r, dependencies: [...r.dependencies, URNS.podMonitor] } : r));
    expect(gitopsTree(treeInput({ resources })).problems).toEqual([
      {
        subject: 'manifests/monitoring/podmonitor-envoy-stats.yaml',
        path: '',
        message: 'is needed by a chart before it installs, but its kind (monitoring.coreos.com/v1 PodMonitor) needs a CRD no chart has installed yet',
      },
    ]);
  });

  it("refuses charts and Secrets in a team's tree", () => {
    expect(gitopsTree(treeInput({ scope: { kind: 'team', team: 'shop' } })).problems).toEqual([
      { subject: 'helm/', path: '', message: "a team's tree has no charts: install charts in the platform stack" },
      { subject: 'monitoring/Secret/alert-webhooks', path: '', message: "a team's tree carries no Secrets: create them outside the tree (External Secrets, Secret Manager CSI)" },
    ]);
  });
});

describe('helpers', () => {
  it('names HelmRepositories after the first label of their host, the whole address when two share it', () => {
    expect(Object.fromEntries(repositoryNames(['https://grafana.github.io/helm-charts', 'https://prometheus-community.github.io/helm-charts', 'https://flagger.app']))).toEqual({
      'https://flagger.app': 'flagger',
      'https://grafana.github.io/helm-charts': 'grafana',
      'https://prometheus-community.github.io/helm-charts': 'prometheus-community',
    });
    expect(Object.fromEntries(repositoryNames(['https://charts.a.io/x', 'https://charts.b.io/y']))).toEqual({
      'https://charts.a.io/x': 'charts-a-io-x',
      'https://charts.b.io/y': 'charts-b-io-y',
    });
  });

  it('writes Helm paths with dots in keys escaped and durations as Go durations', () => {
    expect(helmPath(['grafana.ini', 'users', 0, 'name'])).toBe('grafana\\.ini.users[0].name');
    expect([goDuration(900), goDuration(90), goDuration(600)]).toEqual(['15m', '90s', '10m']);
  });
});
