export { Platform } from './platform';
export type { PlatformAddons, PlatformArgs, PlatformNamespaces } from './platform';
export { deployCanaryChart, synthesizeChart } from './bridge';
export type { DeployCanaryChartOptions } from './bridge';
export { CanaryWorkloads, groupByNamespace, withPlatformDefaults } from './canary-workloads';
export type { CanaryServiceConstruct, CanaryWorkloadSpec, CanaryWorkloadsArgs } from './canary-workloads';
