/**
 * The tree for teams on Argo CD: an `Application` per plain layer (namespaces, platform objects, services) and
 * one per Helm release, ordered by sync waves as the Flux Kustomizations are by `dependsOn`. The Secret templates
 * have no Argo CD equivalent (Argo CD does not substitute): those Secrets come from outside the tree.
 */
import { FLUX_DEFAULTS } from '../../packages/platform/flux/args';
import { treePath } from '../../packages/platform/flux/render';
import { type KubeObject, sortKeys } from '../../packages/shared';
import { FLUX_API_VERSIONS } from '../../packages/shared/versions';
import type { GitOpsTreeInput, Layer, TreeObject } from './types';

/** Argo CD settings of every Application. */
export const ARGO_CD_DEFAULTS = {
  /** Namespace Argo CD runs in (and watches for Applications). */
  namespace: 'argocd',
  project: 'default',
  /** The cluster Argo CD runs in. */
  server: 'https://kubernetes.default.svc',
  /** Annotation ordering Applications of one sync. */
  waveAnnotation: 'argocd.argoproj.io/sync-wave',
  retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '5m' } },
  /** Server-side apply: CRDs of kube-prometheus-stack are too large for client-side apply's annotation. */
  syncOptions: ['ServerSideApply=true'],
  labels: { 'app.kubernetes.io/part-of': 'canary-platform', 'app.kubernetes.io/managed-by': 'argocd' },
} as const;

interface HelmReleaseSpec {
  readonly releaseName: string;
  readonly targetNamespace: string;
  readonly chart: { readonly spec: { readonly chart: string; readonly version: string; readonly sourceRef: { readonly name: string } } };
  readonly values?: Readonly<Record<string, unknown>>;
  readonly dependsOn?: readonly { readonly name: string }[];
}

function application(name: string, wave: number, source: Record<string, unknown>, namespace: string | undefined): KubeObject {
  return sortKeys({
    apiVersion: FLUX_API_VERSIONS.argoCdApplication,
    kind: 'Application',
    metadata: {
      name,
      namespace: ARGO_CD_DEFAULTS.namespace,
      labels: ARGO_CD_DEFAULTS.labels,
      annotations: { [ARGO_CD_DEFAULTS.waveAnnotation]: String(wave) },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: ARGO_CD_DEFAULTS.project,
      source,
      destination: { server: ARGO_CD_DEFAULTS.server, ...(namespace !== undefined ? { namespace } : {}) },
      syncPolicy: { automated: { prune: true, selfHeal: true }, retry: ARGO_CD_DEFAULTS.retry, syncOptions: [...ARGO_CD_DEFAULTS.syncOptions] },
    },
  }) as unknown as KubeObject;
}

/** Where Argo CD reads the config repository: the repository URL and the revision it follows. */
function configSource(repository: GitOpsTreeInput['repository']): { repoURL: string; targetRevision: string } {
  const s = repository.source;
  return s.kind === 'git' ? { repoURL: s.url, targetRevision: s.branch ?? FLUX_DEFAULTS.branch } : { repoURL: s.url, targetRevision: s.tag };
}

/** Depth of each HelmRelease in its `dependsOn` graph (0 for a release that waits for none). */
function releaseDepths(releases: readonly { name: string; spec: HelmReleaseSpec }[]): Map<string, number> {
  const byName = new Map(releases.map((r) => [r.name, r]));
  const depths = new Map<string, number>();
  const depth = (name: string, seen: ReadonlySet<string>): number => {
    const known = depths.get(name);
    if (known !== undefined) return known;
    if (seen.has(name)) return 0; // a cycle; the tree check reports it
    const deps = (byName.get(name)?.spec.dependsOn ?? []).map((d) => d.name).filter((d) => byName.has(d));
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((d) => depth(d, new Set([...seen, name]))));
    depths.set(name, value);
    return value;
  };
  for (const r of releases) depth(r.name, new Set());
  return depths;
}

/**
 * The Applications, one file each (`application-<name>.yaml`). Waves: the namespaces layer 0, each Helm release
 * 1 + its depth in the release order, then the platform objects, then the services.
 */
export function argoApplications(layers: readonly Layer[], repository: GitOpsTreeInput['repository']): TreeObject[] {
  const config = configSource(repository);
  const out: TreeObject[] = [];
  let wave = 0;
  for (const layer of layers) {
    if (layer.id === 'secrets') continue;
    if (layer.id !== 'charts') {
      const name = layer.name;
      out.push({ file: `application-${name}.yaml`, source: `applies ${layer.folder}`, object: application(name, wave, { ...config, path: treePath(repository, layer.folder) }, undefined) });
      wave += 1;
      continue;
    }
    const repositories = new Map(
      layer.objects.filter((o) => o.object.kind === 'HelmRepository').map((o) => [o.object.metadata.name, (o.object.spec as { url: string }).url]),
    );
    const releases = layer.objects
      .filter((o) => o.object.kind === 'HelmRelease')
      .map((o) => ({ name: o.object.metadata.name, spec: o.object.spec as HelmReleaseSpec, source: o.source }));
    const depths = releaseDepths(releases);
    for (const r of releases) {
      const chart = r.spec.chart.spec;
      const url = repositories.get(chart.sourceRef.name) ?? '';
      const name = `${layer.name.replace(/-charts$/, '')}-${r.name}`;
      // Argo CD names OCI Helm repositories without the scheme.
      const repoURL = url.startsWith('oci://') ? url.slice('oci://'.length) : url;
      const helm = { releaseName: r.spec.releaseName, ...(r.spec.values !== undefined ? { valuesObject: r.spec.values } : {}) };
      const source = { repoURL, chart: chart.chart, targetRevision: chart.version, helm };
      out.push({ file: `application-${name}.yaml`, source: r.source, object: application(name, wave + (depths.get(r.name) ?? 0), source, r.spec.targetNamespace) });
    }
    wave += 1 + Math.max(0, ...depths.values());
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}
