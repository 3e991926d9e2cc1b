/**
 * Values a chart knows but ignores as set: values of a subchart whose `condition` is false, and values beside an
 * `enabled` that is false (`securityContext: { enabled: false, context: ... }`: the chart renders no context).
 * `unknownValuePaths` cannot see these (every key exists in values.yaml); Helm renders without them, silently.
 */
import type { ChartData } from './chart-data';
import { coalesceValues, conditionHolds } from './values-schema';
import { FREE_FORM_VALUES } from './values-paths';

/**
 * Values a chart reads although the `enabled` beside them is false, as `<chart>:<path>` with the template that
 * reads them (checked in the chart's templates). A test (tests/charts/values-vs-charts.test.ts) fails when an
 * entry is no longer needed by any stack.
 */
export const READ_WHEN_DISABLED: Readonly<Record<string, string>> = {
  'flagger:leaderElection.replicaCount': "templates/deployment.yaml sets the Deployment's replicas from it whether leader election is on or not",
};

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function walk(ours: Record<string, unknown>, defaults: unknown, at: readonly string[], chart: string, out: string[], readWhenDisabled: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(ours)) {
    if (!isMap(value) || FREE_FORM_VALUES[key] !== undefined) continue;
    const theirs = isMap(defaults) ? defaults[key] : undefined;
    const path = [...at, key];
    const effective = coalesceValues(theirs, value);
    if (isMap(effective) && effective.enabled === false) {
      for (const ignored of Object.keys(value).filter((k) => k !== 'enabled')) {
        const dotted = [...path, ignored].join('.');
        if (readWhenDisabled[`${chart}:${dotted}`] === undefined) out.push(`${dotted} is ignored: ${path.join('.')}.enabled is false`);
      }
      continue;
    }
    walk(value, theirs, path, chart, out, readWhenDisabled);
  }
}

function walkChart(values: Record<string, unknown>, chart: ChartData, defaults: Record<string, unknown>, at: readonly string[], out: string[], readWhenDisabled: Readonly<Record<string, string>>): void {
  const merged = coalesceValues(defaults, values);
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const sub = chart.subcharts.get(key);
    if (sub === undefined || !isMap(value)) {
      own[key] = value;
      continue;
    }
    const condition = chart.subchartConditions.get(key);
    if (condition !== undefined && !conditionHolds(merged, condition)) {
      const switches = condition.split(',').map((c) => c.trim());
      for (const ignored of Object.keys(value).map((k) => `${key}.${k}`).filter((p) => !switches.includes(p))) {
        out.push(`${[...at, ignored].join('.')} is ignored: the subchart ${sub.name} is disabled (${condition} is false)`);
      }
      continue;
    }
    const subDefaults = coalesceValues(sub.values, isMap(defaults[key]) ? defaults[key] : {}) as Record<string, unknown>;
    walkChart(value, sub, subDefaults, [...at, key], out, readWhenDisabled);
  }
  walk(own, defaults, at, chart.name, out, readWhenDisabled);
}

/**
 * One message per value `values` sets that the chart ignores: below a subchart whose condition is false, or beside
 * an `enabled` that is false after Helm's coalescing (the chart's default or ours), unless listed in
 * {@link READ_WHEN_DISABLED}. Free-form maps and lists are not entered.
 */
export function deadValuePaths(values: Readonly<Record<string, unknown>>, chart: ChartData, readWhenDisabled: Readonly<Record<string, string>> = READ_WHEN_DISABLED): string[] {
  const out: string[] = [];
  walkChart(values as Record<string, unknown>, chart, chart.values as Record<string, unknown>, [], out, readWhenDisabled);
  return out;
}
