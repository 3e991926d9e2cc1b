/**
 * CanaryService: one typed spec per service that renders everything an automated canary release needs.
 * Public exports only.
 */
export { CanaryService } from './canary-service';
export { DEFAULTS, type CanaryServiceDefaults } from './spec/defaults';
export { Duration } from './spec/duration';
export { canaryServiceNames, SELECTOR_LABEL, type CanaryServiceNames } from './spec/names';
export { ALERT_SEVERITIES, ALERT_TYPES, ENGINES } from './spec/props';
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
} from './spec/props';
export { HEADER_MATCH_TYPES, STRATEGY_KINDS } from './spec/props-strategy';
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
} from './spec/props-strategy';
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
} from './spec/props-workload';
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
} from './spec/queries';
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
} from './spec/resolved';
export { scheduleWeights } from './spec/schema-strategy';
export { isResolvedCanaryService, validateCanaryServiceProps, type SpecContext } from './spec/validate';
export { promotionSeconds, releaseTimeline, worstCaseRollbackSeconds, type ReleaseTimeline } from './spec/timing';
