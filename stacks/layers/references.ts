/**
 * What each layer exports, as types, and typed reads of an upstream layer's outputs through StackReferences. A
 * layer builds its part from these outputs, as `Platform` builds it from the upstream parts' components: the
 * kubeconfig (a secret) stays a Pulumi output for the provider; every other value is read as a plain value, so
 * the part builders get the same typed inputs in both.
 */
import * as pulumi from '@pulumi/pulumi';
import { LAYERS, LayerDefinition, LayerName, layerStackName } from './layers';

/** Outputs of the `cluster` layer. */
export interface ClusterLayerOutputs {
  /** Cluster name. */
  readonly clusterName: string;
  /** Control-plane endpoint. */
  readonly endpoint: string;
  /** Kubeconfig (gke-gcloud-auth-plugin); a secret. */
  readonly kubeconfig: string;
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;
  /** GCP project. */
  readonly project: string;
  /** GCP region. */
  readonly region: string;
  /** The Backup for GKE plan, when backups are on. */
  readonly backupPlan?: string;
  /** The restore plan, when `cluster.restore` is set. */
  readonly restorePlan?: string;
}

/** Outputs of the `mesh` layer. */
export interface MeshLayerOutputs {
  /** The shared Gateway, `istio-ingress/public-gateway`. */
  readonly gatewayName: string;
  /** First domain of the shared Gateway. */
  readonly gatewayHost: string;
  /** Every host of the shared Gateway. */
  readonly gatewayHosts: readonly string[];
  /** Istio's namespaces. */
  readonly namespaces: { readonly istio: string; readonly ingress: string };
}

/** Outputs of the `observability` layer. */
export interface ObservabilityLayerOutputs {
  /** In-cluster Prometheus URL. */
  readonly prometheusUrl: string;
  /** In-cluster Loki URL. */
  readonly lokiUrl: string;
  /** The Loki bucket. */
  readonly lokiBucket: string;
  /** Namespace of the monitoring stack. */
  readonly namespace: string;
}

/**
 * Outputs of the `delivery` layer: its own, and the endpoints CanaryServices use from the layers it was built on
 * (the Prometheus Flagger queries, the mesh's Gateway), so the services layer reads only this layer.
 */
export interface DeliveryLayerOutputs {
  /** In-cluster flagger-loadtester URL. */
  readonly loadTesterUrl: string;
  /** The Prometheus Flagger queries (the observability layer's `prometheusUrl`). */
  readonly prometheusUrl: string;
  /** The shared Gateway, `<namespace>/<name>` (the mesh layer's `gatewayName`). */
  readonly gatewayName: string;
  /** Namespaces of Flagger and (when enabled) Argo Rollouts. */
  readonly namespaces: { readonly flagger: string; readonly argoRollouts?: string };
}

/** Outputs of the `services` layer. */
export interface ServicesLayerOutputs {
  /** CanaryServices deployed, `<namespace>/<name>`. */
  readonly services: readonly string[];
}

/** Outputs per layer. */
export interface LayerOutputMap {
  readonly cluster: ClusterLayerOutputs;
  readonly mesh: MeshLayerOutputs;
  readonly observability: ObservabilityLayerOutputs;
  readonly delivery: DeliveryLayerOutputs;
  readonly services: ServicesLayerOutputs;
}

/** What a layer's program returns: its outputs as Pulumi inputs (Pulumi exports them as stack outputs). */
export type LayerExports<L extends LayerName> = { readonly [K in keyof LayerOutputMap[L]]: pulumi.Input<LayerOutputMap[L][K]> };

/** The upstream stacks a layer reads, opened once. */
export interface UpstreamStacks {
  /** The StackReference of an upstream layer (a resource: downstream resources depend on it). */
  reference(layer: LayerName): pulumi.StackReference;
  /** A required output of an upstream layer (fails the program, naming the stack, when it is missing). */
  output<L extends LayerName, K extends keyof LayerOutputMap[L] & string>(layer: L, key: K): pulumi.Output<LayerOutputMap[L][K]>;
  /**
   * The plain value of a required output of an upstream layer that is not a secret (Pulumi refuses to read a
   * secret this way): what a part builder takes as a string.
   */
  value<L extends LayerName, K extends keyof LayerOutputMap[L] & string>(layer: L, key: K): Promise<LayerOutputMap[L][K]>;
}

/** The layers a layer opens StackReferences to: what it depends on, plus `cluster` (its kubeconfig). */
export function referencedLayers(layer: LayerName, layers: readonly LayerDefinition[] = LAYERS): LayerName[] {
  const definition = layers.find((l) => l.name === layer);
  if (!definition) throw new Error(`unknown layer ${layer}`);
  const names = new Set<LayerName>(definition.dependsOn);
  if (layer !== 'cluster') names.add('cluster');
  return layers.map((l) => l.name).filter((name) => names.has(name));
}

/**
 * Opens the StackReferences of `layer` for environment `stack`: one per {@link referencedLayers}, named
 * `upstream-<layer>`, reading `<organization>/canary-platform-<layer>/<stack>`. `organization` is asked for
 * only when there is something to reference (the `cluster` layer references nothing).
 */
export function openUpstreamStacks(layer: LayerName, stack: string, organization: string | (() => string)): UpstreamStacks {
  const refs = new Map<LayerName, pulumi.StackReference>();
  const upstreams = referencedLayers(layer);
  const org = upstreams.length > 0 ? (typeof organization === 'function' ? organization() : organization) : '';
  for (const upstream of upstreams) {
    refs.set(upstream, new pulumi.StackReference(`upstream-${upstream}`, { name: layerStackName(org, upstream, stack) }));
  }
  const reference = (name: LayerName): pulumi.StackReference => {
    const ref = refs.get(name);
    if (!ref) throw new Error(`layer ${layer} does not reference layer ${name}; add it to dependsOn in LAYERS`);
    return ref;
  };
  return {
    reference,
    output: (name, key) => reference(name).requireOutput(key) as pulumi.Output<never>,
    value: (name, key) => reference(name).requireOutputValue(key) as Promise<never>,
  };
}
