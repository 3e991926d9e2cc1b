/**
 * The part builders `Platform` and the layer programs share (packages/platform/parts.ts), under Pulumi mocks with
 * stand-in upstream resources: each part takes what it needs from the parts before it, waits for exactly what
 * they hand it, and hands on its own outputs. Resource names, parents and order of the whole platform are
 * covered by tests/platform/platform.test.ts and, for the layers, tests/layers.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { installRecordingMonitor, RecordedResource, ResourceGraph } from '../support/recording-monitor';
import { buildDelivery, buildMesh, buildObservability, type ClusterPart } from '../../packages/platform/parts';
import { PLATFORM_CONTRACT } from '../../packages/shared';

const monitor = installRecordingMonitor();

const MARKER = 'test:index:Marker';
const RELEASE = 'kubernetes:helm.sh/v3:Release';

/** A stand-in for an upstream resource (a release, a StackReference): something to wait for. */
class Marker extends pulumi.CustomResource {
  constructor(name: string) {
    super(MARKER, name, {}, {});
  }
}

/** A cluster part whose provider and `ready` resources are stand-ins named `<name>-...`. */
function clusterPart(name: string): ClusterPart {
  return {
    provider: new k8s.Provider(`${name}-provider`, { kubeconfig: 'mock' }),
    ready: [new Marker(`${name}-node-pool`)],
    project: 'acme-test',
    region: 'europe-west4',
    clusterName: `${name}-cluster`,
    workloadPool: 'acme-test.svc.id.goog',
  };
}

/** The mesh and observability stand-ins delivery takes. */
function upstreamOf(name: string, prometheusUrl: string) {
  const istiod = new Marker(`${name}-istiod`);
  const gateway = new Marker(`${name}-gateway`);
  const kubePrometheusStack = new Marker(`${name}-kube-prometheus-stack`);
  return {
    istiod,
    gateway,
    kubePrometheusStack,
    mesh: { controlPlane: istiod, routing: [istiod, gateway] },
    observability: { prometheus: { url: prometheusUrl, release: kubePrometheusStack }, monitoring: kubePrometheusStack },
  };
}

describe('part builders (mocked Pulumi)', () => {
  let graph: ResourceGraph;
  const url = 'http://prometheus.elsewhere.svc:9090';
  const withAddon = (() => {
    const cluster = clusterPart('d1');
    const upstream = upstreamOf('d1', url);
    const built = buildDelivery('d1', { cluster, mesh: upstream.mesh, observability: upstream.observability, addons: { argoRollouts: true } });
    return { cluster, upstream, built };
  })();
  const withoutAddon = (() => {
    const cluster = clusterPart('d2');
    const upstream = upstreamOf('d2', url);
    return buildDelivery('d2', { cluster, mesh: upstream.mesh, observability: upstream.observability });
  })();
  const cluster = clusterPart('m1');
  const mesh = buildMesh('m1', { cluster, istio: { ingress: { domains: ['apps.example.com', 'example.org'] } } });
  const istiod = new Marker('o1-istiod');
  const afterMesh = buildObservability('o1', { cluster: clusterPart('o1'), mesh: { controlPlane: istiod } });
  const besideMesh = buildObservability('o2', { cluster: clusterPart('o2') });

  beforeAll(async () => {
    graph = await monitor.settle();
  });

  const marker = (name: string): RecordedResource => graph.one(MARKER, name);

  it('delivery: Flagger queries the Prometheus of the observability part, whatever its URL', () => {
    const flagger = graph.one(RELEASE, 'd1-flagger-flagger');
    expect((flagger.inputs.values as Record<string, unknown>).metricsServer).toBe(url);
    expect(withAddon.built.flagger.metricsServer).toBe(url);
  });

  it("delivery: Flagger waits for the observability part's release and the mesh's routing (istiod, gateway)", () => {
    const flagger = graph.one(RELEASE, 'd1-flagger-flagger');
    for (const upstream of ['d1-kube-prometheus-stack', 'd1-istiod', 'd1-gateway']) expect(graph.dependsOn(flagger, marker(upstream))).toBe(true);
    expect((flagger.inputs.values as Record<string, unknown>).clusterName).toBe('d1-cluster');
    expect(graph.providerOf(flagger)?.name).toBe('d1-provider');
  });

  it("delivery: the Argo Rollouts controller waits for the mesh's control plane and the monitoring CRDs", () => {
    const release = graph.one(RELEASE, 'd1-argo-rollouts-release');
    expect(graph.dependsOn(release, marker('d1-istiod'))).toBe(true);
    expect(graph.dependsOn(release, marker('d1-kube-prometheus-stack'))).toBe(true);
    expect(graph.dependsOn(release, marker('d1-gateway'))).toBe(false);
  });

  it('delivery: hands workloads Flagger, the load tester, the add-on and the judge to wait for, and their namespaces', () => {
    const { built } = withAddon;
    const expected = [built.flagger.flagger, built.flagger.loadTester, built.argoRollouts?.release, built.judge?.objects];
    expect(built.part.ready).toHaveLength(expected.length);
    built.part.ready.forEach((resource, i) => expect(resource).toBe(expected[i]));
    expect(built.part.namespaces).toEqual({ flagger: 'flagger-system', argoRollouts: PLATFORM_CONTRACT.argoRolloutsNamespace });
    expect(built.part.loadTesterUrl).toBe(PLATFORM_CONTRACT.loadTesterUrl);
  });

  it('delivery: the canary judge reads the Prometheus of the observability part, after Flagger (its namespace)', () => {
    const judge = graph.one('kubernetes:yaml/v2:ConfigGroup', 'd1-judge-objects');
    expect(graph.dependsOn(judge, graph.one(RELEASE, 'd1-flagger-flagger'))).toBe(true);
    expect(graph.dependsOn(judge, marker('d1-kube-prometheus-stack'))).toBe(true);
    const deployment = (judge.inputs.objs as { kind: string; spec?: any }[]).find((o) => o.kind === 'Deployment');
    expect(deployment?.spec.template.spec.containers[0].command).toEqual(expect.arrayContaining(['--prometheus-url']));
    expect(graph.providerOf(judge)?.name).toBe('d1-provider');
  });

  it('delivery: without the add-on, no Argo Rollouts controller and nothing of it in the part', () => {
    expect(withoutAddon.argoRollouts).toBeUndefined();
    expect(graph.resources.filter((r) => r.name.startsWith('d2-argo-rollouts'))).toEqual([]);
    expect(withoutAddon.part.ready).toHaveLength(3);
    expect(withoutAddon.part.namespaces).toEqual({ flagger: 'flagger-system' });
  });

  it("mesh: Istio installs with the cluster part's provider after its `ready`, and hands on istiod, the gateway and the hosts", () => {
    const namespace = graph.one('kubernetes:core/v1:Namespace', 'm1-istio-system-ns');
    expect(graph.dependsOn(namespace, marker('m1-node-pool'))).toBe(true);
    expect(graph.providerOf(namespace)?.name).toBe('m1-provider');
    expect(mesh.part.controlPlane).toBe(mesh.istio.istiod);
    expect(mesh.part.routing).toHaveLength(2);
    expect(mesh.part.routing[0]).toBe(mesh.istio.istiod);
    expect(mesh.part.routing[1]).toBe(mesh.istio.gateway);
    expect(mesh.part.ready).toBe(mesh.istio.ready);
    expect(mesh.part.gatewayHost).toBe('apps.example.com');
    expect(mesh.part.gatewayHosts).toEqual(['apps.example.com', '*.apps.example.com', 'example.org', '*.example.org']);
    expect(mesh.part.namespaces).toEqual({ istio: 'istio-system', ingress: 'istio-ingress' });
  });

  it("observability: waits for the cluster part's `ready`, and for the mesh's control plane only when given", () => {
    const after = graph.one('kubernetes:core/v1:Namespace', 'o1-observability-ns');
    const beside = graph.one('kubernetes:core/v1:Namespace', 'o2-observability-ns');
    expect(graph.dependsOn(after, marker('o1-node-pool'))).toBe(true);
    expect(graph.dependsOn(after, marker('o1-istiod'))).toBe(true);
    expect(graph.dependsOn(beside, marker('o2-node-pool'))).toBe(true);
    expect(beside.dependencies.map((urn) => graph.get(urn)?.name)).toEqual(['o2-node-pool']);
  });

  it("observability: Loki's identity uses the cluster part's project, name and pool; the part hands on Prometheus", () => {
    const account = graph.one('gcp:serviceaccount/account:Account', 'o2-observability-loki-sa');
    expect(account.inputs).toMatchObject({ project: 'acme-test', accountId: 'o2-cluster-loki' });
    const identity = graph.one('gcp:serviceaccount/iAMMember:IAMMember', 'o2-observability-loki-workload-identity');
    expect(String(identity.inputs.member)).toContain('acme-test.svc.id.goog');
    expect(besideMesh.part.prometheus).toBe(besideMesh.observability.prometheus);
    expect(besideMesh.part.prometheus.url).toBe(PLATFORM_CONTRACT.prometheusUrl);
    expect(besideMesh.part.monitoring).toBe(besideMesh.observability.kubePrometheusStack);
    expect(afterMesh.part.namespace).toBe('monitoring');
  });
});
