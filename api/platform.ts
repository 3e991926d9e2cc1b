/**
 * `canary-platform/platform`: the Pulumi components (the whole {@link Platform}, or its parts {@link GkeCluster},
 * {@link Istio}, {@link Observability}, {@link Flagger}, the {@link CanaryJudge}, the {@link ArgoRolloutsController} add-on and
 * {@link CanaryWorkloads}), their arguments and defaults, and {@link deployCanaryChart}, the bridge that deploys
 * a cdk8s chart of CanaryServices into a Pulumi stack.
 *
 * @packageDocumentation
 */
export {
  CanaryWorkloads,
  deployCanaryChart,
  Platform,
  type CanaryServiceConstruct,
  type CanaryWorkloadSpec,
  type CanaryWorkloadsArgs,
  type DeployCanaryChartOptions,
  type PlatformAddons,
  type PlatformArgs,
  type PlatformNamespaces,
} from '../packages/platform';
export {
  GKE_CLUSTER_DEFAULTS,
  GkeCluster,
  type AuthorizedNetwork,
  type BackupSettings,
  type ControlPlaneEndpoint,
  type GkeClusterArgs,
  type MaintenanceExclusion,
  type MaintenanceExclusionScope,
  type MaintenanceWindow,
  type NetworkPlan,
  type NodePoolSpec,
  type NodeTaint,
  type PrivateControlPlaneEndpoint,
  type PublicControlPlaneEndpoint,
  type ReleaseChannel,
  type ResolvedControlPlaneEndpoint,
  type ResolvedGkeClusterArgs,
  type ResolvedNodePool,
} from '../packages/platform/gke';
export { Istio, ISTIO_DEFAULTS, type IngressSettings, type IstioArgs, type IstioSettings, type ResourceRequirements } from '../packages/platform/istio';
export {
  Observability,
  OBSERVABILITY_DEFAULTS,
  type AlertChannels,
  type LokiSettings,
  type ObservabilityArgs,
  type ObservabilitySettings,
  type PrometheusEndpoint,
  type PrometheusSettings,
  type ResolvedObservabilitySettings,
  type RocketChatChannel,
  type SlackChannel,
} from '../packages/platform/observability';
export { Flagger, FLAGGER_DEFAULTS, type FlaggerArgs, type FlaggerSettings } from '../packages/platform/flagger';
export { CanaryJudge, JUDGE_DEPLOYMENT_DEFAULTS, type CanaryJudgeArgs, type CanaryJudgeSettings, type CanaryJudgeSettingsInput, type JudgeResources, type JudgeServerBundle } from '../packages/platform/judge';
export type { PlatformJudgeArgs } from '../packages/platform/parts';
export {
  ARGO_ROLLOUTS_CONTROLLER_DEFAULTS,
  ArgoRolloutsController,
  type ArgoRolloutsControllerArgs,
  type ArgoRolloutsControllerSettings,
  type ControllerResources,
  type ResolvedArgoRolloutsControllerSettings,
  type SlackNotifications,
} from '../packages/platform/argo-rollouts-controller';
export type { PlatformEndpoints } from '../packages/platform/canary-workloads';
export type { HelmValues } from '../packages/platform/helm';
