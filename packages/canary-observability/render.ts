import { requireObjectArguments, type KubeObject } from '../shared';
import { canaryRuleGroups } from './canary-rules';
import { platformDashboardConfigMap } from './platform-dashboard';
import { platformRuleGroups } from './platform-rules';
import { resolvePlatformObservability, type PlatformObservabilityInput } from './platform-spec';
import { prometheusRule } from './rule-types';
import { serviceDashboardConfigMap } from './service-dashboard';
import { sloRuleGroups } from './slo-rules';
import { resolveServiceObservability, type ServiceObservabilityInput } from './spec';

/** Name of a service's PrometheusRule: `<name>-observability`. */
export function serviceRuleName(name: string): string {
  return `${name}-observability`;
}

/** Name of the platform PrometheusRule and dashboard ConfigMap. */
export const PLATFORM_OBSERVABILITY_NAME = 'canary-platform-observability';

/**
 * Everything that watches one CanaryService, as plain objects (pure, deterministic):
 * - a `PrometheusRule` `<name>-observability` in the service's namespace with the SLO recording rules,
 *   multi-window burn-rate alerts on the error ratio and the slow-request ratio, and the release alerts of its
 *   engine (Flagger: `CanaryFailed`, `CanaryStuckProgressing`, `CanaryAnalysisNoTraffic`; Argo Rollouts:
 *   `RolloutAborted`, `RolloutStuckProgressing`);
 * - unless `dashboard.enabled` is false, a ConfigMap holding the deployment dashboard, labelled for Grafana's
 *   sidecar.
 *
 * @throws ValidationError listing every problem in `input` before anything is rendered
 */
export function renderServiceObservability(input: ServiceObservabilityInput): KubeObject[] {
  requireObjectArguments('renderServiceObservability', { input });
  const s = resolveServiceObservability(input);
  const objects: KubeObject[] = [
    prometheusRule(serviceRuleName(s.name), s.namespace, { ...s.ruleLabels, 'app.kubernetes.io/part-of': s.name }, [
      ...sloRuleGroups(s),
      ...canaryRuleGroups(s),
    ]),
  ];
  if (s.dashboard.enabled) objects.push(serviceDashboardConfigMap(s));
  return objects;
}

/**
 * The platform's own alerts and overview dashboard: a `PrometheusRule` (`FlaggerDown`, `IstiodDown`,
 * `PrometheusDown`, `PlatformTargetDown`, `FlaggerCanaryFailed`) and the overview dashboard ConfigMap, both in
 * the monitoring namespace.
 *
 * @throws ValidationError listing every problem in `input`
 */
export function renderPlatformObservability(input: PlatformObservabilityInput = {}): KubeObject[] {
  requireObjectArguments('renderPlatformObservability', { input });
  const p = resolvePlatformObservability(input);
  return [
    prometheusRule(PLATFORM_OBSERVABILITY_NAME, p.namespace, p.ruleLabels, platformRuleGroups(p)),
    platformDashboardConfigMap(p),
  ];
}
