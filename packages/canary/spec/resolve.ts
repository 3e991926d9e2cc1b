/**
 * `resolve`: parsed props in, the {@link ResolvedCanaryService} out. Fills the defaults that depend on other props
 * (the service port, the acceptance test's address, whether relative latency is checked) and freezes the result.
 *
 * Typed end to end: {@link ParsedCanaryService} is zod's output of the section schemas, and schema-types.ts holds
 * the hand-written, documented {@link ResolvedCanaryService} equal to what this function builds from it.
 */
import { DEFAULTS } from './defaults';
import type { ResolvedCanaryService } from './resolved';
import { relativeLatencyByDefault } from './rules';
import type { ParsedCanaryService } from './schema';

/** The resolved spec of parsed props (frozen). Keys keep the order of the sections. */
export function resolve(parsed: ParsedCanaryService): ResolvedCanaryService {
  // `servicePort` is the one optional section that resolves to a value: the container port when not given.
  const { name, namespace, engine, image, port, servicePort = port, ...rest } = parsed;
  const canaryAddress = `http://${name}-canary.${namespace}:${servicePort}`;
  const acceptance = parsed.webhooks.acceptanceTest;
  const webhooks: ResolvedCanaryService['webhooks'] = {
    ...parsed.webhooks,
    acceptanceTest:
      acceptance === false
        ? false
        : { command: acceptance.command ?? `curl -sSf --max-time 10 -o /dev/null ${canaryAddress}${parsed.probes.readiness.path}`, timeout: acceptance.timeout },
  };
  const { checks } = parsed.analysis;
  const analysis: ResolvedCanaryService['analysis'] = {
    ...parsed.analysis,
    checks: { ...checks, relativeLatency: checks.relativeLatency ?? (relativeLatencyByDefault(parsed.strategy) ? DEFAULTS.checks.relativeLatency : false) },
  };
  // One object literal (no `delete`, which would make every spec a slow dictionary-mode object): optional props
  // that were not given are absent, not undefined; `webhooks` and `analysis` replace their parsed values in place.
  return deepFreeze({ name, namespace, engine, image, port, servicePort, ...rest, webhooks, analysis });
}

/** Freezes `value` and everything it holds. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
