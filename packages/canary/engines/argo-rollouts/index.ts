/**
 * The Argo Rollouts engine of CanaryService: public exports only. Users select it with
 * `engine: 'argoRollouts'`; `renderCanaryService` dispatches here.
 */
export { renderArgoRollouts } from './render';
export { argoRolloutsNames, type ArgoRolloutsNames } from './names';
// The parity rules live with the spec (validation reports them with every other problem); re-exported here
// because they document this engine.
export {
  ALERT_SEVERITIES,
  ARGO_RESERVED_CHECK_NAMES,
  argoRolloutsParityProblems,
  PARITY_TABLE,
  parityTableMarkdown,
  unsupportedByArgoRollouts,
  type EngineName,
  type EngineSupport,
  type ParityInput,
  type ParityRow,
  type AlertSeverity,
  type UnsupportedFeature,
} from '../../spec';
export {
  canarySteps,
  cookieRegex,
  headerRouteMatch,
  intervals,
  mirrorEveryRequest,
  type CanarySteps,
  type HeaderRouteMatch,
  type HeaderValueMatch,
  type RolloutStep,
} from './steps';
export {
  CANARY_REVISION_ARG,
  JUDGE_ARGO_ROUTE,
  JUDGE_FAILURE_CONDITION,
  JUDGE_SUCCESS_CONDITION,
  judgeHoldLimit,
  judgeSettingsJson,
  loadTestCommand,
  REVISION_LABEL,
  revisionSelectors,
  successCondition,
  type AnalysisMode,
} from './analysis';
export { podTemplateRevision, ROLLOUT_HASH_LABEL, rolloutPodTemplate } from './rollout';
export { routingHosts, usesTrafficRouting } from './traffic';
export {
  NOTIFICATION_SERVICE,
  NOTIFICATION_TRIGGERS,
  notificationAnnotations,
  notificationConfig,
  receives,
  SUBSCRIBE_ANNOTATION_PREFIX,
  type NotificationTrigger,
  type SlackSubscription,
} from './notifications';
