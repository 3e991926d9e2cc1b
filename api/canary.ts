/**
 * `canary-platform/canary`: the {@link CanaryService} cdk8s construct, its props and the pure
 * `renderCanaryService`, plus the error and object types they use. Loads cdk8s, constructs and zod only (no
 * Pulumi), so a plain cdk8s app or a test imports it in a fraction of the root's start-up time.
 *
 * @packageDocumentation
 */
export * from '../packages/canary';
export {
  formatProblem,
  isValidationError,
  objectId,
  PLATFORM_CONTRACT,
  sortKeys,
  ValidationError,
  type KubeMetadata,
  type KubeObject,
  type PlatformContract,
  type Problem,
} from '../packages/shared';
// Per-service and platform alerts and dashboards (issue 7), so team stacks can add them next to their services.
export {
  observabilityInputFromCanary,
  PlatformObservability,
  renderPlatformObservability,
  renderServiceObservability,
  ServiceObservability,
  serviceTimeline,
  type BurnRateWindow,
  type CanaryAlertsInput,
  type DashboardInput,
  type DashboardThresholdsInput,
  type ObservabilityOverrides,
  type PlatformObservabilityInput,
  type RuleSeverity,
  type ScheduleStep,
  type ServiceObservabilityInput,
  type ServiceSloInput,
  type ServiceTimeline,
} from '../packages/canary-observability';
