export {
  ARGO_ROLLOUTS_CHART,
  ARGO_ROLLOUTS_CONTROLLER_DEFAULTS,
  argoRolloutsControllerValues,
  NOTIFICATION_SECRET_NAME,
  resolveArgoRolloutsControllerSettings,
  SLACK_TOKEN_KEY,
  validateArgoRolloutsControllerSettings,
} from './args';
export type {
  ArgoRolloutsControllerSettings,
  ControllerResources,
  ResolvedArgoRolloutsControllerSettings,
  SlackNotifications,
  UpstreamPresence,
} from './args';
export { ArgoRolloutsController, type ArgoRolloutsControllerArgs } from './argo-rollouts-controller';
