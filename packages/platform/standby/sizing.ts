/**
 * What a standby runs: node pools and CanaryService scaling at the standby's size in state `standby`, at
 * production size otherwise. Pure functions of typed input.
 */
import type { NodePoolSpec } from '../gke';
import { ScalingLike, StandbySettings, standbyMinNodes, standbyReplicas, STANDBY_DEFAULTS } from './args';

/** True when the standby runs at its small size (state `standby`). */
export function isStandingBy(settings: StandbySettings): boolean {
  return (settings.state ?? STANDBY_DEFAULTS.state) === 'standby';
}

/**
 * The node pools a standby runs: each at its standby minimum while standing by (the maximum is kept, so the
 * autoscaler can still add nodes), as declared otherwise; image streaming on every pool when enabled.
 */
export function standbyNodePools<P extends NodePoolSpec>(settings: StandbySettings, pools: readonly P[]): P[] {
  const streaming = settings.imageStreaming ?? STANDBY_DEFAULTS.imageStreaming;
  return pools.map((pool) => ({
    ...pool,
    ...(isStandingBy(settings) ? { minNodes: standbyMinNodes(settings, pool) } : {}),
    ...(streaming ? { imageStreaming: true } : {}),
  }));
}

/**
 * A service's scaling on a standby: its standby replicas while standing by (autoscaled services keep their
 * maximum, so the HPA can still grow them), as declared otherwise.
 */
export function standbyScaling(settings: StandbySettings, scaling: ScalingLike | undefined): ScalingLike | undefined {
  if (!isStandingBy(settings)) return scaling;
  const replicas = standbyReplicas(settings, scaling);
  if (scaling?.kind === 'fixed') return { kind: 'fixed', replicas };
  return { ...(scaling ?? { kind: 'autoscaled' }), kind: 'autoscaled', minReplicas: replicas };
}
