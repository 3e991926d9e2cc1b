/**
 * The layer programs: each builds one part of the platform from the same validated stack configuration
 * (`Pulumi.<stack>.yaml`, shared by every layer project through `stackConfigDir`) and reads what it needs from
 * upstream layers through StackReferences. Together they build what the single program (`stacks/platform/index.ts`)
 * builds, with the same resource names; `tests/layers` proves it.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ArgoRolloutsController } from '../../packages/platform/argo-rollouts-controller';
import { backupPlanId } from '../../packages/platform/disaster-recovery';
import { Flagger } from '../../packages/platform/flagger';
import { GkeCluster, workloadPool } from '../../packages/platform/gke';
import { Istio } from '../../packages/platform/istio';
import { Observability } from '../../packages/platform/observability';
import type { PlatformArgs } from '../../packages/platform';
import { CanaryServiceConstruct, CanaryWorkloads, PlatformEndpoints } from '../../packages/platform/canary-workloads';
import { PLATFORM_CONTRACT } from '../../packages/shared';
import { loadStackConfig, StackConfig } from '../platform/config';
import { platformArgs } from '../platform/program';
import { buildRestorePlan } from '../platform/restore';
import { workloadSpecs } from '../platform/workloads';
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

/** `cluster`: network, GKE cluster, node pools, Backup for GKE plan, restore plan when configured. */
export function buildClusterLayer(config: StackConfig): LayerExports<'cluster'> {
  const cluster = new GkeCluster(`${config.cluster.name}-gke`, layerArgs(config, 'cluster').cluster);
  const restore = buildRestorePlan(config, cluster);
  return {
    clusterName: cluster.clusterName,
    endpoint: cluster.endpoint,
    kubeconfig: cluster.kubeconfig,
    workloadPool: cluster.workloadPool,
    project: config.project,
    region: config.region,
    ...(cluster.settings.backup !== false ? { backupPlan: backupPlanId(config.project, config.region, cluster.settings.clusterName) } : {}),
    ...(restore ? { restorePlan: restore.planId } : {}),
  };
}

/** `mesh`: Istio and the shared ingress Gateway. */
export function buildMeshLayer(config: StackConfig, upstream: UpstreamStacks): LayerExports<'mesh'> {
  const args = layerArgs(config, 'mesh');
  const istio = new Istio(`${config.cluster.name}-istio`, {
    ...args.istio,
    provider: clusterProvider(config, upstream),
    dependsOn: [upstream.reference('cluster')],
  });
  return {
    gatewayName: istio.gatewayName,
    gatewayHost: args.istio.ingress.domains[0],
    gatewayHosts: istio.gatewayHosts,
    namespaces: { istio: PLATFORM_CONTRACT.istioNamespace, ingress: PLATFORM_CONTRACT.ingressNamespace },
  };
}

/**
 * `observability`: Prometheus, Grafana, Alertmanager, Loki and Alloy. It needs only the cluster (the Istio
 * monitors are custom resources of kube-prometheus-stack's CRDs), so it runs beside `mesh`.
 */
export function buildObservabilityLayer(config: StackConfig, upstream: UpstreamStacks): LayerExports<'observability'> {
  const args = layerArgs(config, 'observability');
  const observability = new Observability(`${config.cluster.name}-observability`, {
    ...args.observability,
    project: config.project,
    region: config.region,
    clusterName: config.cluster.name,
    workloadPool: workloadPool(config.project),
    provider: clusterProvider(config, upstream),
    dependsOn: [upstream.reference('cluster')],
  });
  return {
    prometheusUrl: observability.prometheus.url,
    lokiUrl: observability.lokiUrl,
    lokiBucket: observability.lokiBucket.name,
    namespace: observability.namespace,
  };
}

/** `delivery`: Flagger and flagger-loadtester, and the Argo Rollouts controller when the add-on is on. */
export function buildDeliveryLayer(config: StackConfig, upstream: UpstreamStacks): LayerExports<'delivery'> {
  const name = config.cluster.name;
  const args = layerArgs(config, 'delivery');
  const provider = clusterProvider(config, upstream);
  const mesh = upstream.reference('mesh');
  const observability = upstream.reference('observability');
  const flagger = new Flagger(`${name}-flagger`, {
    clusterName: name,
    ...args.flagger,
    provider,
    // Prometheus is in the observability stack: its reference stands for the release Flagger waits for.
    prometheus: { url: PLATFORM_CONTRACT.prometheusUrl, release: observability },
    dependsOn: [mesh],
  });
  let argoNamespace: string | undefined;
  if (args.addons?.argoRollouts) {
    // As in Platform: after Istio (routing CRDs) and the monitoring stack (ServiceMonitor CRDs).
    new ArgoRolloutsController(`${name}-argo-rollouts`, {
      provider,
      istio: mesh,
      monitoring: observability,
      ...(args.addons.argoRolloutsSlack !== undefined ? { slack: args.addons.argoRolloutsSlack } : {}),
      values: args.addons.argoRolloutsValues,
    });
    argoNamespace = PLATFORM_CONTRACT.argoRolloutsNamespace;
  }
  return {
    loadTesterUrl: flagger.loadTesterUrl,
    namespaces: { flagger: flagger.namespace, ...(argoNamespace ? { argoRollouts: argoNamespace } : {}) },
  };
}

/** `services`: the stack's CanaryServices, after the platform layers are up. */
export function buildServicesLayer(config: StackConfig, upstream: UpstreamStacks): LayerExports<'services'> {
  const specs = workloadSpecs(config);
  if (specs.length === 0) return { services: [] };
  const platform: PlatformEndpoints = {
    provider: clusterProvider(config, upstream),
    ready: [upstream.reference('delivery')],
    prometheusUrl: PLATFORM_CONTRACT.prometheusUrl,
    loadTesterUrl: PLATFORM_CONTRACT.loadTesterUrl,
    gatewayName: PLATFORM_CONTRACT.gateway,
  };
  const workloads = new CanaryWorkloads(`${config.cluster.name}-services`, {
    services: specs,
    platform,
    canaryService: canaryServiceConstruct(),
  });
  return { services: [...workloads.serviceIds] };
}

/** The CanaryService construct, loaded only when the stack has services (as `stacks/platform/workloads.ts` does). */
function canaryServiceConstruct(): CanaryServiceConstruct {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../packages/canary') as { CanaryService: CanaryServiceConstruct }).CanaryService;
}

/** Builds `layer` from the configuration and its upstream stacks; returns its stack outputs. */
export function buildLayer<L extends LayerName>(layer: L, config: StackConfig, upstream: UpstreamStacks): LayerExports<L> {
  const builders: { readonly [K in LayerName]: () => LayerExports<K> } = {
    cluster: () => buildClusterLayer(config),
    mesh: () => buildMeshLayer(config, upstream),
    observability: () => buildObservabilityLayer(config, upstream),
    delivery: () => buildDeliveryLayer(config, upstream),
    services: () => buildServicesLayer(config, upstream),
  };
  return builders[layer]() as LayerExports<L>;
}

/**
 * The program of a layer project (`stacks/layers/<layer>/index.ts` exports it): validates the stack
 * configuration, opens the upstream StackReferences for the same stack name, and builds the layer.
 * @throws Error when run from a project that is not `canary-platform-<layer>` (a copied Pulumi.yaml)
 */
export function layerProgram<L extends LayerName>(layer: L): () => LayerExports<L> {
  return () => {
    const project = pulumi.getProject();
    if (layerOfProject(project) !== layer) {
      throw new Error(`the ${layer} layer program must run in project canary-platform-${layer}, not ${project} (see stacks/layers/${layer}/Pulumi.yaml)`);
    }
    const config = loadStackConfig();
    return buildLayer(layer, config, openUpstreamStacks(layer, pulumi.getStack(), () => pulumi.getOrganization()));
  };
}
