/**
 * Flux HelmRepository and HelmRelease objects from the render's Helm releases: pinned chart version, values
 * inline, secret values only through `valuesFrom` references to the bootstrap's Secret, and the release order of
 * the plan as `dependsOn`.
 */
import { FLUX_DEFAULTS, substitutionVariable } from '../../packages/platform/flux/args';
import { type KubeObject, type Problem, sortKeys } from '../../packages/shared';
import { FLUX_API_VERSIONS } from '../../packages/shared/versions';
import type { SecretOrigins, TreeHelmRelease, TreeObject, TreeResource } from './types';

/** How the HelmReleases reconcile: every 10 minutes, chart source checked hourly, three retries on failure. */
export const HELM_RELEASE_DEFAULTS = {
  interval: '10m',
  chartInterval: '1h',
  repositoryInterval: '1h',
  retries: 3,
  /** Labels on every object of the tree. */
  labels: { 'app.kubernetes.io/part-of': 'canary-platform', 'app.kubernetes.io/managed-by': 'flux' },
} as const;

/** The text masked secrets have in the render. */
const SECRET = '[secret]';

/** Pulumi types of Helm releases. */
export const HELM_TYPES: ReadonlySet<string> = new Set(['kubernetes:helm.sh/v3:Release', 'kubernetes:helm.sh/v4:Chart']);

/** A Go duration for a number of seconds: `900` -> `15m`, `90` -> `90s`. */
export function goDuration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** The repository URL and chart name Flux needs: `oci://r/p/chart` splits into `oci://r/p` and `chart`. */
function chartSource(h: TreeHelmRelease): { url: string; chart: string; oci: boolean } | undefined {
  if (h.repository !== null) return { url: h.repository.replace(/\/+$/, ''), chart: h.chart, oci: h.repository.startsWith('oci://') };
  if (h.chart.startsWith('oci://')) {
    const cut = h.chart.lastIndexOf('/');
    return { url: h.chart.slice(0, cut), chart: h.chart.slice(cut + 1), oci: true };
  }
  return undefined;
}

/**
 * HelmRepository names: the first label of the repository's host (`https://prometheus-community.github.io/...`
 * -> `prometheus-community`), or the whole host and path when two repositories share that label.
 */
export function repositoryNames(urls: readonly string[]): Map<string, string> {
  const unique = [...new Set(urls)].sort();
  const short = (url: string): string => url.replace(/^[a-z]+:\/\//, '').split(/[./]/)[0];
  const long = (url: string): string =>
    url
      .replace(/^[a-z]+:\/\//, '')
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase();
  const counts = new Map<string, number>();
  for (const url of unique) counts.set(short(url), (counts.get(short(url)) ?? 0) + 1);
  return new Map(unique.map((url) => [url, (counts.get(short(url)) === 1 ? short(url) : long(url)).slice(0, 63).replace(/-+$/, '')]));
}

/** HelmRelease names: the release name, or `<namespace>-<release>` when two namespaces use one release name. */
export function releaseNames(releases: readonly TreeHelmRelease[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const h of releases) counts.set(h.release, (counts.get(h.release) ?? 0) + 1);
  return new Map(releases.map((h) => [h.source, counts.get(h.release) === 1 ? h.release : `${h.namespace}-${h.release}`]));
}

/**
 * The Helm releases each release waits for: the nearest releases among its dependencies in the plan, following
 * dependencies through resources that are not releases (a namespace, a Secret, a bucket).
 */
export function releaseDependencies(releases: readonly TreeHelmRelease[], resources: readonly TreeResource[]): Map<string, string[]> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const isRelease = new Set(releases.map((h) => h.source));
  const out = new Map<string, string[]>();
  for (const h of releases) {
    const found = new Set<string>();
    const seen = new Set<string>();
    const queue = [...(byUrn.get(h.source)?.dependencies ?? [])];
    while (queue.length > 0) {
      const urn = queue.shift()!;
      if (seen.has(urn)) continue;
      seen.add(urn);
      if (isRelease.has(urn)) found.add(urn);
      else queue.push(...(byUrn.get(urn)?.dependencies ?? []));
    }
    out.set(h.source, [...found].sort());
  }
  return out;
}

/** A Helm `--set` path for a value path (dots in keys escaped): `['grafana.ini', 'users']` -> `grafana\.ini.users`. */
export function helmPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : `${acc}${acc ? '.' : ''}${seg.replace(/\./g, '\\.')}`), '');
}

/** Splits values into inline values and `valuesFrom` references; a secret without a stack key is a problem. */
function secretValues(
  h: TreeHelmRelease,
  file: string,
  project: string,
  origins: SecretOrigins,
  problems: Problem[],
): { values: Record<string, unknown>; valuesFrom: { kind: 'Secret'; name: string; valuesKey: string; targetPath: string }[] } {
  const valuesFrom: { kind: 'Secret'; name: string; valuesKey: string; targetPath: string }[] = [];
  const known = origins.get(h.source);
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (value === SECRET) {
      const origin = known?.get(JSON.stringify(['values', ...path]));
      if (origin?.kind === 'config') {
        valuesFrom.push({ kind: 'Secret', name: FLUX_DEFAULTS.secretsName, valuesKey: variableOf(origin.key, project), targetPath: helmPath(path) });
      } else {
        problems.push({
          subject: file,
          path: `spec.values.${helmPath(path)}`,
          message: 'is a secret the program computes, not a secret stack key, so Git cannot carry it; pass it to the chart through a Secret the chart reads by name',
        });
      }
      return undefined;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return value;
  };
  const values = walk(h.values, []) as Record<string, unknown>;
  return { values, valuesFrom: valuesFrom.sort((a, b) => (a.targetPath < b.targetPath ? -1 : 1)) };
}

/** The substitution variable of a stack key: `canary-platform:slackWebhookUrl` -> `SLACK_WEBHOOK_URL`. */
export function variableOf(configKey: string, project: string): string {
  return substitutionVariable(configKey.startsWith(`${project}:`) ? configKey.slice(project.length + 1) : configKey);
}

/** What {@link fluxHelmObjects} returns. */
export interface FluxHelmObjects {
  /** HelmRepositories then HelmReleases, files named `helmrepository-<name>.yaml` and `helmrelease-<name>.yaml`. */
  readonly objects: readonly TreeObject[];
  /** HelmRelease name per release URN. */
  readonly names: ReadonlyMap<string, string>;
  /** The longest release timeout, seconds (the charts layer waits longer). */
  readonly longestTimeout: number;
}

/**
 * One HelmRepository per chart repository and one HelmRelease per Helm release, all in `flux-system`; each release
 * installs into its own namespace (`targetNamespace`, `storageNamespace`), with CRDs created and replaced on
 * upgrade, drift detection, and the options the Pulumi release had (timeout, history, cleanup).
 */
export function fluxHelmObjects(
  releases: readonly TreeHelmRelease[],
  resources: readonly TreeResource[],
  project: string,
  origins: SecretOrigins,
  problems: Problem[],
): FluxHelmObjects {
  const ns = FLUX_DEFAULTS.namespace;
  const labels = HELM_RELEASE_DEFAULTS.labels;
  const sources = new Map(releases.map((h) => [h.source, chartSource(h)]));
  const repoNames = repositoryNames([...sources.values()].flatMap((s) => (s ? [s.url] : [])));
  const names = releaseNames(releases);
  const dependencies = releaseDependencies(releases, resources);
  const repositories = new Map<string, TreeObject>();
  const out: TreeObject[] = [];
  let longestTimeout = 0;
  for (const h of releases) {
    const name = names.get(h.source)!;
    const file = `helmrelease-${name}.yaml`;
    const source = sources.get(h.source);
    if (source === undefined) {
      problems.push({ subject: `helm/${h.namespace}/${h.release}.yaml`, path: 'chart', message: `(${h.chart}) is a local chart; Flux installs charts from a repository: publish it to a chart or OCI repository` });
      continue;
    }
    if (h.version === null) {
      problems.push({ subject: `helm/${h.namespace}/${h.release}.yaml`, path: 'version', message: 'is not pinned; Flux would install the latest chart: set an exact version' });
      continue;
    }
    const repository = repoNames.get(source.url)!;
    if (!repositories.has(repository)) {
      repositories.set(repository, {
        file: `helmrepository-${repository}.yaml`,
        source: `the chart repository ${source.url}`,
        object: sortKeys({
          apiVersion: FLUX_API_VERSIONS.source,
          kind: 'HelmRepository',
          metadata: { name: repository, namespace: ns, labels },
          spec: { url: source.url, interval: HELM_RELEASE_DEFAULTS.repositoryInterval, ...(source.oci ? { type: 'oci' } : {}) },
        }) as unknown as KubeObject,
      });
    }
    const options = h.options;
    const timeout = typeof options.timeout === 'number' ? options.timeout : 300;
    longestTimeout = Math.max(longestTimeout, timeout);
    const crds = options.skipCrds === true ? 'Skip' : 'CreateReplace';
    const { values, valuesFrom } = secretValues(h, `gitops/flux/charts/${file}`, project, origins, problems);
    const dependsOn = (dependencies.get(h.source) ?? []).map((urn) => ({ name: names.get(urn)!, namespace: ns }));
    out.push({
      file,
      source: h.source,
      object: sortKeys({
        apiVersion: FLUX_API_VERSIONS.helm,
        kind: 'HelmRelease',
        metadata: { name, namespace: ns, labels },
        spec: {
          interval: HELM_RELEASE_DEFAULTS.interval,
          releaseName: h.release,
          targetNamespace: h.namespace,
          storageNamespace: h.namespace,
          chart: {
            spec: {
              chart: source.chart,
              version: h.version,
              sourceRef: { kind: 'HelmRepository', name: repository, namespace: ns },
              interval: HELM_RELEASE_DEFAULTS.chartInterval,
            },
          },
          install: { crds, createNamespace: options.createNamespace === true, remediation: { retries: HELM_RELEASE_DEFAULTS.retries } },
          upgrade: {
            crds,
            cleanupOnFail: options.cleanupOnFail !== false,
            remediation: { retries: HELM_RELEASE_DEFAULTS.retries, remediateLastFailure: true },
          },
          driftDetection: { mode: 'enabled' },
          timeout: goDuration(timeout),
          ...(typeof options.maxHistory === 'number' ? { maxHistory: options.maxHistory } : {}),
          ...(dependsOn.length > 0 ? { dependsOn } : {}),
          ...(Object.keys(values).length > 0 ? { values } : {}),
          ...(valuesFrom.length > 0 ? { valuesFrom } : {}),
        },
      }) as unknown as KubeObject,
    });
  }
  const sortedRepositories = [...repositories.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
  return { objects: [...sortedRepositories, ...out.sort((a, b) => (a.file < b.file ? -1 : 1))], names, longestTimeout };
}
