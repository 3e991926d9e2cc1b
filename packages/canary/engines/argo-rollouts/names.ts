/**
 * Every name the Argo Rollouts renderer derives, from one function (as Flagger's `GetServiceNames` does), so
 * the Rollout, Services, VirtualService, DestinationRule and AnalysisTemplates always agree.
 *
 * The Service names match the Flagger engine's: `<name>` (the apex every client calls), `<name>-primary` (the
 * version in production) and `<name>-canary` (the version being released), so addresses, dashboards and
 * runbooks do not change with the engine.
 */

/** Names derived from a service name. */
export interface ArgoRolloutsNames {
  /** The Rollout, HPA, PDB and ServiceAccount: `<name>`. */
  readonly rollout: string;
  /** The apex Service every client calls, host of the VirtualService and DestinationRule: `<name>`. */
  readonly apexService: string;
  /** The Service Argo Rollouts points at the stable ReplicaSet (`stableService`): `<name>-primary`. */
  readonly stableService: string;
  /** The Service Argo Rollouts points at the new ReplicaSet (`canaryService`, blue/green `previewService`): `<name>-canary`. */
  readonly canaryService: string;
  /** The VirtualService: `<name>`. */
  readonly virtualService: string;
  /** The DestinationRule: `<name>`. */
  readonly destinationRule: string;
  /** The VirtualService HTTP route whose weights Argo Rollouts sets. */
  readonly primaryRoute: string;
  /** The managed route `setHeaderRoute` adds for A/B testing. */
  readonly headerRoute: string;
  /** The managed route `setMirrorRoute` adds for mirroring. */
  readonly mirrorRoute: string;
  /** DestinationRule subset of the stable ReplicaSet. */
  readonly stableSubset: string;
  /** DestinationRule subset of the new ReplicaSet. */
  readonly canarySubset: string;
  /** AnalysisTemplate name of a check: `<name>-<check>`. */
  analysisTemplate(check: string): string;
}

/** The names of the objects rendered for service `name`. */
export function argoRolloutsNames(name: string): ArgoRolloutsNames {
  return {
    rollout: name,
    apexService: name,
    stableService: `${name}-primary`,
    canaryService: `${name}-canary`,
    virtualService: name,
    destinationRule: name,
    primaryRoute: 'primary',
    headerRoute: 'ab-test',
    mirrorRoute: 'mirror',
    stableSubset: 'stable',
    canarySubset: 'canary',
    analysisTemplate: (check) => `${name}-${check}`,
  };
}
