/**
 * Workload rendering shared by both engines: metadata and labels, the pod template, and the Deployment,
 * Service, HPA, PodDisruptionBudget and ServiceAccount. Imports only spec/ and packages/shared; each engine
 * decides which of these it renders and with which selectors and targets.
 */
export { commonLabels, objectMetadata, sortedRecord } from './metadata';
export { metricsAnnotations, renderContainer, renderPodTemplate } from './pod-template';
export {
  renderDeployment,
  renderHorizontalPodAutoscaler,
  renderPodDisruptionBudget,
  renderService,
  renderServiceAccount,
  steadyReplicas,
} from './objects';
