import { stringify } from 'yaml';
import { sortKeys } from '../../packages/shared';
import { KUBERNETES_CONTAINER_TYPES } from './kube-objects';
import type { PlanResource } from './plan';
import type { PlainValue } from './wire-values';

/** A Helm release the stack installs, as written to `helm/<namespace>/<release>.yaml`. */
export interface HelmReleaseDescription {
  /** Release name (`name` input, else the resource name). */
  readonly release: string;
  /** Namespace it installs into. @default 'default' */
  readonly namespace: string;
  /** Chart name or reference (`oci://...` included). */
  readonly chart: string;
  /** Chart repository URL; null for OCI or local charts. */
  readonly repository: string | null;
  /** Pinned chart version; null when the program did not pin one (a policy rejects that). */
  readonly version: string | null;
  /** The full values passed to the chart, keys sorted, secrets as `[secret]`. */
  readonly values: Readonly<Record<string, PlainValue>>;
  /** Every other input of the release resource (createNamespace, atomic, timeout, skipCrds, ...). */
  readonly options: Readonly<Record<string, PlainValue>>;
  /** URN of the resource that installs it. */
  readonly source: string;
  /** Path under `helm/`. */
  readonly path: string;
}

/** Inputs shown as dedicated fields, not under `options`; `compat` is an SDK-internal flag, left out. */
const DEDICATED = new Set(['name', 'namespace', 'chart', 'repositoryOpts', 'version', 'values', 'compat']);

function str(v: PlainValue | undefined): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Every `kubernetes:helm.sh/v3:Release` and `kubernetes:helm.sh/v4:Chart` in the plan, sorted by path. */
export function collectHelmReleases(resources: readonly PlanResource[]): HelmReleaseDescription[] {
  const out: HelmReleaseDescription[] = [];
  for (const r of resources) {
    if (r.type !== KUBERNETES_CONTAINER_TYPES.helmRelease && r.type !== KUBERNETES_CONTAINER_TYPES.helmChart) continue;
    const inputs = r.inputs;
    const release = str(inputs.name) ?? r.name;
    const namespace = str(inputs.namespace) ?? 'default';
    const repo = inputs.repositoryOpts;
    const repository = repo && typeof repo === 'object' && !Array.isArray(repo) ? str(repo.repo) : null;
    const values = inputs.values && typeof inputs.values === 'object' && !Array.isArray(inputs.values) ? inputs.values : {};
    const options = Object.fromEntries(Object.entries(inputs).filter(([k]) => !DEDICATED.has(k)));
    out.push({
      release,
      namespace,
      chart: str(inputs.chart) ?? '',
      repository,
      version: str(inputs.version),
      values: sortKeys(values),
      options: sortKeys(options),
      source: r.urn,
      path: `${namespace}/${release}.yaml`,
    });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The files of `helm/`, paths relative to it. */
export function helmFiles(releases: readonly HelmReleaseDescription[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const { path, source, ...description } of releases) {
    const body = stringify(
      {
        release: description.release,
        namespace: description.namespace,
        chart: description.chart,
        repository: description.repository,
        version: description.version,
        options: description.options,
        values: description.values,
      },
      { lineWidth: 0, aliasDuplicateObjects: false },
    );
    files.set(path, `# Helm release rendered offline (chart not downloaded)\n# Source: ${source}\n${body}`);
  }
  return files;
}
