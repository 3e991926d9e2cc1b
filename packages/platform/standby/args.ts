/**
 * A warm standby: a stack that runs the same platform as another one (its primary) in another region, kept
 * small until a failover promotes it. Types, defaults and validation; pure, no Pulumi resources here.
 */
import { DEFAULTS as CANARY_DEFAULTS } from '../../canary/spec/defaults';
import type { NodePoolSpec } from '../gke';
import type { Problem } from '../../shared';

/**
 * Where a standby is in a failover, as `canary-platform:standby.state` says (the failover command sets it):
 * - `standby`: small (node pools at `minNodes`, services at `serviceReplicas`); traffic goes to the primary;
 * - `scaled`: production size; traffic still goes to the primary (a drill, or a failover before traffic moves);
 * - `serving`: production size; the traffic records point at this stack's gateway.
 */
export const STANDBY_STATES = ['standby', 'scaled', 'serving'] as const;
/** A standby state. */
export type StandbyState = (typeof STANDBY_STATES)[number];

/** The Cloud DNS records a failover moves. */
export interface TrafficSettings {
  /** The Cloud DNS managed zone (in the stack's project) holding the stack's domains, for example `canary-example-com`. */
  readonly managedZone: string;
  /** TTL of the records, seconds (5-300): what clients may keep the old address for. @default 60 */
  readonly ttlSeconds?: number;
}

/** A stack standing by for another. */
export interface StandbySettings {
  /** The stack this one stands by for (its primary), for example `prod`. */
  readonly of: string;
  /** Where the standby is in a failover. @default 'standby' */
  readonly state?: StandbyState;
  /**
   * Nodes per zone of each node pool while standing by, by pool name. @default - 1 for each pool, or the pool's own
   * minimum when that is lower
   */
  readonly minNodes?: Readonly<Record<string, number>>;
  /**
   * Replicas of each CanaryService while standing by (their production minimum applies once scaled).
   * @default - 2, or the service's own minimum when that is lower (2 keeps a service's PodDisruptionBudget, so
   *   returning to standby deletes nothing)
   */
  readonly serviceReplicas?: number;
  /** GKE image streaming on every node pool (in every state, so a promotion never recreates nodes). @default true */
  readonly imageStreaming?: boolean;
  /** The DNS records the failover moves. @default - none: traffic is moved by hand */
  readonly traffic?: TrafficSettings;
}

/** Defaults of {@link StandbySettings}, in one visible place. */
export const STANDBY_DEFAULTS = {
  state: 'standby' as StandbyState,
  minNodesPerPool: 1,
  serviceReplicas: 2,
  imageStreaming: true,
  ttlSeconds: 60,
} as const;

/** A CanaryService's `scaling` prop, as far as sizing needs it. */
export type ScalingLike =
  | { readonly kind: 'autoscaled'; readonly minReplicas?: number; readonly maxReplicas?: number; readonly targetCpuUtilization?: number }
  | { readonly kind: 'fixed'; readonly replicas: number };

/** The replicas a service runs between releases in production: its minimum, or its fixed count. */
export function productionReplicas(scaling: ScalingLike | undefined): number {
  if (scaling === undefined) return CANARY_DEFAULTS.scaling.minReplicas;
  return scaling.kind === 'fixed' ? scaling.replicas : (scaling.minReplicas ?? CANARY_DEFAULTS.scaling.minReplicas);
}

/** A service as the standby sees it: its id and its scaling. */
export interface StandbyService {
  /** `<namespace>/<name>`. */
  readonly id: string;
  /** Its CanaryService scaling (absent: the CanaryService default). */
  readonly scaling?: ScalingLike;
}

/** The standby's node pool minimum for `pool`: the setting, else 1 or the pool's own minimum when lower. */
export function standbyMinNodes(settings: StandbySettings, pool: Pick<NodePoolSpec, 'name' | 'minNodes'>): number {
  return settings.minNodes?.[pool.name] ?? Math.min(STANDBY_DEFAULTS.minNodesPerPool, pool.minNodes);
}

/** The standby's replicas for a service: the setting, else 2 or its production minimum when lower. */
export function standbyReplicas(settings: StandbySettings, scaling: ScalingLike | undefined): number {
  return settings.serviceReplicas ?? Math.min(STANDBY_DEFAULTS.serviceReplicas, productionReplicas(scaling));
}

/**
 * Every problem of `settings` against the stack's node pools and services (paths relative to the settings):
 * unknown pools, a standby larger than production, a standby that would drop a PodDisruptionBudget.
 */
export function standbyProblems(
  name: string,
  settings: StandbySettings,
  pools: readonly Pick<NodePoolSpec, 'name' | 'minNodes'>[],
  services: readonly StandbyService[],
): Problem[] {
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  const names = pools.map((p) => p.name);
  for (const [pool, min] of Object.entries(settings.minNodes ?? {})) {
    const declared = pools.find((p) => p.name === pool);
    if (!declared) add(`minNodes.${pool}`, `is not a node pool of this stack; node pools: ${names.join(', ')}`);
    else if (min > declared.minNodes) {
      add(`minNodes.${pool}`, `(${min}) must be <= the pool's production minimum (${declared.minNodes}): a standby is never larger than production`);
    }
  }
  if (settings.serviceReplicas !== undefined) {
    for (const service of services) {
      const production = productionReplicas(service.scaling);
      if (settings.serviceReplicas > production) {
        add('serviceReplicas', `(${settings.serviceReplicas}) must be <= ${service.id}'s production minimum (${production})`);
      } else if (settings.serviceReplicas < 2 && production >= 2) {
        add(
          'serviceReplicas',
          `(${settings.serviceReplicas}) would drop ${service.id}'s PodDisruptionBudget while standing by, so returning to standby would delete it (a failover never deletes); use 2 or more`,
        );
      }
    }
  }
  return problems;
}
