/**
 * The stack's CanaryServices: from `canary-platform:services` to a {@link CanaryWorkloads} component.
 */
import { CanaryService, CanaryServiceProps } from '../components/canary';
import { CanaryWorkloads, CanaryWorkloadSpec } from '../components/platform/canary-workloads';
import type { Platform } from '../components/platform';
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
    canaryService: CanaryService,
  });
  return [...workloads.serviceIds];
}

