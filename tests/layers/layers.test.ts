/**
 * The layer programs under Pulumi mocks, each in its own project, each reading the outputs the layers before
 * it exported through StackReferences: together they build exactly what the single program builds (same
 * resources, names and inputs), with the upstream stacks as the only links between them.
 */
import { join } from 'node:path';
import { PLATFORM_CONTRACT } from '../../packages/shared';
import { layerOrder, layerProject } from '../../stacks/layers/layers';
import type { LayerName } from '../../stacks/layers/layers';
import { layerProgram } from '../../stacks/layers/program';
import { installRecordingMonitor, isRecordedSecret, RecordedResource, ResourceGraph } from '../support/recording-monitor';
import { ORGANIZATION, renderAllLayers, renderLayer, renderSingleProgram, RenderedProgram, stackConfig, UpstreamOutputs } from './layer-support';
import { expectOnlyWarnings, MISSING_WEBHOOK_SECRET } from '../support/console-capture';

// The stack files set alert channels without their webhook secrets: the program warns, as it does for a user.
expectOnlyWarnings(MISSING_WEBHOOK_SECRET);

const ORDER = layerOrder().map((l) => l.name);
const STACK_REFERENCE = 'pulumi:pulumi:StackReference';
const K8S_PROVIDER = 'pulumi:providers:kubernetes';

/** `type::name` of every resource a program registered, sorted (a multiset). */
function inventory(graph: ResourceGraph): string[] {
  return graph.resources.map((r) => `${r.type}::${r.name}`).sort();
}

function references(graph: ResourceGraph): string[] {
  return graph.ofType(STACK_REFERENCE).map((r) => String(r.inputs.name)).sort();
}

describe.each(['prod', 'staging', 'dr'])('layers of stack %s (mocked)', (stack) => {
  let single: RenderedProgram;
  let layers: Map<LayerName, RenderedProgram>;

  beforeAll(async () => {
    const config = stackConfig(stack);
    single = await renderSingleProgram(config, stack);
    layers = await renderAllLayers(config, stack, ORDER);
  });

  const layer = (name: LayerName): RenderedProgram => layers.get(name) as RenderedProgram;

  it('together register every resource of the single program, plus only stack references and providers', () => {
    const fromLayers = ORDER.flatMap((name) => inventory(layer(name).graph));
    const singleOnly = inventory(single.graph).filter((id) => !id.startsWith('canary-platform:platform:Platform::'));
    const extra = [...fromLayers];
    for (const id of singleOnly) {
      const i = extra.indexOf(id);
      expect(i).toBeGreaterThanOrEqual(0);
      extra.splice(i, 1);
    }
    const name = stackConfig(stack).cluster.name;
    const downstream = ORDER.filter((l) => l !== 'cluster');
    expect(extra.sort()).toEqual(
      [
        ...downstream.map(() => `${K8S_PROVIDER}::${name}-k8s`),
        ...['cluster', 'cluster', 'cluster', 'cluster', 'mesh', 'observability', 'delivery'].map((l) => `${STACK_REFERENCE}::upstream-${l}`),
      ].sort(),
    );
  });

  it('give every shared resource the same inputs as the single program', () => {
    const all = ORDER.flatMap((name) => layer(name).graph.resources);
    const mismatches: string[] = [];
    for (const resource of single.graph.resources.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'))) {
      const twin = all.find((r) => r.type === resource.type && r.name === resource.name) as RecordedResource;
      try {
        expect(twin.inputs).toEqual(resource.inputs);
      } catch {
        mismatches.push(`${resource.type}::${resource.name}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('export what the single program exports, split by layer', () => {
    const o = single.outputs;
    expect(layer('cluster').outputs).toMatchObject({ clusterName: o.clusterName, endpoint: o.endpoint, kubeconfig: o.kubeconfig });
    expect(layer('mesh').outputs).toEqual({
      gatewayName: o.gatewayName,
      gatewayHost: o.gatewayHost,
      gatewayHosts: o.gatewayHosts,
      namespaces: { istio: (o.namespaces as Record<string, string>).istio, ingress: (o.namespaces as Record<string, string>).ingress },
    });
    expect(layer('observability').outputs).toMatchObject({ prometheusUrl: o.prometheusUrl, lokiBucket: o.lokiBucket });
    expect(layer('delivery').outputs).toMatchObject({ loadTesterUrl: o.loadTesterUrl });
    expect(layer('services').outputs).toEqual({ services: o.services });
  });
});

describe('layers of the prod stack (mocked): links between stacks', () => {
  let layers: Map<LayerName, RenderedProgram>;
  beforeAll(async () => {
    layers = await renderAllLayers(stackConfig('prod'), 'prod', ORDER);
  });
  const graph = (name: LayerName): ResourceGraph => (layers.get(name) as RenderedProgram).graph;

  it('opens a StackReference to each layer it depends on, plus cluster for the kubeconfig', () => {
    expect(references(graph('cluster'))).toEqual([]);
    expect(references(graph('mesh'))).toEqual(['organization/canary-platform-cluster/prod']);
    // Observability does not wait for Istio: it runs beside the mesh layer.
    expect(references(graph('observability'))).toEqual(['organization/canary-platform-cluster/prod']);
    expect(references(graph('delivery'))).toEqual([
      'organization/canary-platform-cluster/prod',
      'organization/canary-platform-mesh/prod',
      'organization/canary-platform-observability/prod',
    ]);
    expect(references(graph('services'))).toEqual(['organization/canary-platform-cluster/prod', 'organization/canary-platform-delivery/prod']);
  });

  it.each(['mesh', 'observability', 'delivery', 'services'] as const)(
    '%s installs every Kubernetes resource with a provider built from the cluster layer kubeconfig (kept secret)',
    (name) => {
      const g = graph(name);
      const [provider] = g.ofType(K8S_PROVIDER);
      const kubeconfig = provider.inputs.kubeconfig;
      expect(isRecordedSecret(kubeconfig)).toBe(true);
      expect((kubeconfig as { value: unknown }).value).toBe((layers.get('cluster') as RenderedProgram).outputs.kubeconfig);
      const kube = g.resources.filter((r) => r.custom && r.type.startsWith('kubernetes:'));
      expect(kube.length).toBeGreaterThan(0);
      for (const r of kube) expect(g.providerOf(r)?.urn).toBe(provider.urn);
    },
  );

  it('installs Flagger after the mesh and observability stacks, pointed at the Prometheus the observability layer exports', () => {
    const g = graph('delivery');
    const flagger = g.one('kubernetes:helm.sh/v3:Release', 'canary-prod-flagger-flagger');
    const ref = (layer: string): RecordedResource => g.one(STACK_REFERENCE, `upstream-${layer}`);
    expect(g.dependsOn(flagger, ref('mesh'))).toBe(true);
    expect(g.dependsOn(flagger, ref('observability'))).toBe(true);
    expect((flagger.inputs.values as Record<string, unknown>).metricsServer).toBe(PLATFORM_CONTRACT.prometheusUrl);
    expect((layers.get('observability') as RenderedProgram).outputs.prometheusUrl).toBe(PLATFORM_CONTRACT.prometheusUrl);
  });

  it("points Flagger at the observability layer's Prometheus and the services at what delivery exports, not at constants", async () => {
    const config = stackConfig('prod');
    const upstream: UpstreamOutputs = {};
    for (const name of ORDER) {
      upstream[`${ORGANIZATION}/${layerProject(name)}/prod`] = {
        outputs: { ...(layers.get(name) as RenderedProgram).outputs },
        secretOutputNames: name === 'cluster' ? ['kubeconfig'] : [],
      };
    }
    const prometheusUrl = 'http://prometheus.elsewhere.svc:9090';
    upstream[`${ORGANIZATION}/${layerProject('observability')}/prod`].outputs.prometheusUrl = prometheusUrl;
    const delivery = await renderLayer('delivery', config, 'prod', upstream);
    const flagger = delivery.graph.one('kubernetes:helm.sh/v3:Release', 'canary-prod-flagger-flagger');
    expect((flagger.inputs.values as Record<string, unknown>).metricsServer).toBe(prometheusUrl);
    expect(delivery.outputs).toMatchObject({ prometheusUrl, gatewayName: PLATFORM_CONTRACT.gateway });

    const endpoints = { prometheusUrl, loadTesterUrl: 'http://load-tester.elsewhere/', gatewayName: 'edge/other-gateway' };
    Object.assign(upstream[`${ORGANIZATION}/${layerProject('delivery')}/prod`].outputs, endpoints);
    const services = await renderLayer('services', config, 'prod', upstream);
    const rendered = JSON.stringify(services.graph.ofType('kubernetes:yaml/v2:ConfigGroup').map((group) => group.inputs));
    for (const value of Object.values(endpoints)) expect(rendered).toContain(value);
    for (const constant of [PLATFORM_CONTRACT.prometheusUrl, PLATFORM_CONTRACT.loadTesterUrl, PLATFORM_CONTRACT.gateway]) {
      expect(rendered).not.toContain(constant);
    }
  });

  it('deploys the services after the delivery stack', () => {
    const g = graph('services');
    const ns = g.one('kubernetes:core/v1:Namespace', 'canary-prod-services-demo-ns');
    expect(g.dependsOn(ns, g.one(STACK_REFERENCE, 'upstream-delivery'))).toBe(true);
  });

  it('keeps the cluster and the Loki bucket protected and the bucket versioned', () => {
    expect(graph('cluster').one('gcp:container/cluster:Cluster', 'canary-prod-gke-cluster').protect).toBe(true);
    const bucket = graph('observability').one('gcp:storage/bucket:Bucket', 'canary-prod-observability-loki-bucket');
    expect(bucket.protect).toBe(true);
    expect(bucket.inputs).toMatchObject({ versioning: { enabled: true }, forceDestroy: false });
  });

  it('exports the backup plan of the cluster under the id GkeCluster gives it', () => {
    const plan = graph('cluster').one('gcp:gkebackup/backupPlan:BackupPlan', 'canary-prod-gke-backup').inputs;
    expect((layers.get('cluster') as RenderedProgram).outputs.backupPlan).toBe(`projects/${String(plan.project)}/locations/${String(plan.location)}/backupPlans/${String(plan.name)}`);
    expect((layers.get('cluster') as RenderedProgram).outputs).not.toHaveProperty('restorePlan');
  });
});

describe('the dr stack cluster layer (mocked)', () => {
  it('adds the restore plan from the prod backup plan and exports it', async () => {
    const { graph, outputs } = await renderLayer('cluster', stackConfig('dr'), 'dr', {});
    const plan = graph.one('gcp:gkebackup/restorePlan:RestorePlan', 'canary-prod-ew1-restore-plan');
    expect(plan.inputs).toMatchObject({
      location: 'europe-west1',
      backupPlan: 'projects/acme-canary-prod/locations/europe-west4/backupPlans/canary-prod-stateful',
      restoreConfig: { selectedNamespaces: { namespaces: ['monitoring'] } },
    });
    expect(graph.dependsOn(plan, graph.one('gcp:container/cluster:Cluster', 'canary-prod-ew1-gke-cluster'))).toBe(true);
    expect(outputs.restorePlan).toBe('canary-prod-ew1-restore-plan-id');
    expect(outputs.backupPlan).toBe('projects/acme-canary-prod/locations/europe-west1/backupPlans/canary-prod-ew1-stateful');
  });
});

describe('layerProgram', () => {
  it('refuses to run in another project than its own', () => {
    installRecordingMonitor({ project: 'canary-platform', stack: 'prod' });
    expect(() => layerProgram('mesh')()).toThrow(
      'the mesh layer program must run in project canary-platform-mesh, not canary-platform (see stacks/layers/mesh/Pulumi.yaml)',
    );
  });
});

describe('a layer project entry (stacks/layers/<layer>/index.ts)', () => {
  it('runs as a Pulumi program in its own project: the cluster layer through the offline engine', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runProgramOffline } = require('../../tools/offline/engine') as typeof import('../../tools/offline/engine');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readProject, readStackConfig } = require('../../tools/offline/stack-files') as typeof import('../../tools/offline/stack-files');
    const root = join(__dirname, '..', '..');
    const stackFile = readStackConfig(readProject(root), 'prod');
    const run = await runProgramOffline({
      project: 'canary-platform-cluster',
      stack: 'prod',
      program: join(root, 'stacks', 'layers', 'cluster'),
      config: stackFile.config,
      secretKeys: stackFile.secretKeys,
      rootDirectory: join(root, 'stacks', 'layers', 'cluster'),
    });
    const types = new Set(run.registrations.map((r) => r.type));
    expect(types.has('gcp:container/cluster:Cluster')).toBe(true);
    expect([...types].filter((t) => t.startsWith('kubernetes:'))).toEqual([]);
    expect(Object.keys(run.stackOutputs).sort()).toEqual(['backupPlan', 'clusterName', 'endpoint', 'kubeconfig', 'project', 'region', 'workloadPool']);
  });
});
