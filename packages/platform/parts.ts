/**
 * The platform's parts and their builders: the one place the platform is composed. `Platform` builds every part in
 * one stack; each layer program (stacks/layers) builds one part in a stack of its own. Both call these builders,
 * which name the parts' components the same way (`<name>-gke`, `<name>-istio`, ...), and give each part what it
 * needs from the parts before it as a typed input: in one stack from the upstream part's components, as layers
 * from the upstream layer's stack outputs (StackReferences), the reference standing for what to wait for.
 *
 * The order, and why:
 * - cluster -> mesh, observability: both install on the cluster through its provider and wait for its node
 *   pools (as layers: for the cluster stack), so their pods have nodes to run on.
 * - mesh: Istio orders its own releases (base brings the CRDs, istiod the webhook that validates them).
 * - observability needs only the cluster. Its Istio monitors (the sidecar PodMonitor, the istiod
 *   ServiceMonitor) are custom resources of kube-prometheus-stack's own CRDs, and Prometheus finds their targets
 *   whenever Istio runs. `Platform` nevertheless installs it after istiod (it passes `mesh` to
 *   {@link buildObservability}): an ordering the one stack has always had, not a need. The layers leave it out,
 *   so the mesh and observability layers run side by side.
 * - delivery: Flagger reads its metrics from Prometheus (the URL is the observability part's, never a constant)
 *   and drives Istio's routing, so it waits for kube-prometheus-stack, istiod and the ingress gateway. The Argo
 *   Rollouts controller patches Istio routing objects (istiod's CRDs) and ships a ServiceMonitor
 *   (kube-prometheus-stack's CRDs), so it waits for both.
 * - workloads: after the mesh's `ready` and delivery's `ready` (`Platform.ready`; as layers, the delivery stack).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ArgoRolloutsController } from './argo-rollouts-controller';
import { Flagger, type FlaggerSettings } from './flagger';
import { GkeCluster, type GkeClusterArgs } from './gke';
import { Istio, type IstioSettings } from './istio';
import { CanaryJudge, resolveCanaryJudgeSettings, type CanaryJudgeSettingsInput, type JudgeServerBundle } from './judge';
import { Observability, type PrometheusEndpoint } from './observability';
import type { PlatformArgs } from './platform';
import { PLATFORM_CONTRACT } from '../shared';

/** What the parts installed on the cluster take from it. */
export interface ClusterPart {
  /** Kubernetes provider of the cluster; every Kubernetes resource of the platform uses it. */
  readonly provider: k8s.Provider;
  /** What everything on the cluster waits for: its node pools (as layers: the cluster stack's reference). */
  readonly ready: readonly pulumi.Resource[];
  /** GCP project. */
  readonly project: string;
  /** GCP region. */
  readonly region: string;
  /** Cluster name. */
  readonly clusterName: string;
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;
}

/** What the parts after the mesh take from it. */
export interface MeshPart {
  /** Istio's control plane, istiod (as layers: the mesh stack's reference): what users of Istio's CRDs wait for. */
  readonly controlPlane: pulumi.Resource;
  /** What Flagger waits for: istiod and the ingress gateway (as layers: the mesh stack's reference). */
  readonly routing: readonly pulumi.Resource[];
  /** What workloads wait for: istiod, the ingress gateway, the shared Gateway and the mesh-wide mTLS policy. */
  readonly ready: readonly pulumi.Resource[];
  /** The shared Gateway as `<namespace>/<name>`. */
  readonly gatewayName: string;
  /** The first domain of the shared Gateway. */
  readonly gatewayHost: string;
  /** Every host the shared Gateway serves. */
  readonly gatewayHosts: readonly string[];
  /** Istio's control plane (`istio-system`) and ingress (`istio-ingress`) namespaces. */
  readonly namespaces: { readonly istio: string; readonly ingress: string };
}

/** What the parts after observability take from it. */
export interface ObservabilityPart {
  /** The Prometheus Flagger queries: its in-cluster URL, and the release to wait for. */
  readonly prometheus: PrometheusEndpoint;
  /** What a ServiceMonitor waits for: kube-prometheus-stack, which brings the monitoring.coreos.com CRDs. */
  readonly monitoring: pulumi.Resource;
  /** Namespace of the monitoring stack. */
  readonly namespace: string;
}

/** What workloads take from delivery. */
export interface DeliveryPart {
  /** In-cluster flagger-loadtester URL. */
  readonly loadTesterUrl: string;
  /** What workloads wait for: Flagger (its CRDs), flagger-loadtester and, when enabled, the Argo Rollouts controller. */
  readonly ready: readonly pulumi.Resource[];
  /** Namespaces of Flagger and, when enabled, Argo Rollouts. */
  readonly namespaces: { readonly flagger: string; readonly argoRollouts?: string };
}

/** The cluster part: {@link GkeCluster} `<name>-gke`, and what the parts after it take from it. */
export function buildCluster(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions): { readonly gke: GkeCluster; readonly part: ClusterPart } {
  const gke = new GkeCluster(`${name}-gke`, args, opts);
  const { project, region, clusterName } = gke.settings;
  return { gke, part: { provider: gke.provider, ready: [...gke.nodePools], project, region, clusterName, workloadPool: gke.workloadPool } };
}

/** Inputs of {@link buildMesh}. */
export interface MeshInputs {
  /** The cluster: its provider, and what Istio waits for. */
  readonly cluster: Pick<ClusterPart, 'provider' | 'ready'>;
  /** Istio and the shared ingress gateway. */
  readonly istio: IstioSettings;
}

/** The mesh part: {@link Istio} `<name>-istio`, and what the parts after it take from it. */
export function buildMesh(name: string, inputs: MeshInputs, opts?: pulumi.ComponentResourceOptions): { readonly istio: Istio; readonly part: MeshPart } {
  const istio = new Istio(`${name}-istio`, { ...inputs.istio, provider: inputs.cluster.provider, dependsOn: inputs.cluster.ready }, opts);
  return {
    istio,
    part: {
      controlPlane: istio.istiod,
      routing: [istio.istiod, istio.gateway],
      ready: istio.ready,
      gatewayName: istio.gatewayName,
      gatewayHost: inputs.istio.ingress.domains[0],
      gatewayHosts: istio.gatewayHosts,
      namespaces: { istio: PLATFORM_CONTRACT.istioNamespace, ingress: PLATFORM_CONTRACT.ingressNamespace },
    },
  };
}

/** Inputs of {@link buildObservability}. */
export interface ObservabilityInputs {
  /** The cluster: provider, what to wait for, and the project, region, name and pool Loki's identity needs. */
  readonly cluster: ClusterPart;
  /**
   * Install after Istio's control plane too. Not needed (see the order at the top of this file); `Platform`
   * passes it, the layers do not.
   * @default - beside the mesh
   */
  readonly mesh?: Pick<MeshPart, 'controlPlane'>;
  /** Prometheus, Grafana, Alertmanager, Loki, Alloy. @default - see OBSERVABILITY_DEFAULTS */
  readonly observability?: PlatformArgs['observability'];
}

/** The observability part: {@link Observability} `<name>-observability`, and what the parts after it take from it. */
export function buildObservability(
  name: string,
  inputs: ObservabilityInputs,
  opts?: pulumi.ComponentResourceOptions,
): { readonly observability: Observability; readonly part: ObservabilityPart } {
  const { cluster, mesh } = inputs;
  const observability = new Observability(
    `${name}-observability`,
    {
      ...inputs.observability,
      project: cluster.project,
      region: cluster.region,
      clusterName: cluster.clusterName,
      workloadPool: cluster.workloadPool,
      provider: cluster.provider,
      dependsOn: [...cluster.ready, ...(mesh ? [mesh.controlPlane] : [])],
    },
    opts,
  );
  return {
    observability,
    part: { prometheus: observability.prometheus, monitoring: observability.kubePrometheusStack, namespace: observability.namespace },
  };
}

/** Inputs of {@link buildDelivery}. */
export interface DeliveryInputs {
  /** The cluster: its provider, and its name (Flagger labels its alerts with it). */
  readonly cluster: Pick<ClusterPart, 'provider' | 'clusterName'>;
  /** The mesh: what Flagger and the Argo Rollouts controller wait for. */
  readonly mesh: Pick<MeshPart, 'controlPlane' | 'routing'>;
  /** Observability: the Prometheus Flagger queries, and the CRDs of the Argo Rollouts ServiceMonitor. */
  readonly observability: Pick<ObservabilityPart, 'prometheus' | 'monitoring'>;
  /** Flagger. @default - see FLAGGER_DEFAULTS */
  readonly flagger?: FlaggerSettings;
  /** Optional add-ons. @default - none */
  readonly addons?: PlatformArgs['addons'];
  /** The canary judge. @default - deployed with its defaults ({@link JUDGE_DEPLOYMENT_DEFAULTS}) */
  readonly judge?: PlatformJudgeArgs;
}

/**
 * The canary judge's settings, and optionally its server bundle (by default the package's own,
 * `judgeServerBundle()` of packages/judge/bundle).
 */
export type PlatformJudgeArgs = CanaryJudgeSettingsInput & { readonly bundle?: JudgeServerBundle };

/** The delivery part's components. */
export interface DeliveryComponents {
  /** Flagger and flagger-loadtester, `<name>-flagger`. */
  readonly flagger: Flagger;
  /** The Argo Rollouts controller, `<name>-argo-rollouts`, when the add-on is enabled. */
  readonly argoRollouts?: ArgoRolloutsController;
  /** The canary judge, `<name>-judge`, unless disabled. */
  readonly judge?: CanaryJudge;
}

/** The delivery part: {@link Flagger} and, when enabled, the Argo Rollouts controller; and what workloads take from it. */
export function buildDelivery(
  name: string,
  inputs: DeliveryInputs,
  opts?: pulumi.ComponentResourceOptions,
): DeliveryComponents & { readonly part: DeliveryPart } {
  const { cluster, mesh, observability, addons } = inputs;
  const flagger = new Flagger(
    `${name}-flagger`,
    {
      clusterName: cluster.clusterName,
      ...inputs.flagger,
      provider: cluster.provider,
      prometheus: observability.prometheus,
      dependsOn: mesh.routing,
    },
    opts,
  );
  const ready: pulumi.Resource[] = [flagger.flagger, flagger.loadTester];
  let argoRollouts: ArgoRolloutsController | undefined;
  if (addons?.argoRollouts) {
    argoRollouts = new ArgoRolloutsController(
      `${name}-argo-rollouts`,
      {
        provider: cluster.provider,
        istio: mesh.controlPlane,
        monitoring: observability.monitoring,
        ...(addons.argoRolloutsSlack !== undefined ? { slack: addons.argoRolloutsSlack } : {}),
        values: addons.argoRolloutsValues,
      },
      opts,
    );
    ready.push(argoRollouts.release);
  }
  // The judge answers Flagger's and the Argo Rollouts controller's webhooks from Prometheus: it runs in Flagger's
  // namespace and needs the Prometheus Operator's CRDs (its PodMonitor and alert rules).
  const { bundle, ...judgeInput } = inputs.judge ?? {};
  let judge: CanaryJudge | undefined;
  if (resolveCanaryJudgeSettings(name, judgeInput).enabled) {
    judge = new CanaryJudge(
      `${name}-judge`,
      {
        ...judgeInput,
        provider: cluster.provider,
        prometheus: observability.prometheus,
        ...(bundle ? { bundle } : {}),
        dependsOn: [flagger.flagger],
      },
      opts,
    );
    ready.push(judge.objects);
  }
  const namespaces = { flagger: flagger.namespace, ...(argoRollouts ? { argoRollouts: PLATFORM_CONTRACT.argoRolloutsNamespace } : {}) };
  return { flagger, ...(argoRollouts ? { argoRollouts } : {}), ...(judge ? { judge } : {}), part: { loadTesterUrl: flagger.loadTesterUrl, ready, namespaces } };
}
