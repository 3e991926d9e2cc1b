export {
  renderServiceObservability,
  renderPlatformObservability,
  serviceRuleName,
  PLATFORM_OBSERVABILITY_NAME,
} from './render';
export {
  resolveServiceObservability,
  ISTIO_DURATION_BUCKETS_MS,
  DEFAULT_BURN_RATE_WINDOWS,
  DEFAULT_RULE_SELECTOR_LABELS,
  SERVICE_OBSERVABILITY_DEFAULTS,
  RESERVED_ALERT_LABELS,
  RULE_SEVERITIES,
  type RuleSeverity,
  type BurnRateWindow,
  type ServiceSloInput,
  type CanaryAlertsInput,
  type DashboardInput,
  type DashboardThresholdsInput,
  type ServiceObservabilityInput,
  type ResolvedServiceObservability,
} from './spec';
export {
  resolvePlatformObservability,
  PLATFORM_OBSERVABILITY_DEFAULTS,
  type PlatformObservabilityInput,
  type ResolvedPlatformObservability,
} from './platform-spec';
export { SLO_ALERTS, errorRatioRecord, slowRatioRecord } from './slo-rules';
export { CANARY_ALERTS, FLAGGER_METRICS, FLAGGER_STATUS } from './canary-rules';
export { ROLLOUT_ALERTS, ARGO_ROLLOUTS_METRICS, ROLLOUT_PHASES } from './rollout-rules';
export { PLATFORM_ALERTS } from './platform-rules';
export { ruleFileOf, type RuleGroup, type RecordingRule, type AlertingRule } from './rule-types';
export { serviceDashboard, serviceDashboardUid, servicePodLogSelector } from './service-dashboard';
export { platformDashboard, PLATFORM_DASHBOARD_UID } from './platform-dashboard';
export { dashboardUid } from './dashboard-kit';
export { ServiceObservability, PlatformObservability } from './construct';
export { observabilityInputFromCanary, MIN_STUCK_AFTER_SECONDS, type ObservabilityOverrides } from './from-canary';
export {
  serviceTimeline,
  renderServiceTimeline,
  timelineSummaryRow,
  describeStrategy,
  formatSeconds,
  type ServiceTimeline,
  type ScheduleStep,
  type TimelineSummaryRow,
} from './timeline';
