/**
 * The Flagger engine of CanaryService (the default, `engine: 'flagger'`): public exports only.
 * `renderCanaryService` dispatches here. A peer of engines/argo-rollouts: both read the same resolved spec
 * (../../spec) and share the workload rendering (../../workload); neither imports the other.
 */
export { renderCanary } from './canary';
export { renderAlertProviders, renderFlaggerObjects, renderMetricTemplates } from './render';
