/**
 * Splits the render into the tree's layers, in the platform's dependency order: namespaces (and whatever a chart
 * needs first) -> Secret templates -> charts (the CRD-bringing releases among them) -> platform objects -> the
 * services. Each layer is one Flux Kustomization that waits for its objects and depends on the one before.
 */
import { FLUX_DEFAULTS } from '../../packages/platform/flux/args';
import type { Problem } from '../../packages/shared';
import { apiGroup, isBuiltInGroup } from './crds';
import { fluxHelmObjects, goDuration } from './helm-releases';
import { secretTemplates } from './secrets';
import type { GitOpsTreeInput, Layer, LayerId, TreeManifest, TreeObject, TreeResource } from './types';

/** Type of the component that holds a stack's CanaryServices: its objects form the services layer. */
export const WORKLOADS_TYPE = 'canary-platform:platform:CanaryWorkloads';

/** Names, folders and timeouts of the layers. */
export const LAYER_DEFAULTS = {
  /** Prefix of the platform's Flux Kustomizations: `canary-platform-charts`. */
  prefix: FLUX_DEFAULTS.rootKustomization,
  folders: { namespaces: 'layers/namespaces', secrets: 'flux/secrets', charts: 'flux/charts', objects: 'layers/objects', services: 'layers/services' },
  timeouts: { namespaces: '5m', secrets: '5m', objects: '5m', services: '10m' },
  /** Added to the longest Helm timeout for the charts layer (a release may be retried). */
  chartsMarginSeconds: 300,
} as const satisfies { folders: Record<LayerId, string> } & Record<string, unknown>;

/** The Flux Kustomization name of a platform layer. */
export function layerName(id: LayerId): string {
  return `${LAYER_DEFAULTS.prefix}-${id}`;
}

/** The Flux Kustomization name of a team's services layer. */
export function teamLayerName(team: string): string {
  return `${team}-services`;
}

/** True when `urn` or one of its ancestors is a CanaryWorkloads component. */
function underWorkloads(urn: string, byUrn: ReadonlyMap<string, TreeResource>): boolean {
  for (let r = byUrn.get(urn); r !== undefined; r = r.parent === null ? undefined : byUrn.get(r.parent)) {
    if (r.type === WORKLOADS_TYPE) return true;
  }
  return false;
}

function manifestObject(m: TreeManifest): TreeObject {
  return { object: m.object, file: m.path, source: m.source };
}

/** Every layer of the tree, in apply order (a layer without objects is left out). */
export function treeLayers(input: GitOpsTreeInput, problems: Problem[]): Layer[] {
  const scope = input.scope ?? { kind: 'platform' };
  if (scope.kind === 'team') {
    if (input.helmReleases.length > 0) {
      problems.push({ subject: 'helm/', path: '', message: "a team's tree has no charts: install charts in the platform stack" });
    }
    const secrets = input.secretsOmitted.map((id) => ({ subject: id, path: '', message: "a team's tree carries no Secrets: create them outside the tree (External Secrets, Secret Manager CSI)" }));
    problems.push(...secrets);
    return [
      {
        id: 'services',
        name: teamLayerName(scope.team),
        folder: `layers/${teamLayerName(scope.team)}`,
        dependsOn: [layerName('objects')],
        objects: input.manifests.map(manifestObject),
        substitute: false,
        timeout: LAYER_DEFAULTS.timeouts.services,
      },
    ];
  }

  const byUrn = new Map(input.resources.map((r) => [r.urn, r]));
  const helm = fluxHelmObjects(input.helmReleases, input.resources, input.project, input.secretOrigins, problems);
  const secrets = secretTemplates(input.resources, input.secretsOmitted, input.project, input.secretOrigins, problems);
  // What a chart needs before it installs: its direct dependencies (namespaces, here).
  const chartNeeds = new Set(input.helmReleases.flatMap((h) => byUrn.get(h.source)?.dependencies ?? []));
  const groups: Record<'namespaces' | 'objects' | 'services', TreeObject[]> = { namespaces: [], objects: [], services: [] };
  for (const m of input.manifests) {
    if (underWorkloads(m.source, byUrn)) groups.services.push(manifestObject(m));
    else if (m.object.kind === 'Namespace' || chartNeeds.has(m.source)) {
      if (!isBuiltInGroup(apiGroup(m.object.apiVersion))) {
        problems.push({ subject: `manifests/${m.path}`, path: '', message: `is needed by a chart before it installs, but its kind (${m.object.apiVersion} ${m.object.kind}) needs a CRD no chart has installed yet` });
      }
      groups.namespaces.push(manifestObject(m));
    } else groups.objects.push(manifestObject(m));
  }

  const t = LAYER_DEFAULTS.timeouts;
  const f = LAYER_DEFAULTS.folders;
  const candidates: Omit<Layer, 'dependsOn'>[] = [
    { id: 'namespaces', name: layerName('namespaces'), folder: f.namespaces, objects: groups.namespaces, substitute: false, timeout: t.namespaces },
    { id: 'secrets', name: layerName('secrets'), folder: f.secrets, objects: secrets, substitute: true, timeout: t.secrets },
    {
      id: 'charts',
      name: layerName('charts'),
      folder: f.charts,
      objects: helm.objects,
      substitute: false,
      timeout: goDuration(helm.longestTimeout + LAYER_DEFAULTS.chartsMarginSeconds),
    },
    { id: 'objects', name: layerName('objects'), folder: f.objects, objects: groups.objects, substitute: false, timeout: t.objects },
    { id: 'services', name: layerName('services'), folder: f.services, objects: groups.services, substitute: false, timeout: t.services },
  ];
  const present = candidates.filter((l) => l.objects.length > 0);
  // Secrets depend on the namespaces only; every other layer on every layer before it (secrets aside for the
  // objects and services, which the charts layer already waits for).
  return present.map((layer, i) => {
    const before = present.slice(0, i);
    const dependsOn =
      layer.id === 'secrets'
        ? before.filter((l) => l.id === 'namespaces')
        : layer.id === 'charts'
          ? before
          : before.length > 0
            ? [before[before.length - 1]]
            : [];
    return { ...layer, dependsOn: dependsOn.map((l) => l.name) };
  });
}
