/**
 * The engine-neutral CanaryService spec: what a user writes (props), how it is checked (zod schemas, cross-prop
 * rules, engine parity rules), its defaults, and the resolved spec every engine renders from, plus what is
 * derived from it alone (names, analysis queries, release timeline).
 *
 * Data flows one way: spec/ imports only packages/shared (and the PromQL parser of packages/validation);
 * workload/ and the engines import spec/; nothing here imports them.
 */
export { DEFAULTS, type CanaryServiceDefaults } from './defaults';
export { Duration, DURATION_RULE } from './duration';
export { canaryServiceNames, METRICS_PORT_NAME, SELECTOR_LABEL, type CanaryServiceNames } from './names';
export { ALERT_SEVERITIES, ALERT_TYPES, ENGINES } from './props';
export type * from './props';
export { HEADER_MATCH_TYPES, STRATEGY_KINDS } from './props-strategy';
export type * from './props-strategy';
export type * from './props-workload';
export type * from './resolved';
export {
  ARGO_RESERVED_CHECK_NAMES,
  argoRolloutsParityProblems,
  PARITY_TABLE,
  parityTableMarkdown,
  unsupportedByArgoRollouts,
  type EngineName,
  type EngineSupport,
  type ParityInput,
  type ParityRow,
  type UnsupportedFeature,
} from './parity';
export {
  analysisChecks,
  analysisQueries,
  businessMetricQuery,
  errorRateQuery,
  FLAGGER_PRIMARY_WORKLOAD,
  FLAGGER_SELECTOR,
  latencyQuantileQuery,
  loadTesterSource,
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
export { describeMatchRule, scheduleWeights } from './schema-strategy';
export { describe, formatPath } from './schema-helpers';
export { promotionSeconds, releaseTimeline, worstCaseRollbackSeconds, type ReleaseTimeline } from './timing';
export { isResolvedCanaryService, validateCanaryServiceProps, type SpecContext } from './validate';
