/**
 * examples/team-stack under Pulumi mocks: a team's own Pulumi project that imports the package by name, reads the
 * platform's outputs through a StackReference and deploys two CanaryServices through deployCanaryChart.
 */
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from 'canary-platform';
import { validateObject, validateQueriesIn } from 'canary-platform/validation';
import { assertTeamNamespace, readPlatform, teamStack, type TeamStackOutputs } from '../../examples/team-stack/team-stack';
import { installRecordingMonitor, isRecordedSecret, plainOccurrences, type RecordedResource, type ResourceGraph } from '../support/recording-monitor';

const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: [{name: gke, cluster: {server: "https://203.0.113.10"}}]\n';

/** What `pulumi stack output` of the platform's prod stack holds (stacks/platform/index.ts). */
const PLATFORM_OUTPUTS = {
  clusterName: 'canary-prod',
  kubeconfig: KUBECONFIG,
  namespaces: { flagger: 'flagger-system', ingress: 'istio-ingress', istio: 'istio-system', monitoring: 'monitoring' },
  gatewayName: 'istio-ingress/public-gateway',
  gatewayHost: 'apps.acme.example',
  gatewayHosts: ['apps.acme.example'],
  prometheusUrl: 'http://prometheus.monitoring.svc:9090',
  loadTesterUrl: 'http://loadtester.flagger-system.svc/',
};

/** Stacks the mock StackReferences can read, by fully qualified name. */
const STACKS: Record<string, Record<string, unknown>> = {
  'acme/canary-platform/prod': PLATFORM_OUTPUTS,
  'acme/canary-platform/staging': { ...PLATFORM_OUTPUTS, gatewayHost: 'staging.acme.example' },
  'acme/network/prod': { vpc: 'vpc-1' },
};

const openedReferences: string[] = [];

const mocks: pulumi.runtime.Mocks = {
  newResource(args) {
    if (args.type === 'pulumi:pulumi:StackReference') {
      const name = String(args.inputs.name);
      openedReferences.push(name);
      return { id: name, state: { name, outputs: STACKS[name] ?? {}, secretOutputNames: ['kubeconfig'] } };
    }
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call(args) {
    return args.inputs;
  },
};

/** Mocks for project team-shop in organization acme (the default platform stack is `<org>/canary-platform/prod`). */
function installTeamMocks(config: Record<string, string> = {}) {
  const monitor = installRecordingMonitor({ mocks, project: 'team-shop', stack: 'dev', organization: 'acme' });
  pulumi.runtime.setAllConfig(config);
  openedReferences.length = 0;
  return monitor;
}

function objectsOf(group: RecordedResource): KubeObject[] {
  return group.inputs.objs as KubeObject[];
}

/** The parts of a Flagger Canary these tests read. */
interface CanaryObject extends KubeObject {
  readonly spec: { readonly service: { readonly gateways: string[]; readonly hosts: string[] }; readonly analysis: { readonly webhooks?: { readonly url: string }[] } };
}

function canariesOf(objs: readonly KubeObject[]): CanaryObject[] {
  return objs.filter((o): o is CanaryObject => o.kind === 'Canary');
}

describe('examples/team-stack (default configuration)', () => {
  let graph: ResourceGraph;
  let outputs: TeamStackOutputs;

  beforeAll(async () => {
    const monitor = installTeamMocks();
    expect(pulumi.getOrganization()).toBe('acme');
    outputs = await teamStack();
    graph = await monitor.settle();
  });

  it('is the function index.ts exports (Pulumi calls it and exports what it returns)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../../examples/team-stack')).toBe(teamStack);
  });

  it('reads the platform through a StackReference to <org>/canary-platform/prod', () => {
    expect(openedReferences).toEqual(['acme/canary-platform/prod']);
  });

  it('builds its Kubernetes provider from the platform kubeconfig, which stays a secret', () => {
    const provider = graph.one('pulumi:providers:kubernetes', 'platform-cluster');
    expect(isRecordedSecret(provider.inputs.kubeconfig)).toBe(true);
    expect((provider.inputs.kubeconfig as { value: unknown }).value).toBe(KUBECONFIG);
    expect(plainOccurrences(graph.resources.map((r) => r.inputs), 'https://203.0.113.10')).toEqual([]);
  });

  it('creates the team namespace with Istio sidecar injection through that provider', () => {
    const namespace = graph.one('kubernetes:core/v1:Namespace', 'shop-namespace');
    expect(namespace.inputs).toMatchObject({ metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
    expect(graph.providerOf(namespace)?.name).toBe('platform-cluster');
  });

  it('deploys both CanaryServices as one ConfigGroup through the provider, after the namespace', () => {
    const group = graph.one('kubernetes:yaml/v2:ConfigGroup', 'shop-services');
    expect(graph.providerOf(group)?.name).toBe('platform-cluster');
    expect(graph.dependsOn(group, graph.one('kubernetes:core/v1:Namespace', 'shop-namespace'))).toBe(true);
    const canaries = canariesOf(objectsOf(group));
    expect(canaries.map((c) => `${c.metadata.namespace}/${c.metadata.name}`)).toEqual(['shop/checkout', 'shop/storefront']);
  });

  it('renders the services from the platform outputs: gateway, host, Prometheus and loadtester', () => {
    const objs = objectsOf(graph.one('kubernetes:yaml/v2:ConfigGroup', 'shop-services'));
    const storefront = canariesOf(objs).find((o) => o.metadata.name === 'storefront') as CanaryObject;
    expect(storefront.spec.service.gateways).toContain('istio-ingress/public-gateway');
    expect(storefront.spec.service.hosts).toContain('storefront.apps.acme.example');
    const templates = objs.filter((o) => o.kind === 'MetricTemplate') as Array<KubeObject & { spec: { provider: { address: string } } }>;
    expect(templates.length).toBeGreaterThan(0);
    for (const t of templates) expect(t.spec.provider.address).toBe(PLATFORM_OUTPUTS.prometheusUrl);
    const hookUrls = canariesOf(objs).flatMap((c) => (c.spec.analysis.webhooks ?? []).map((w) => w.url));
    expect(hookUrls.length).toBeGreaterThan(0);
    for (const url of hookUrls) expect(url.startsWith(PLATFORM_OUTPUTS.loadTesterUrl)).toBe(true);
  });

  it('deploys only objects that validate against their schemas, with parseable PromQL', () => {
    const objs = objectsOf(graph.one('kubernetes:yaml/v2:ConfigGroup', 'shop-services'));
    expect(objs.flatMap((o) => validateObject(o))).toEqual([]);
    expect(validateQueriesIn(objs)).toEqual([]);
  });

  it('exports the namespace, the services and their public URLs', () => {
    expect(outputs).toEqual({ namespace: 'shop', services: ['shop/storefront', 'shop/checkout'], urls: ['https://storefront.apps.acme.example'] });
  });
});

describe('examples/team-stack (configured)', () => {
  it('reads the platform stack and namespace named in its config', async () => {
    const monitor = installTeamMocks({ 'team-shop:platformStack': 'acme/canary-platform/staging', 'team-shop:namespace': 'payments' });
    const outputs = await teamStack();
    const graph = await monitor.settle();
    expect(openedReferences).toEqual(['acme/canary-platform/staging']);
    expect(outputs.urls).toEqual(['https://storefront.staging.acme.example']);
    expect(objectsOf(graph.one('kubernetes:yaml/v2:ConfigGroup', 'payments-services')).every((o) => o.metadata.namespace === 'payments')).toBe(true);
  });
});

describe('examples/team-stack failure paths', () => {
  it('names every missing platform output when the referenced stack is not a canary-platform stack', async () => {
    installTeamMocks();
    const ref = new pulumi.StackReference('acme/network/prod');
    await expect(readPlatform(ref, 'acme/network/prod')).rejects.toThrow(
      [
        'Cannot use the platform stack acme/network/prod',
        '  - acme/network/prod: outputs.gatewayName (undefined) must be a non-empty string; is this a canary-platform stack?',
        '  - acme/network/prod: outputs.gatewayHost (undefined) must be a non-empty string; is this a canary-platform stack?',
        '  - acme/network/prod: outputs.prometheusUrl (undefined) must be a non-empty string; is this a canary-platform stack?',
        '  - acme/network/prod: outputs.loadTesterUrl (undefined) must be a non-empty string; is this a canary-platform stack?',
        '  - acme/network/prod: outputs.namespaces (undefined) must be the platform namespaces object; is this a canary-platform stack?',
      ].join('\n'),
    );
  });

  it('refuses a team namespace that belongs to the platform', () => {
    expect(() => assertTeamNamespace('monitoring', PLATFORM_OUTPUTS.namespaces)).toThrow(
      "Invalid team stack configuration\n  - team-shop: namespace (monitoring) is the platform's monitoring namespace; choose a namespace other than flagger-system, istio-ingress, istio-system, monitoring",
    );
  });

  it('fails the program before creating anything when the namespace is taken', async () => {
    const monitor = installTeamMocks({ 'team-shop:namespace': 'istio-system' });
    await expect(teamStack()).rejects.toThrow("team-shop: namespace (istio-system) is the platform's istio namespace");
    expect((await monitor.settle()).resources.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
  });
});
