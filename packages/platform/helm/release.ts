/**
 * Pure helpers shared by the platform components that install Helm charts: pinned release arguments and the
 * one documented escape hatch for values (a deep merge applied last).
 */
import type * as k8s from '@pulumi/kubernetes';
import { sortKeys } from '../../shared';
import type { ChartVersion } from '../../shared/versions';

/** Plain Helm values (JSON-compatible). */
export type HelmValues = { readonly [key: string]: unknown };

/**
 * A container security context that passes the workload policies (non-root, no privilege escalation, every
 * capability dropped, the runtime's seccomp profile), for the charts' `securityContext` values; Helm merges it into
 * the chart's own defaults (a read-only root filesystem and the image's user id, where a chart sets them).
 */
export const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/**
 * Deep-merges `overrides` into `base`: objects merge key by key, anything else (arrays included) in `overrides`
 * replaces the base value, and `undefined` leaves the base value alone. Returns a new object with sorted keys.
 *
 * This is the escape hatch every component offers as `valuesOverrides`: our typed values are computed first,
 * the user's overrides are merged last, so an override always wins and is visible in the release inputs.
 */
export function mergeValues(base: HelmValues, overrides: HelmValues | undefined): HelmValues {
  if (!overrides) return sortKeys(base);
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
  }
  return sortKeys(out);
}

function isPlainObject(value: unknown): value is HelmValues {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What a release needs besides its chart. */
export interface ReleaseSpec {
  /** Helm release name (also the prefix of most object names the chart creates). */
  readonly name: string;
  /** Namespace the release installs into (created by the component, not by Helm). */
  readonly namespace: string;
  /** Values, already merged with any overrides. */
  readonly values: HelmValues;
  /** Seconds Helm waits for resources to become ready. @default 900 */
  readonly timeoutSeconds?: number;
}

/**
 * Arguments of a `k8s.helm.v3.Release` for a pinned chart: exact version, repository, atomic install with
 * cleanup on failure, bounded history, no namespace creation by Helm.
 */
export function releaseArgs(chart: ChartVersion, spec: ReleaseSpec): k8s.helm.v3.ReleaseArgs {
  return {
    name: spec.name,
    chart: chart.chart,
    version: chart.version,
    repositoryOpts: { repo: chart.repo },
    namespace: spec.namespace,
    createNamespace: false,
    atomic: true,
    cleanupOnFail: true,
    maxHistory: 10,
    timeout: spec.timeoutSeconds ?? 900,
    values: sortKeys(spec.values) as Record<string, unknown>,
  };
}
