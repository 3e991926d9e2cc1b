import type { ResolvedCanaryService } from '../canary/spec';
import { releaseTimeline } from '../canary/spec';
import { requireObjectArguments } from '../shared';
import { SERVICE_OBSERVABILITY_DEFAULTS, type ServiceObservabilityInput } from './spec';

/** Settings a CanaryService cannot imply: its SLOs, alert routing and dashboard placement. */
export type ObservabilityOverrides = Omit<ServiceObservabilityInput, 'name' | 'namespace' | 'engine'>;

/** Lower bound of the derived `stuckAfterSeconds`, so short releases are not called stuck after a slow scrape. */
export const MIN_STUCK_AFTER_SECONDS = 600;

/**
 * The observability input of a resolved CanaryService:
 * - name and namespace of the service, and its `engine` (which metrics its release alerts and dashboard read);
 * - dashboard thresholds from its analysis (success-rate minimum, P95 maximum) when those checks are on;
 * - `canaryAlerts.stuckAfterSeconds`: twice its time to full promotion (rounded up to a minute, at least 10m),
 *   from the canary's own timing arithmetic.
 * SLO objectives are not implied by the analysis (an SLO is a promise to users, not a release gate): they keep
 * their defaults unless `overrides.slo` sets them. `overrides` are applied last, section by section.
 */
export function observabilityInputFromCanary(
  spec: ResolvedCanaryService,
  overrides: ObservabilityOverrides = {},
): ServiceObservabilityInput {
  requireObjectArguments('observabilityInputFromCanary', { spec, overrides }, { optional: ['overrides'] });
  const checks = spec.analysis.checks;
  const promotion = releaseTimeline(spec).promotionSeconds;
  const stuckAfterSeconds = Math.max(MIN_STUCK_AFTER_SECONDS, Math.ceil((2 * promotion) / 60) * 60);
  return {
    ...overrides,
    name: spec.name,
    namespace: spec.namespace,
    engine: spec.engine,
    canaryAlerts: { stuckAfterSeconds, ...overrides.canaryAlerts },
    dashboard: {
      ...overrides.dashboard,
      thresholds: {
        minSuccessRatePercent: checks.successRate === false ? SERVICE_OBSERVABILITY_DEFAULTS.minSuccessRatePercent : checks.successRate.minPercent,
        maxP95LatencyMs: checks.latencyP95 === false ? SERVICE_OBSERVABILITY_DEFAULTS.maxP95LatencyMs : checks.latencyP95.maxMs,
        ...overrides.dashboard?.thresholds,
      },
    },
  };
}
