/**
 * CanaryService: one typed spec per service that renders everything an automated canary release needs.
 * Public exports only.
 */
export { CanaryService } from './canary-service';
export { DEFAULTS, type CanaryServiceDefaults } from './defaults';
export { Duration } from './duration';
export { canaryServiceNames, SELECTOR_LABEL, type CanaryServiceNames } from './names';
export { ALERT_SEVERITIES, ALERT_TYPES, ENGINES } from './props';
export type {
  AcceptanceTestProps,
  AlertProps,
  AlertSeverity,
  AlertType,
  AnalysisProps,
  BusinessMetricProps,
  CanaryServiceProps,
  ChecksProps,
  DurationInput,
  Engine,
  IngressProps,
  LoadTestProps,
  PlatformProps,
  PostRolloutProps,
  RetryProps,
  TrafficProps,
  WebhooksProps,
} from './props';
export { HEADER_MATCH_TYPES, STRATEGY_KINDS } from './props-strategy';
export type {
  AbTestingStrategyProps,
  BlueGreenStrategyProps,
  CanaryStrategyProps,
  CookieMatchRule,
  DefaultWeights,
  ExplicitWeights,
  HeaderMatchRule,
  HeaderMatchType,
  LinearWeights,
  MatchRule,
  MirrorStrategyProps,
  StrategyKind,
  StrategyProps,
  WeightSchedule,
} from './props-strategy';
export type {
  AutoscaledScalingProps,
  ContainerPortProps,
  EnvFromProps,
  EnvValue,
  FixedScalingProps,
  HttpProbeProps,
  KeyReference,
  MetricsProps,
  ProbesProps,
  ResourceAmounts,
  ResourcesProps,
  RollingUpdateProps,
  ScalingProps,
  SecurityProps,
  ServiceAccountProps,
  ShutdownProps,
  TopologySpreadProps,
} from './props-workload';
export {
  analysisQueries,
  businessMetricQuery,
  errorRateQuery,
  FLAGGER_PRIMARY_WORKLOAD,
  FLAGGER_SELECTOR,
  latencyQuantileQuery,
  p95LatencyQuery,
  relativeLatencyQuery,
  relativeLatencyThreshold,
  requestSuccessRateQuery,
  type AnalysisCheck,
  type AnalysisQuery,
  type SourceWorkload,
  type TemplateValues,
  type WorkloadSelector,
} from './queries';
export { renderCanaryService, type NamedCanaryServiceProps, type RenderCanaryServiceOptions } from './render';
export type {
  ResolvedAlert,
  ResolvedAnalysis,
  ResolvedBusinessMetric,
  ResolvedCanaryService,
  ResolvedChecks,
  ResolvedMatchRule,
  ResolvedProbe,
  ResolvedScaling,
  ResolvedStrategy,
  ResolvedWebhooks,
} from './resolved';
export { scheduleWeights } from './schema-strategy';
export { isResolvedCanaryService, validateCanaryServiceProps, type SpecContext } from './spec';
export { promotionSeconds, releaseTimeline, worstCaseRollbackSeconds, type ReleaseTimeline } from './timing';
