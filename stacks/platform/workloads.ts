/**
 * The stack's CanaryServices: from `canary-platform:services` to a {@link CanaryWorkloads} component.
 */
import type { CanaryServiceProps } from '../../packages/canary/props';
import { CanaryServiceConstruct, CanaryWorkloads, CanaryWorkloadSpec } from '../../packages/platform/canary-workloads';
import type { Platform } from '../../packages/platform';
import type { StackConfig } from './config';

/** `canary-platform:services` entries as workload specs (the namespace split from the CanaryService props). */
export function workloadSpecs(config: StackConfig): CanaryWorkloadSpec[] {
  return config.services.map(({ namespace, ...props }) => ({
    namespace,
    props: props as unknown as CanaryServiceProps & { name: string },
  }));
}

/** Registers the stack's CanaryServices on `platform` (nothing when there are none); returns their ids. */
export function buildWorkloads(config: StackConfig, platform: Platform): string[] {
  const specs = workloadSpecs(config);
  if (specs.length === 0) return [];
  const workloads = new CanaryWorkloads(`${config.cluster.name}-services`, {
    services: specs,
    platform,
    canaryService: canaryServiceConstruct(),
  });
  return [...workloads.serviceIds];
}

/**
 * The CanaryService construct (packages/canary), loaded when the stack has services: a platform-only stack
 * loads no construct code.
 */
function canaryServiceConstruct(): CanaryServiceConstruct {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../packages/canary') as { CanaryService: CanaryServiceConstruct }).CanaryService;
}
