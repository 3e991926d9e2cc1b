/**
 * The layer programs: each builds one part of the platform from the same validated stack configuration
 * (`Pulumi.<stack>.yaml`, shared by every layer project through `stackConfigDir`), with the part builders
 * `Platform` uses (packages/platform/parts.ts, which states the order and why), giving each the outputs of its
 * upstream layers, read through StackReferences. Together they build what the single program
 * (`stacks/platform/index.ts`) builds, with the same resource names; `tests/layers` proves it.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { backupPlanId } from '../../packages/platform/disaster-recovery';
import { buildCluster, buildDelivery, buildMesh, buildObservability, type ClusterPart } from '../../packages/platform/parts';
import type { PlatformArgs } from '../../packages/platform';
import { loadStackConfig, StackConfig } from '../platform/config';
import { platformArgs } from '../platform/program';
import { buildRestorePlan } from '../platform/restore';
import { buildWorkloads, workloadSpecs } from '../platform/workloads';
import { LayerName, layerOfProject } from './layers';
import { LayerExports, openUpstreamStacks, UpstreamStacks } from './references';

/**
 * The Platform's typed arguments for one layer. Alert receivers belong to the observability layer: elsewhere
 * they are left out, so only that layer warns about a channel whose webhook secret is not set.
 */
function layerArgs(config: StackConfig, layer: LayerName): PlatformArgs {
  return platformArgs(layer === 'observability' ? config : { ...config, alerts: {} });
}

/** The Kubernetes provider of a downstream layer: the cluster layer's kubeconfig, server-side apply. */
function clusterProvider(config: StackConfig, upstream: UpstreamStacks): k8s.Provider {
  return new k8s.Provider(
    `${config.cluster.name}-k8s`,
    { kubeconfig: upstream.output('cluster', 'kubeconfig'), enableServerSideApply: true },
    { dependsOn: [upstream.reference('cluster')] },
  );
}

/** The cluster as a downstream layer installs on it: the provider from its kubeconfig, its stack to wait for. */
function clusterAccess(config: StackConfig, upstream: UpstreamStacks): Pick<ClusterPart, 'provider' | 'ready'> {
  return { provider: clusterProvider(config, upstream), ready: [upstream.reference('cluster')] };
}

/** The whole cluster part as a downstream layer sees it: {@link clusterAccess} and the cluster layer's outputs. */
async function clusterPart(config: StackConfig, upstream: UpstreamStacks): Promise<ClusterPart> {
  const [project, region, clusterName, workloadPool] = await Promise.all([
    upstream.value('cluster', 'project'),
    upstream.value('cluster', 'region'),
    upstream.value('cluster', 'clusterName'),
    upstream.value('cluster', 'workloadPool'),
  ]);
  return { ...clusterAccess(config, upstream), project, region, clusterName, workloadPool };
}

/** `cluster`: network, GKE cluster, node pools, Backup for GKE plan, restore plan when configured. */
export function buildClusterLayer(config: StackConfig): LayerExports<'cluster'> {
  const { gke } = buildCluster(config.cluster.name, layerArgs(config, 'cluster').cluster);
  const restore = buildRestorePlan(config, gke);
  return {
    clusterName: gke.clusterName,
    endpoint: gke.endpoint,
    kubeconfig: gke.kubeconfig,
    workloadPool: gke.workloadPool,
    project: config.project,
    region: config.region,
    ...(gke.settings.backup !== false ? { backupPlan: backupPlanId(config.project, config.region, gke.settings.clusterName) } : {}),
    ...(restore ? { restorePlan: restore.planId } : {}),
  };
}

/** `mesh`: Istio and the shared ingress Gateway. */
export function buildMeshLayer(config: StackConfig, upstream: UpstreamStacks): LayerExports<'mesh'> {
  const { part } = buildMesh(config.cluster.name, { cluster: clusterAccess(config, upstream), istio: layerArgs(config, 'mesh').istio });
  return { gatewayName: part.gatewayName, gatewayHost: part.gatewayHost, gatewayHosts: part.gatewayHosts, namespaces: part.namespaces };
}

/** `observability`: Prometheus, Grafana, Alertmanager, Loki and Alloy; beside `mesh` (see parts.ts for why). */
export async function buildObservabilityLayer(config: StackConfig, upstream: UpstreamStacks): Promise<LayerExports<'observability'>> {
  const cluster = await clusterPart(config, upstream);
  const { observability } = buildObservability(config.cluster.name, { cluster, observability: layerArgs(config, 'observability').observability });
  return {
    prometheusUrl: observability.prometheus.url,
    lokiUrl: observability.lokiUrl,
    lokiBucket: observability.lokiBucket.name,
    namespace: observability.namespace,
  };
}

/**
 * `delivery`: Flagger and flagger-loadtester, and the Argo Rollouts controller when the add-on is on. The mesh
 * and observability stacks stand for what they wait for; Prometheus's URL is the observability layer's output.
 */
export async function buildDeliveryLayer(config: StackConfig, upstream: UpstreamStacks): Promise<LayerExports<'delivery'>> {
  const args = layerArgs(config, 'delivery');
  const [clusterName, prometheusUrl, gatewayName] = await Promise.all([
    upstream.value('cluster', 'clusterName'),
    upstream.value('observability', 'prometheusUrl'),
    upstream.value('mesh', 'gatewayName'),
  ]);
  const mesh = upstream.reference('mesh');
  const observability = upstream.reference('observability');
  const { part } = buildDelivery(config.cluster.name, {
    cluster: { provider: clusterAccess(config, upstream).provider, clusterName },
    mesh: { controlPlane: mesh, routing: [mesh] },
    observability: { prometheus: { url: prometheusUrl, release: observability }, monitoring: observability },
    flagger: args.flagger,
    addons: args.addons,
    ...(args.judge ? { judge: args.judge } : {}),
  });
  return { loadTesterUrl: part.loadTesterUrl, prometheusUrl, gatewayName, namespaces: part.namespaces };
}

/** `services`: the stack's CanaryServices, after the delivery stack, on the endpoints it exports. */
export async function buildServicesLayer(config: StackConfig, upstream: UpstreamStacks): Promise<LayerExports<'services'>> {
  if (workloadSpecs(config).length === 0) return { services: [] };
  const [prometheusUrl, loadTesterUrl, gatewayName] = await Promise.all([
    upstream.value('delivery', 'prometheusUrl'),
    upstream.value('delivery', 'loadTesterUrl'),
    upstream.value('delivery', 'gatewayName'),
  ]);
  const platform = { provider: clusterProvider(config, upstream), ready: [upstream.reference('delivery')], prometheusUrl, loadTesterUrl, gatewayName };
  return { services: buildWorkloads(config, platform) };
}

/** Builds `layer` from the configuration and its upstream stacks; resolves to its stack outputs. */
export async function buildLayer<L extends LayerName>(layer: L, config: StackConfig, upstream: UpstreamStacks): Promise<LayerExports<L>> {
  const builders: { readonly [K in LayerName]: () => LayerExports<K> | Promise<LayerExports<K>> } = {
    cluster: () => buildClusterLayer(config),
    mesh: () => buildMeshLayer(config, upstream),
    observability: () => buildObservabilityLayer(config, upstream),
    delivery: () => buildDeliveryLayer(config, upstream),
    services: () => buildServicesLayer(config, upstream),
  };
  return (await builders[layer]()) as LayerExports<L>;
}

/**
 * The program of a layer project (`stacks/layers/<layer>/index.ts` exports it): validates the stack
 * configuration, opens the upstream StackReferences for the same stack name, and builds the layer (after reading
 * the upstream outputs it needs: Pulumi awaits the program's promise).
 * @throws Error when run from a project that is not `canary-platform-<layer>` (a copied Pulumi.yaml)
 */
export function layerProgram<L extends LayerName>(layer: L): () => Promise<LayerExports<L>> {
  return () => {
    const project = pulumi.getProject();
    if (layerOfProject(project) !== layer) {
      throw new Error(`the ${layer} layer program must run in project canary-platform-${layer}, not ${project} (see stacks/layers/${layer}/Pulumi.yaml)`);
    }
    const config = loadStackConfig();
    return buildLayer(layer, config, openUpstreamStacks(layer, pulumi.getStack(), () => pulumi.getOrganization()));
  };
}
