/**
 * Small PromQL building blocks shared by the rules and dashboards of this folder. The canary analysis queries
 * themselves live in `packages/canary/queries.ts`; these select the whole service (primary and canary) for
 * SLOs and dashboards.
 */

/** Flagger's primary workload name for a target: `<target>-primary`. */
export function primaryWorkload(target: string): string {
  return `${target}-primary`;
}

/**
 * Formats seconds as the largest exact Prometheus duration unit: 300 -> `5m`, 5400 -> `90m`, 86400 -> `1d`.
 * @throws Error when `seconds` is not a positive whole number
 */
export function promDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new Error(`promDuration: ${seconds} is not a positive whole number of seconds`);
  }
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** Escapes a value for a double-quoted PromQL string. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Escapes regex metacharacters (Prometheus uses RE2 syntax). */
export function regexEscape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Label matchers Istio's standard metrics carry for requests received by the service's pods, primary and
 * canary together, as measured by the server-side proxy (`reporter="destination"`).
 */
export function serviceRequestMatchers(namespace: string, target: string): string {
  const workloads = `${regexEscape(target)}|${regexEscape(primaryWorkload(target))}`;
  return [
    `reporter="destination"`,
    `destination_workload_namespace=${quote(namespace)}`,
    `destination_workload=~${quote(workloads)}`,
  ].join(',');
}

/** Matchers for one workload only (the canary `<target>` or the primary `<target>-primary`). */
export function workloadRequestMatchers(namespace: string, workload: string): string {
  return [
    `reporter="destination"`,
    `destination_workload_namespace=${quote(namespace)}`,
    `destination_workload=${quote(workload)}`,
  ].join(',');
}

/**
 * An `le` matcher that selects one histogram bucket whatever the Prometheus version: Prometheus 2 stores the
 * label as the target exposes it (`le="500"` from Envoy), Prometheus 3 normalises it to a float (`le="500.0"`).
 * `le=~"500(\\.0)?"` matches both.
 */
export function leMatcher(boundaryMs: number): string {
  const text = String(boundaryMs);
  const pattern = Number.isInteger(boundaryMs) ? `${regexEscape(text)}(\\.0)?` : regexEscape(text);
  return `le=~${quote(pattern)}`;
}
