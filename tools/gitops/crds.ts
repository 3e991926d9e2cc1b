/**
 * Which API groups need a CRD, and which pinned chart brings it: what the tree's order and its check rely on.
 * Facts about the charts pinned in packages/shared/versions.ts (the Istio, Flagger and Argo Rollouts groups are
 * checked against the upstream CRDs by tests/gitops/crds.test.ts).
 */
import { CHARTS } from '../../packages/shared/versions';

/** Groups whose CRDs each chart installs, keyed by `<repository> <chart>`. */
export const CHART_CRD_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  [chartKey(CHARTS.istioBase.repo, CHARTS.istioBase.chart), ['extensions.istio.io', 'networking.istio.io', 'security.istio.io', 'telemetry.istio.io']],
  [chartKey(CHARTS.kubePrometheusStack.repo, CHARTS.kubePrometheusStack.chart), ['monitoring.coreos.com']],
  [chartKey(CHARTS.flagger.repo, CHARTS.flagger.chart), ['flagger.app']],
  [chartKey(CHARTS.argoRollouts.repo, CHARTS.argoRollouts.chart), ['argoproj.io']],
]);

/** Groups the Flux bootstrap brings (the flux2 chart installs their CRDs before anything of the tree). */
export const FLUX_GROUPS: readonly string[] = [
  'helm.toolkit.fluxcd.io',
  'image.toolkit.fluxcd.io',
  'kustomize.toolkit.fluxcd.io',
  'notification.toolkit.fluxcd.io',
  'source.toolkit.fluxcd.io',
];

/** Key of {@link CHART_CRD_GROUPS}. */
export function chartKey(repository: string | null, chart: string): string {
  return `${repository ?? ''} ${chart}`;
}

/** API group of an apiVersion (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** True for groups the API server serves without a CRD: core, groups without a dot, and `*.k8s.io`. */
export function isBuiltInGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}
