export { Platform } from './platform';
export type { PlatformAddons, PlatformArgs, PlatformNamespaces } from './platform';
export { buildCluster, buildDelivery, buildMesh, buildObservability } from './parts';
export type {
  ClusterPart,
  DeliveryComponents,
  DeliveryInputs,
  DeliveryPart,
  MeshInputs,
  MeshPart,
  ObservabilityInputs,
  ObservabilityPart,
} from './parts';
export { deployCanaryChart, synthesizeChart } from './bridge';
export type { DeployCanaryChartOptions } from './bridge';
export { CanaryWorkloads, canaryServiceConstruct, groupByNamespace, withPlatformDefaults } from './canary-workloads';
export type { CanaryServiceConstruct, CanaryWorkloadSpec, CanaryWorkloadsArgs, PlatformEndpoints } from './canary-workloads';
