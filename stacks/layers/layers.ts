/**
 * The platform split into layers: one Pulumi project (and so one stack per environment) each, passing outputs
 * with StackReferences. `LAYERS` is the one table the layer programs, `canary-platform rebuild` and the docs read.
 * Pure: no Pulumi, no I/O.
 *
 * Why these cuts (see docs/disaster-recovery.md):
 * - `cluster` holds everything that takes long and must never be replaced by accident; no other layer can
 *   touch it, because no other stack holds it in its state.
 * - `mesh` and `observability` only need the cluster (packages/platform/parts.ts states the order and why):
 *   split, they run side by side, which shortens the critical path of a rebuild.
 * - `delivery` (Flagger) needs Istio and Prometheus; `services` (the teams' CanaryServices) changes daily and
 *   has the smallest blast radius.
 */

/** Layer names, in a valid build order. */
export const LAYER_NAMES = ['cluster', 'mesh', 'observability', 'delivery', 'services'] as const;

/** A layer of the platform. */
export type LayerName = (typeof LAYER_NAMES)[number];

/**
 * One layer: what it builds and what it needs first. How long it takes is not here: every estimate comes from the
 * duration table of `tools/rebuild/durations.ts` (see `tools/rebuild/rebuild-model.ts`).
 */
export interface LayerDefinition {
  /** Layer name; its Pulumi project is `canary-platform-<name>` in `stacks/layers/<name>/`. */
  readonly name: LayerName;
  /**
   * Layers that must be up first. The layer's program opens a StackReference to each (and to `cluster`, whose
   * kubeconfig every Kubernetes layer reads), so it fails fast when one is missing.
   */
  readonly dependsOn: readonly LayerName[];
  /** What the layer creates, one line. */
  readonly builds: string;
  /** What a bad update of this layer can break: why it is a stack of its own. */
  readonly blastRadius: string;
}

/** The layers of the platform. */
export const LAYERS: readonly LayerDefinition[] = [
  {
    name: 'cluster',
    dependsOn: [],
    builds:
      'VPC, subnet, Cloud Router + NAT, node service account, webhook firewall, regional GKE cluster, node pools, Backup for GKE plan (and restore plan when cluster.restore is set)',
    blastRadius: 'everything: the cluster, its network and its backups',
  },
  {
    name: 'mesh',
    dependsOn: ['cluster'],
    builds: 'Istio base, CNI, istiod, ingress gateway (LoadBalancer, HPA, PDB), mesh-wide STRICT mTLS, the shared Gateway',
    blastRadius: 'all traffic into and inside the mesh',
  },
  {
    name: 'observability',
    dependsOn: ['cluster'],
    builds: 'kube-prometheus-stack (Prometheus, Alertmanager, Grafana), Loki on a versioned GCS bucket, Alloy, Istio monitors',
    blastRadius: 'metrics, logs and alerts (canary analysis reads these metrics)',
  },
  {
    name: 'delivery',
    dependsOn: ['mesh', 'observability'],
    builds: 'Flagger and flagger-loadtester (and Argo Rollouts when addons.argoRollouts is set)',
    blastRadius: 'progressive delivery: running canaries pause or roll back',
  },
  {
    name: 'services',
    dependsOn: ['delivery'],
    builds: 'team namespaces and their CanaryServices (canary-platform:services)',
    blastRadius: "the teams' services only",
  },
];

/** Prefix of a layer's Pulumi project name: `canary-platform-mesh`. */
export const LAYER_PROJECT_PREFIX = 'canary-platform-';

/** The Pulumi project of a layer, for example `canary-platform-mesh`. */
export function layerProject(layer: LayerName): string {
  return `${LAYER_PROJECT_PREFIX}${layer}`;
}

/**
 * The fully qualified stack of a layer for an environment, as a StackReference names it:
 * `<organization>/canary-platform-<layer>/<stack>` (`organization` on a self-managed backend such as GCS).
 */
export function layerStackName(organization: string, layer: LayerName, stack: string): string {
  return `${organization}/${layerProject(layer)}/${stack}`;
}

/** The layer whose project is `project` (`canary-platform-mesh` -> `mesh`), if any. */
export function layerOfProject(project: string): LayerName | undefined {
  const name = project.startsWith(LAYER_PROJECT_PREFIX) ? project.slice(LAYER_PROJECT_PREFIX.length) : '';
  return (LAYER_NAMES as readonly string[]).includes(name) ? (name as LayerName) : undefined;
}

/** Problems with a layer table: unknown or duplicate names, unknown dependencies, cycles. */
export function layerTableProblems(layers: readonly LayerDefinition[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const layer of layers) {
    if (names.has(layer.name)) problems.push(`layer ${layer.name} is listed twice`);
    names.add(layer.name);
  }
  for (const layer of layers) {
    for (const dep of layer.dependsOn) {
      if (!names.has(dep)) problems.push(`layer ${layer.name} depends on ${dep}, which is not in the table`);
      if (dep === layer.name) problems.push(`layer ${layer.name} depends on itself`);
    }
  }
  if (problems.length === 0) {
    const cycle = findCycle(layers);
    if (cycle) problems.push(`layers depend on each other in a cycle: ${cycle.join(' -> ')}`);
  }
  return problems;
}

function findCycle(layers: readonly LayerDefinition[]): string[] | undefined {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const dep of byName.get(name as LayerName)?.dependsOn ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const layer of layers) {
    const cycle = visit(layer.name);
    if (cycle) return cycle;
  }
  return undefined;
}

function assertValid(layers: readonly LayerDefinition[]): void {
  const problems = layerTableProblems(layers);
  if (problems.length > 0) throw new Error(`Invalid layer table:\n  - ${problems.join('\n  - ')}`);
}

/**
 * Waves of layers that can be built at the same time: a layer's wave is one more than the highest wave of what
 * it depends on. Within a wave, layers keep the table's order.
 * @throws Error for an invalid table (unknown dependency, cycle)
 */
export function layerWaves(layers: readonly LayerDefinition[] = LAYERS): LayerDefinition[][] {
  assertValid(layers);
  const byName = new Map(layers.map((l) => [l.name, l]));
  const wave = new Map<LayerName, number>();
  const waveOf = (layer: LayerDefinition): number => {
    const known = wave.get(layer.name);
    if (known !== undefined) return known;
    const value = layer.dependsOn.reduce((max, dep) => Math.max(max, waveOf(byName.get(dep) as LayerDefinition) + 1), 0);
    wave.set(layer.name, value);
    return value;
  };
  const waves: LayerDefinition[][] = [];
  for (const layer of layers) (waves[waveOf(layer)] ??= []).push(layer);
  return waves;
}

/** A topological build order: wave by wave, table order within a wave. */
export function layerOrder(layers: readonly LayerDefinition[] = LAYERS): LayerDefinition[] {
  return layerWaves(layers).flat();
}

/** Every layer `layer` needs, directly or through others, in build order. */
export function upstreamLayers(layer: LayerName, layers: readonly LayerDefinition[] = LAYERS): LayerName[] {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const needed = new Set<LayerName>();
  const walk = (name: LayerName): void => {
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      if (!needed.has(dep)) {
        needed.add(dep);
        walk(dep);
      }
    }
  };
  walk(layer);
  return layerOrder(layers)
    .map((l) => l.name)
    .filter((name) => needed.has(name));
}
