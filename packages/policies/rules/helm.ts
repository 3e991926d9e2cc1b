import type { PolicyRule } from '../types';
import { isUnknown, show } from '../support/values';

/** Pulumi type tokens of Helm releases and charts. */
export const HELM_TYPES = ['kubernetes:helm.sh/v3:Release', 'kubernetes:helm.sh/v4:Chart'] as const;

/** An exact semantic version (semver 2.0.0), optionally with a leading `v`: no ranges, wildcards or partial versions. */
export const EXACT_SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** True for a chart given as a local path, whose version is fixed by the files themselves. */
function isLocalChart(chart: unknown): boolean {
  return typeof chart === 'string' && (chart.startsWith('./') || chart.startsWith('../') || chart.startsWith('/') || chart.startsWith('file://'));
}

export const helmChartVersionPinned: PolicyRule = {
  id: 'helm-chart-version-pinned',
  severity: 'error',
  description: 'Every Helm release pins its chart to an exact version (`1.2.3`): no empty version, range (`^1.2`, `~1`, `>=1`), wildcard or partial version.',
  rationale: 'An unpinned chart installs whatever the repository serves that day: the same stack renders differently, and a rebuild after a disaster is not the stack that was reviewed.',
  remediation: 'Set `version` to an exact chart version and keep it in packages/shared/versions.ts.',
  resourceTypes: HELM_TYPES,
  checkResource: (resource) => {
    const { chart, version } = resource.inputs;
    if (isLocalChart(chart) || isUnknown(version)) return [];
    if (typeof version !== 'string' || version.trim() === '') {
      return [{ path: 'version', message: `(${show(version)}) of chart ${show(chart)} is not pinned, so Helm installs the latest; set an exact version such as 1.2.3` }];
    }
    if (!EXACT_SEMVER.test(version.trim())) {
      return [{ path: 'version', message: `(${show(version)}) of chart ${show(chart)} is a range or not a version; set an exact version such as 1.2.3` }];
    }
    return [];
  },
};
