/**
 * The stack's CanaryServices: from `canary-platform:services` to a {@link CanaryWorkloads} component. Used by the
 * single program (on the `Platform`) and by the services layer (on the endpoints the delivery layer exports).
 */
import type { CanaryServiceProps } from '../../packages/canary/spec';
import { canaryServiceConstruct, CanaryWorkloads, CanaryWorkloadSpec, PlatformEndpoints } from '../../packages/platform/canary-workloads';
import type { StackConfig } from './config';

/** `canary-platform:services` entries as workload specs (the namespace split from the CanaryService props). */
export function workloadSpecs(config: StackConfig): CanaryWorkloadSpec[] {
  return config.services.map(({ namespace, ...props }) => ({
    namespace,
    props: props as unknown as CanaryServiceProps & { name: string },
  }));
}

/** Registers the stack's CanaryServices on `platform` (nothing when there are none); returns their ids. */
export function buildWorkloads(config: StackConfig, platform: PlatformEndpoints): string[] {
  const specs = workloadSpecs(config);
  if (specs.length === 0) return [];
  const workloads = new CanaryWorkloads(`${config.cluster.name}-services`, {
    services: specs,
    platform,
    canaryService: canaryServiceConstruct(),
  });
  return [...workloads.serviceIds];
}
