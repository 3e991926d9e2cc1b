import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectHelmReleases, helmFiles } from '../../tools/offline/helm';
import { isClusterScoped, maskSecretObjectsDeep, objectTypeOf } from '../../tools/offline/kube-objects';
import { collectManifests, manifestFiles } from '../../tools/offline/manifests';
import { computeWaves, type PlanResource } from '../../tools/offline/plan';
import { findSecretsInFiles } from '../../tools/offline/validate';
import { Masker, WIRE } from '../../tools/offline/wire-values';
import { tempDir } from './helpers';

const PROVIDER = 'urn:pulumi:s::p::pulumi:providers:kubernetes::k8s';

/** A plan resource with defaults, for the pure builders. */
function res(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlanResource> = {}): PlanResource {
  return {
    urn: `urn:pulumi:s::p::${type}::${name}`,
    type,
    name,
    custom: true,
    parent: null,
    provider: PROVIDER,
    dependencies: [],
    protect: false,
    retainOnDelete: false,
    wave: 0,
    inputs: inputs as PlanResource['inputs'],
    ...extra,
  };
}

const cm = (name: string, namespace?: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data: { a: '1' } });

describe('Kubernetes type tokens', () => {
  it('maps kubernetes:<group>/<version>:<Kind> to apiVersion and kind, core to the legacy group', () => {
    expect(objectTypeOf('kubernetes:core/v1:Service')).toEqual({ apiVersion: 'v1', kind: 'Service' });
    expect(objectTypeOf('kubernetes:apps/v1:Deployment')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(objectTypeOf('kubernetes:flagger.app/v1beta1:Canary')).toEqual({ apiVersion: 'flagger.app/v1beta1', kind: 'Canary' });
  });

  it('is not an object for providers, ConfigGroups, Helm releases, patches and lists', () => {
    for (const t of ['pulumi:providers:kubernetes', 'kubernetes:yaml/v2:ConfigGroup', 'kubernetes:helm.sh/v3:Release', 'kubernetes:apps/v1:DeploymentPatch', 'kubernetes:core/v1:ConfigMapList', 'kubernetes:yaml:ConfigGroup']) {
      expect({ t, object: objectTypeOf(t) }).toEqual({ t, object: undefined });
    }
  });

  it('knows cluster-scoped kinds', () => {
    expect(['Namespace', 'ClusterRole', 'CustomResourceDefinition', 'ClusterAnalysisTemplate'].every(isClusterScoped)).toBe(true);
    expect(['Deployment', 'Canary', 'MetricTemplate'].some(isClusterScoped)).toBe(false);
  });
});

describe('collectManifests', () => {
  it('places objects in one folder per namespace, Namespaces in their own folder, cluster-scoped ones in _cluster', () => {
    const { objects, problems } = collectManifests(
      [
        res('kubernetes:core/v1:Namespace', 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }),
        res('kubernetes:core/v1:ConfigMap', 'cm', cm('settings', 'shop')),
        res('kubernetes:rbac.authorization.k8s.io/v1:ClusterRole', 'role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] }),
      ],
      '.',
    );
    expect(problems).toEqual([]);
    expect(objects.map((o) => [o.path, o.id])).toEqual([
      ['_cluster/clusterrole-reader.yaml', 'ClusterRole/reader'],
      ['shop/configmap-settings.yaml', 'shop/ConfigMap/settings'],
      ['shop/namespace-shop.yaml', 'Namespace/shop'],
    ]);
  });

  it("defaults the namespace to the provider's namespace, else default, and the name to the resource name", () => {
    const namespaced = res('pulumi:providers:kubernetes', 'k8s', { namespace: 'team-a' }, { urn: PROVIDER, provider: null });
    const { objects } = collectManifests(
      [
        namespaced,
        res('kubernetes:core/v1:ConfigMap', 'from-provider', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }),
        res('kubernetes:core/v1:ConfigMap', 'no-provider', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, { provider: null }),
      ],
      '.',
    );
    expect(objects.map((o) => o.id)).toEqual(['default/ConfigMap/no-provider', 'team-a/ConfigMap/from-provider']);
  });

  it('expands ConfigGroup objs (nested lists and *List kinds), yaml text and local files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'extra.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: from-file, namespace: ns}\n');
    const { objects, problems } = collectManifests(
      [
        res(
          'kubernetes:yaml/v2:ConfigGroup',
          'group',
          {
            objs: [[cm('a', 'ns')], { apiVersion: 'v1', kind: 'ConfigMapList', items: [cm('b', 'ns')] }],
            yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ns}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, namespace: ns}\n',
            files: ['extra.yaml'],
          },
          { custom: false },
        ),
      ],
      dir,
    );
    expect(problems).toEqual([]);
    expect(objects.map((o) => o.path)).toEqual(['ns/configmap-a.yaml', 'ns/configmap-b.yaml', 'ns/configmap-c.yaml', 'ns/configmap-d.yaml', 'ns/configmap-from-file.yaml']);
    expect(new Set(objects.map((o) => o.source))).toEqual(new Set(['urn:pulumi:s::p::kubernetes:yaml/v2:ConfigGroup::group']));
  });

  it('keeps Secrets out of manifests and lists them', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: '[secret]' } };
    const { objects, secretsOmitted } = collectManifests([res('kubernetes:core/v1:Secret', 'db', secret), res('kubernetes:core/v1:ConfigMap', 'cm', cm('x', 'shop'))], '.');
    expect(objects.map((o) => o.id)).toEqual(['shop/ConfigMap/x']);
    expect(secretsOmitted).toEqual(['shop/Secret/db']);
  });

  it('adds the API group to file names only when two kinds of different groups share a name', () => {
    const gw = (apiVersion: string) => ({ apiVersion, kind: 'Gateway', metadata: { name: 'public', namespace: 'edge' }, spec: {} });
    const { objects } = collectManifests(
      [res('kubernetes:networking.istio.io/v1:Gateway', 'a', gw('networking.istio.io/v1')), res('kubernetes:gateway.networking.k8s.io/v1:Gateway', 'b', gw('gateway.networking.k8s.io/v1'))],
      '.',
    );
    expect(objects.map((o) => o.path)).toEqual(['edge/gateway.gateway.networking.k8s.io-public.yaml', 'edge/gateway.networking.istio.io-public.yaml']);
  });

  it('reports an object defined twice, naming both resources', () => {
    const { problems } = collectManifests([res('kubernetes:core/v1:ConfigMap', 'one', cm('x', 'ns')), res('kubernetes:core/v1:ConfigMap', 'two', cm('x', 'ns'))], '.');
    expect(problems).toEqual([
      {
        subject: 'ns/ConfigMap/x',
        path: '',
        message: 'is defined twice (by urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::one and urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::two); Kubernetes would keep only one',
      },
    ]);
  });

  it('reports objects without apiVersion or kind, unreadable files and invalid YAML', () => {
    const { problems } = collectManifests(
      [res('kubernetes:yaml/v2:ConfigGroup', 'g', { objs: [{ kind: 'ConfigMap', metadata: { name: 'x' } }], yaml: 'a: [', files: ['missing.yaml', 'https://example.com/x.yaml'] }, { custom: false })],
      tempDir(),
    );
    const urn = 'urn:pulumi:s::p::kubernetes:yaml/v2:ConfigGroup::g';
    expect(problems).toEqual([
      { subject: urn, path: 'yaml', message: 'is not valid YAML' },
      { subject: urn, path: 'files', message: '(missing.yaml) cannot be read (ENOENT)' },
      { subject: urn, path: 'files', message: '(https://example.com/x.yaml) cannot be read offline; use local file paths' },
      { subject: urn, path: 'apiVersion', message: 'is required on every Kubernetes object' },
    ]);
  });
});

describe('manifestFiles', () => {
  it('writes one file per object with a Source line, a kustomization per folder and one listing the folders', () => {
    const { objects } = collectManifests([res('kubernetes:core/v1:ConfigMap', 'a', cm('a', 'one')), res('kubernetes:core/v1:ConfigMap', 'b', cm('b', 'two'))], '.');
    const files = manifestFiles(objects);
    expect([...files.keys()].sort()).toEqual(['kustomization.yaml', 'one/configmap-a.yaml', 'one/kustomization.yaml', 'two/configmap-b.yaml', 'two/kustomization.yaml']);
    expect(files.get('one/configmap-a.yaml')).toBe(
      '# Source: urn:pulumi:s::p::kubernetes:core/v1:ConfigMap::a\napiVersion: v1\ndata:\n  a: "1"\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: one\n',
    );
    expect(files.get('kustomization.yaml')).toBe('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - one\n  - two\n');
  });
});

describe('Helm releases', () => {
  const release = res('kubernetes:helm.sh/v3:Release', 'istiod', {
    chart: 'istiod',
    name: 'istiod',
    namespace: 'istio-system',
    version: '1.30.3',
    repositoryOpts: { repo: 'https://istio-release.storage.googleapis.com/charts' },
    values: { pilot: { autoscaleMin: 2 }, global: { proxy: { resources: {} } } },
    createNamespace: true,
    compat: 'true',
  });

  it('describes chart, repository, version, namespace, values and the remaining options', () => {
    expect(collectHelmReleases([release])).toEqual([
      {
        release: 'istiod',
        namespace: 'istio-system',
        chart: 'istiod',
        repository: 'https://istio-release.storage.googleapis.com/charts',
        version: '1.30.3',
        values: { global: { proxy: { resources: {} } }, pilot: { autoscaleMin: 2 } },
        options: { createNamespace: true },
        source: release.urn,
        path: 'istio-system/istiod.yaml',
      },
    ]);
  });

  it('uses the resource name as release name and default as namespace when not set, and null for unpinned versions', () => {
    const [h] = collectHelmReleases([res('kubernetes:helm.sh/v4:Chart', 'loki', { chart: 'oci://registry/loki' }, { custom: false })]);
    expect([h.release, h.namespace, h.repository, h.version, h.path]).toEqual(['loki', 'default', null, null, 'default/loki.yaml']);
  });

  it('writes one YAML file per release under helm/<namespace>/', () => {
    expect(helmFiles(collectHelmReleases([release])).get('istio-system/istiod.yaml')).toBe(
      [
        '# Helm release rendered offline (chart not downloaded)',
        `# Source: ${release.urn}`,
        'release: istiod',
        'namespace: istio-system',
        'chart: istiod',
        'repository: https://istio-release.storage.googleapis.com/charts',
        'version: 1.30.3',
        'options:',
        '  createNamespace: true',
        'values:',
        '  global:',
        '    proxy:',
        '      resources: {}',
        '  pilot:',
        '    autoscaleMin: 2',
        '',
      ].join('\n'),
    );
  });
});

describe('computeWaves', () => {
  const node = (urn: string, deps: string[] = [], parent: string | null = null, provider: string | null = null) => ({ urn, dependencies: deps, parent, provider });

  it('is the longest path from a root over parent, provider and dependency edges', () => {
    const waves = computeWaves([node('stack'), node('net', [], 'stack'), node('cluster', ['net'], 'stack'), node('k8s', ['cluster'], 'stack'), node('ns', [], 'stack', 'k8s'), node('app', ['ns', 'net'], 'stack', 'k8s')]);
    expect(Object.fromEntries(waves)).toEqual({ stack: 0, net: 1, cluster: 2, k8s: 3, ns: 4, app: 5 });
  });

  it('ignores edges to resources outside the graph and rejects cycles', () => {
    expect(Object.fromEntries(computeWaves([node('a', ['elsewhere'])]))).toEqual({ a: 0 });
    expect(() => computeWaves([node('a', ['b']), node('b', ['a'])])).toThrow('dependency cycle through a');
  });
});

describe('secret masking', () => {
  const secret = (value: unknown) => ({ [WIRE.sigKey]: WIRE.secret, value });

  it('masks secret scalars, keeps the shape of secret objects and masks known secret text anywhere', () => {
    const masker = new Masker(['s3cr3t-token']);
    expect(
      masker.value({
        token: secret('abc'),
        config: secret({ url: 'https://hooks/s3cr3t-token', channel: '#ops' }),
        derived: 'Bearer s3cr3t-token',
        ref: { [WIRE.sigKey]: WIRE.resource, urn: 'urn:pulumi:s::p::t::n', id: 'x' },
        unknown: WIRE.unknown,
        asset: { [WIRE.sigKey]: WIRE.asset, path: './file.txt' },
      }),
    ).toEqual({
      asset: { path: './file.txt' },
      config: { channel: '#ops', url: 'https://hooks/[secret]' },
      derived: 'Bearer [secret]',
      ref: 'urn:pulumi:s::p::t::n',
      token: '[secret]',
      unknown: '[unknown]',
    });
  });

  it('masks Secret data wherever a Secret object appears, YAML text included', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password: 'cGFzcw==' }, stringData: { user: 'admin' } };
    expect(maskSecretObjectsDeep({ objs: [s] })).toEqual({ objs: [{ ...s, data: { password: '[secret]' }, stringData: { user: '[secret]' } }] });
    const text = maskSecretObjectsDeep('apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: cGFzcw==\n') as string;
    expect(text).toContain('password: "[secret]"');
    expect(text).not.toContain('cGFzcw==');
  });

  it('finds files that would contain a known secret (the last guard before writing)', () => {
    const files = new Map([
      ['a.yaml', 'url: https://hooks.example.com/T000/B000/very-secret'],
      ['b.yaml', 'url: "[secret]"'],
    ]);
    expect(findSecretsInFiles(files, new Masker(['very-secret']))).toEqual([
      { subject: 'a.yaml', path: '', message: 'would contain a secret value in plain text; pass it as a Pulumi secret or a Secret reference' },
    ]);
  });
});
