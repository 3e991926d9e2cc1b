/**
 * The duration model of a cold rebuild: what each layer creates, as steps from the duration table in the order
 * Pulumi runs them (side by side where the resources do not depend on each other), layers after the layers
 * they depend on (the engine starts a layer when its upstream stacks are up). From it: the typical schedule,
 * each layer's duration, and the critical path as a distribution (p50, p95). Pure: no I/O.
 */
import type { StackConfig } from '../../stacks/platform/config';
import { LayerDefinition, LayerName, LAYERS } from '../../stacks/layers/layers';
import { DurationId, STEP_DURATIONS } from './durations';
import { DEFAULT_RUNS, DEFAULT_SEED, DurationLookup, FinishDistribution, ScheduleStep, simulate, SimulationOptions, typicalSchedule } from './schedule';

/** What a cold rebuild of a whole stack should take at p95 (issue 19): a target on the model, not a promise. */
export const REBUILD_TARGET_SECONDS = 25 * 60;

/** One step of the rebuild model. */
export interface RebuildStep extends ScheduleStep {
  /** The layer it belongs to. */
  readonly layer: LayerName;
  /** What it does, one line. */
  readonly label: string;
  readonly operations: readonly DurationId[];
}

/** A layer's own steps, as a function of the configuration; `start` is the id its first steps wait for. */
type LayerSteps = (config: StackConfig, start: string) => Array<Omit<RebuildStep, 'layer'>>;

const step = (id: string, label: string, operations: readonly DurationId[], after: readonly string[]): Omit<RebuildStep, 'layer'> => ({
  id,
  label,
  operations,
  after,
});

/** What Pulumi creates in each layer, in its dependency order (see the components' `dependsOn`). */
const LAYER_STEPS: { readonly [L in LayerName]: LayerSteps } = {
  cluster: (config, start) => {
    const pools = config.cluster.nodePools.map((p) => step(`cluster.pool-${p.name}`, `node pool ${p.name}`, ['gke-node-pool-create'], ['cluster.gke']));
    const afterPools = pools.map((p) => p.id);
    return [
      step('cluster.network', 'VPC, subnet, router, NAT, node identity, firewall', ['gcp-network'], [start]),
      step('cluster.gke', `GKE cluster ${config.cluster.name}`, ['gke-cluster-create'], ['cluster.network']),
      ...pools,
      ...(config.cluster.backup !== false ? [step('cluster.backup-plan', 'Backup for GKE plan', ['gke-backup-plan-create'], afterPools)] : []),
      ...(config.cluster.restore ? [step('cluster.restore-plan', 'Backup for GKE restore plan', ['gke-backup-plan-create'], afterPools)] : []),
    ];
  },
  mesh: (_config, start) => [
    step('mesh.istio-base', 'istio-base (CRDs)', ['helm-istio-base'], [start]),
    step('mesh.istio-cni', 'istio-cni', ['helm-istio-cni'], ['mesh.istio-base']),
    step('mesh.istiod', 'istiod', ['helm-istiod'], ['mesh.istio-cni']),
    step('mesh.gateway', 'ingress gateway and its load balancer', ['helm-istio-gateway'], ['mesh.istiod']),
  ],
  observability: (_config, start) => [
    step('observability.kube-prometheus-stack', 'kube-prometheus-stack', ['helm-kube-prometheus-stack'], [start]),
    step('observability.loki-bucket', 'Loki bucket and its identity', ['gcs-bucket-create'], [start]),
    step('observability.loki', 'Loki', ['helm-loki'], ['observability.kube-prometheus-stack', 'observability.loki-bucket']),
    step('observability.alloy', 'Alloy', ['helm-small'], ['observability.loki']),
  ],
  delivery: (config, start) => [
    step('delivery.flagger', 'Flagger', ['helm-small'], [start]),
    step('delivery.loadtester', 'flagger-loadtester', ['helm-small'], [start]),
    ...(config.addons.argoRollouts ? [step('delivery.argo-rollouts', 'Argo Rollouts controller', ['helm-small'], [start])] : []),
  ],
  services: (config, start) =>
    config.services.length > 0 ? [step('services.canary-services', `${config.services.length} CanaryService(s)`, ['canary-services'], [start])] : [],
};

/** Id of the milestone every layer is up. */
const REBUILD_DONE = 'rebuild.done';

/** Id of the step a layer starts with (its preview and the `up` bookkeeping). */
export const layerStart = (layer: LayerName): string => `${layer}.start`;
/** Id of the milestone a layer ends with (its `up` finished). */
export const layerDone = (layer: LayerName): string => `${layer}.done`;

/** The rebuild of `config` as steps: each layer is start -> its resources -> done, after its upstream layers. */
export function rebuildSteps(config: StackConfig, layers: readonly LayerDefinition[] = LAYERS): RebuildStep[] {
  const steps: RebuildStep[] = [];
  for (const layer of layers) {
    const start = layerStart(layer.name);
    steps.push({
      id: start,
      layer: layer.name,
      label: `preview and update of canary-platform-${layer.name}`,
      operations: ['pulumi-preview', 'pulumi-update'],
      after: layer.dependsOn.map(layerDone),
    });
    const own = LAYER_STEPS[layer.name](config, start);
    steps.push(...own.map((s) => ({ ...s, layer: layer.name })));
    const ends = own.filter((s) => !own.some((other) => other.after.includes(s.id))).map((s) => s.id);
    steps.push({ id: layerDone(layer.name), layer: layer.name, label: `${layer.name} up`, operations: [], after: ends.length > 0 ? ends : [start] });
  }
  return steps;
}

/** One layer's estimate when it runs on its own. */
export interface LayerEstimate {
  readonly layer: LayerName;
  /** Its duration with typical figures, seconds. */
  readonly typicalSeconds: number;
  /** Its own distribution (the layer alone), seconds. */
  readonly distribution: FinishDistribution;
}

/** The estimate of a whole rebuild. */
export interface RebuildEstimate {
  /** The steps the estimate is computed from. */
  readonly steps: readonly RebuildStep[];
  /** Per layer, in table order. */
  readonly layers: readonly LayerEstimate[];
  /** Layers on the typical critical path, first to last. */
  readonly criticalLayers: readonly LayerName[];
  /** Steps on the typical critical path (milestones left out), first to last. */
  readonly criticalSteps: readonly RebuildStep[];
  /** Finish of the last layer with typical figures, seconds. */
  readonly typicalSeconds: number;
  /** Every layer one after the other with typical figures, seconds. */
  readonly sequentialSeconds: number;
  /** Finish of the last layer over the Monte Carlo runs. */
  readonly total: FinishDistribution;
  /** The runs and seed used. */
  readonly runs: number;
  readonly seed: number;
}

/** The layer-alone steps: its start no longer waits for upstream layers. */
function layerAlone(steps: readonly RebuildStep[], layer: LayerName): RebuildStep[] {
  return steps.filter((s) => s.layer === layer).map((s) => (s.id === layerStart(layer) ? { ...s, after: [] } : s));
}

/**
 * The duration estimate of a cold rebuild of `config`: typical schedule, per-layer figures and the
 * distribution of the whole (Monte Carlo, seeded).
 */
export function rebuildEstimate(
  config: StackConfig,
  layers: readonly LayerDefinition[] = LAYERS,
  table: DurationLookup = STEP_DURATIONS,
  options: SimulationOptions = {},
): RebuildEstimate {
  const steps = rebuildSteps(config, layers);
  const graph: ScheduleStep[] = [...steps, { id: REBUILD_DONE, operations: [], after: layers.map((l) => layerDone(l.name)) }];
  const typical = typicalSchedule(graph, table, REBUILD_DONE);
  const byId = new Map(steps.map((s) => [s.id, s]));
  const critical = typical.criticalPath.filter((id) => id !== REBUILD_DONE).map((id) => byId.get(id) as RebuildStep);
  const criticalLayers = [...new Set(critical.map((s) => s.layer))];
  const perLayer = layers.map((l) => {
    const own = layerAlone(steps, l.name);
    const t = typicalSchedule(own, table, layerDone(l.name));
    return { layer: l.name, typicalSeconds: t.seconds, distribution: simulate(own, table, [layerDone(l.name)], options)[layerDone(l.name)] };
  });
  return {
    steps,
    layers: perLayer,
    criticalLayers,
    criticalSteps: critical.filter((s) => s.operations.length > 0),
    typicalSeconds: typical.seconds,
    sequentialSeconds: perLayer.reduce((sum, l) => sum + l.typicalSeconds, 0),
    total: simulate(graph, table, [REBUILD_DONE], options)[REBUILD_DONE],
    runs: options.runs ?? DEFAULT_RUNS,
    seed: options.seed ?? DEFAULT_SEED,
  };
}
