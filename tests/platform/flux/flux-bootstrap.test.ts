import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { installRecordingMonitor, plainOccurrences } from '../../support/recording-monitor';
import { formatProblem } from '../../../packages/shared';
import { FLUX_API_VERSIONS, FLUX_CHART } from '../../../packages/shared/versions';
import { validateObject } from '../../../packages/validation';
import {
  FluxBootstrap,
  fluxRootKustomization,
  fluxSource,
  fluxValues,
  substitutionVariable,
  validateFluxBootstrapSettings,
  type FluxBootstrapSettings,
} from '../../../packages/platform/flux';

const monitor = installRecordingMonitor();

const GIT: FluxBootstrapSettings = { source: { kind: 'git', url: 'ssh://git@github.com/acme/platform-config' }, path: 'clusters/prod' };
const problems = (settings: unknown): string[] => validateFluxBootstrapSettings('prod', settings as FluxBootstrapSettings).map(formatProblem);

describe('Flux bootstrap renderers', () => {
  it('renders the default flux2 values (snapshot): CRDs, the four controllers with a memory limit, no image automation', () => {
    const values = fluxValues(GIT) as any;
    expect(values).toMatchSnapshot();
    expect(values.installCRDs).toBe(true);
    expect(values.imageAutomationController.create).toBe(false);
    expect(values.helmController.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '1Gi' } });
  });

  it('runs the image controllers with imageAutomation, and merges the escape hatch last', () => {
    const values = fluxValues({ ...GIT, imageAutomation: true, valuesOverrides: { logLevel: 'debug', helmController: { resources: { limits: { memory: '2Gi' } } } } }) as any;
    expect([values.imageAutomationController.create, values.imageReflectionController.create]).toEqual([true, true]);
    expect(values.logLevel).toBe('debug');
    expect(values.helmController.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '2Gi' } });
  });

  it('points a GitRepository at the branch (default main) and a secret when given', () => {
    expect(fluxSource(GIT)).toEqual({
      apiVersion: FLUX_API_VERSIONS.source,
      kind: 'GitRepository',
      metadata: { name: 'canary-platform', namespace: 'flux-system', labels: { 'app.kubernetes.io/component': 'flux', 'app.kubernetes.io/part-of': 'canary-platform' } },
      spec: { interval: '1m', ref: { branch: 'main' }, url: 'ssh://git@github.com/acme/platform-config' },
    });
    const withSecret = fluxSource({ ...GIT, source: { kind: 'git', url: 'https://github.com/acme/c', branch: 'release', secretName: 'deploy-key' }, interval: '30s' }) as any;
    expect(withSecret.spec).toEqual({ interval: '30s', ref: { branch: 'release' }, url: 'https://github.com/acme/c', secretRef: { name: 'deploy-key' } });
  });

  it('points an OCIRepository at the tag, with Workload Identity when the provider is gcp', () => {
    const oci = fluxSource({ source: { kind: 'oci', url: 'oci://europe-docker.pkg.dev/acme/config/platform', tag: 'prod', provider: 'gcp' }, path: 'prod' }) as any;
    expect([oci.kind, oci.spec]).toEqual(['OCIRepository', { interval: '1m', provider: 'gcp', ref: { tag: 'prod' }, url: 'oci://europe-docker.pkg.dev/acme/config/platform' }]);
  });

  it('roots Flux at <path>/gitops/flux, pruning, without waiting (each layer reports its own health)', () => {
    expect((fluxRootKustomization(GIT) as any).spec).toEqual({
      interval: '10m',
      path: './clusters/prod/gitops/flux',
      prune: true,
      retryInterval: '1m',
      sourceRef: { kind: 'GitRepository', name: 'canary-platform' },
      timeout: '5m',
      wait: false,
    });
  });

  it('renders objects that validate strictly against the Flux schemas', () => {
    const oci: FluxBootstrapSettings = { source: { kind: 'oci', url: 'oci://r/p', tag: 'prod' }, path: 'p' };
    expect([fluxSource(GIT), fluxSource(oci), fluxRootKustomization(GIT)].flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('names substitution variables after the stack keys', () => {
    expect(['slackWebhookUrl', 'grafanaAdminPassword', 'argoRolloutsSlackToken'].map(substitutionVariable)).toEqual([
      'SLACK_WEBHOOK_URL',
      'GRAFANA_ADMIN_PASSWORD',
      'ARGO_ROLLOUTS_SLACK_TOKEN',
    ]);
  });
});

describe('validateFluxBootstrapSettings (one test per rule, exact messages)', () => {
  it('accepts valid Git and OCI settings', () => {
    expect(problems(GIT)).toEqual([]);
    expect(problems({ source: { kind: 'oci', url: 'oci://r/p', tag: 'prod', provider: 'gcp' }, path: 'a/b', interval: '30s', imageAutomation: true })).toEqual([]);
  });

  it('rejects a source kind that is neither git nor oci', () => {
    expect(problems({ source: { kind: 'svn', url: 'x' }, path: 'p' })).toEqual(['prod: source.kind ("svn") must be one of: git, oci']);
  });

  it('rejects a Git URL that is not https:// or ssh://, and a bad branch', () => {
    expect(problems({ source: { kind: 'git', url: 'git@github.com:acme/c.git', branch: 'a b' }, path: 'p' })).toEqual([
      'prod: source.url ("git@github.com:acme/c.git") must be an https:// or ssh:// Git URL, e.g. ssh://git@github.com/acme/platform-config',
      'prod: source.branch ("a b") must be a branch name like main',
    ]);
  });

  it('rejects an OCI URL without oci://, a missing tag, an unknown provider, and a secret with provider gcp', () => {
    expect(problems({ source: { kind: 'oci', url: 'https://r/p', provider: 'aws' }, path: 'p' })).toEqual([
      'prod: source.url ("https://r/p") must be an oci:// URL, e.g. oci://europe-docker.pkg.dev/acme/config/platform',
      'prod: source.tag is required: the tag Flux follows, like prod',
      'prod: source.provider ("aws") must be one of: generic, gcp',
    ]);
    expect(problems({ source: { kind: 'oci', url: 'oci://r/p', tag: 't', provider: 'gcp', secretName: 's' }, path: 'p' })).toEqual([
      'prod: source.secretName ("s") is not used with provider gcp (Workload Identity); remove it or use provider generic',
    ]);
  });

  it('rejects a secret name that is not a Secret name', () => {
    expect(problems({ source: { kind: 'git', url: 'https://x/y', secretName: 'Deploy_Key' }, path: 'p' })).toEqual([
      "prod: source.secretName (\"Deploy_Key\") must be a Secret name (lower-case letters, digits, '-' and '.')",
    ]);
  });

  it('rejects a path that is absolute, empty or climbs out of the repository', () => {
    for (const path of ['/clusters/prod', '', 'clusters/../prod', 'clusters//prod', './clusters']) {
      expect(problems({ ...GIT, path })).toEqual([`prod: path (${JSON.stringify(path)}) must be a folder of the repository like clusters/prod: relative, no '.' or '..' segments`]);
    }
  });

  it('rejects an interval that is not a duration, imageAutomation that is not a boolean, and a lower-case variable', () => {
    expect(problems({ ...GIT, interval: '5 minutes', imageAutomation: 'yes', substitutions: { slack: 'x' } })).toEqual([
      'prod: interval ("5 minutes") must be a duration like 1m or 30s',
      'prod: imageAutomation ("yes") must be true or false',
      'prod: substitutions.slack must be an upper-case variable name like SLACK_WEBHOOK_URL',
    ]);
  });

  it('rejects arguments or a source that are not objects', () => {
    expect(problems(undefined)).toHaveLength(1);
    expect(problems({ path: 'p' })).toHaveLength(1);
  });
});

describe('FluxBootstrap (mocked Pulumi)', () => {
  it('installs the pinned flux2 chart after the cluster, then the source and the root Kustomization, with the explicit provider', async () => {
    const provider = new k8s.Provider('cluster', { kubeconfig: 'mock' });
    const nodePool = new k8s.core.v1.ConfigMap('node-pool', { data: {} }, { provider });
    new FluxBootstrap('prod-flux', { ...GIT, provider, dependsOn: [nodePool], substitutions: { SLACK_WEBHOOK_URL: pulumi.secret('https://hooks.example/never-plain') } });
    const graph = await monitor.settle();

    const component = graph.one('canary-platform:flux:FluxBootstrap', 'prod-flux');
    const namespace = graph.one('kubernetes:core/v1:Namespace', 'prod-flux-namespace');
    const release = graph.one('kubernetes:helm.sh/v3:Release', 'prod-flux-release');
    const secret = graph.one('kubernetes:core/v1:Secret', 'prod-flux-substitutions');
    const source = graph.one('kubernetes:source.toolkit.fluxcd.io/v1:GitRepository', 'prod-flux-source');
    const root = graph.one('kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization', 'prod-flux-root');
    const providerResource = graph.one('pulumi:providers:kubernetes', 'cluster');
    for (const child of [namespace, release, secret, source, root]) {
      expect(graph.parentOf(child)?.urn).toBe(component.urn);
      expect(graph.providerOf(child)?.urn).toBe(providerResource.urn);
    }
    expect([release.inputs.chart, release.inputs.version, release.inputs.repositoryOpts, release.inputs.namespace]).toEqual([
      'flux2',
      FLUX_CHART.version,
      { repo: FLUX_CHART.repo },
      'flux-system',
    ]);
    expect(graph.dependsOn(namespace, graph.one('kubernetes:core/v1:ConfigMap', 'node-pool'))).toBe(true);
    expect(graph.dependsOn(release, namespace)).toBe(true);
    expect(graph.dependsOn(source, release)).toBe(true);
    expect([graph.dependsOn(root, release), graph.dependsOn(root, source), graph.dependsOn(root, secret)]).toEqual([true, true, true]);
    expect((secret.inputs.metadata as any).name).toBe('canary-platform-secrets');
    for (const resource of graph.resources) expect(plainOccurrences(resource.inputs, 'https://hooks.example/never-plain')).toEqual([]);
  });

  it('creates no substitution Secret when there is nothing to substitute', async () => {
    const provider = new k8s.Provider('cluster2', { kubeconfig: 'mock' });
    new FluxBootstrap('dev-flux', { ...GIT, provider });
    const graph = await monitor.settle();
    expect(graph.resources.filter((r) => r.name === 'dev-flux-substitutions')).toEqual([]);
  });

  it('refuses invalid settings before creating anything, naming every problem', async () => {
    const provider = new k8s.Provider('cluster3', { kubeconfig: 'mock' });
    expect(() => new FluxBootstrap('bad', { source: { kind: 'git', url: 'ftp://x' }, path: '../up', provider })).toThrow(
      [
        'FluxBootstrap bad: invalid arguments',
        '  - bad: source.url ("ftp://x") must be an https:// or ssh:// Git URL, e.g. ssh://git@github.com/acme/platform-config',
        "  - bad: path (\"../up\") must be a folder of the repository like clusters/prod: relative, no '.' or '..' segments",
      ].join('\n'),
    );
    const graph = await monitor.settle();
    expect(graph.resources.filter((r) => r.name.startsWith('bad-'))).toEqual([]);
  });
});
