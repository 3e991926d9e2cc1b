/**
 * The Argo Rollouts engine of CanaryService: public exports only. Users select it with
 * `engine: 'argoRollouts'`; `renderCanaryService` dispatches here.
 */
export { renderArgoRollouts } from './render';
export { argoRolloutsNames, type ArgoRolloutsNames } from './names';
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
  loadTestCommand,
  REVISION_LABEL,
  revisionSelectors,
  successCondition,
  type AnalysisMode,
} from './analysis';
export { podTemplateRevision, ROLLOUT_HASH_LABEL, rolloutPodTemplate } from './rollout';
export { routingHosts, usesTrafficRouting } from './traffic';
export {
  ALERT_SEVERITIES,
  NOTIFICATION_SERVICE,
  NOTIFICATION_TRIGGERS,
  notificationAnnotations,
  notificationConfig,
  receives,
  SUBSCRIBE_ANNOTATION_PREFIX,
  type AlertSeverity,
  type NotificationTrigger,
  type SlackSubscription,
} from './notifications';
