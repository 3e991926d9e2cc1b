import type { ChartData } from './chart-data';
import { kubernetesTypeOf } from './kubernetes-values';

/**
 * Keys whose content is free-form in the charts the platform installs: their keys are ours (or another
 * program's) to choose, so a chart's values.yaml cannot list them. Below such a key nothing is compared. Keep
 * this list small: every entry hides typos below it, and a test (tests/charts/values-vs-charts.test.ts) fails
 * when an entry is not needed by any stack. A map the chart itself leaves empty (`{}` or null) is free-form by the
 * chart's own design and needs no entry (most charts' `annotations`, `nodeSelector`, `extraArgs`), and an example
 * of a Kubernetes type (`resources`, a security context) is compared with the type's fields (`kubernetes-values.ts`).
 */
export const FREE_FORM_VALUES: Readonly<Record<string, string>> = {
  podAnnotations: 'Kubernetes annotations: any key',
  labels: 'Kubernetes labels: any key',
  'grafana.ini': "Grafana's own configuration file, section by section (Grafana reads it, not the chart)",
  meshConfig: "Istio's MeshConfig, passed to istiod as is (istiod validates it, not the chart)",
  limits_config: "a block of Loki's own configuration file, passed through (Loki validates it)",
};

/**
 * Keys a chart's templates copy over its root before reading values, so `<key>.x` is known when `x` is: the
 * istiod chart's `zzy_descope_legacy.yaml` merges `.Values.pilot` into `.Values` (the pre-1.22 layout).
 */
export const ROOT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  istiod: ['pilot'],
};

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A union of value trees: a key is known when any of them has it (maps merged, the first non-map kept). */
export function unionValues(...trees: readonly unknown[]): unknown {
  const maps = trees.filter(isMap);
  if (maps.length === 0) return trees.find((t) => t !== undefined);
  const out: Record<string, unknown> = {};
  for (const key of new Set(maps.flatMap((m) => Object.keys(m)))) out[key] = unionValues(...maps.map((m) => m[key]));
  return out;
}

/**
 * Keys Istio's `zzz_profile.yaml` reads to pick profile files (`files/profile-<profile>.yaml`,
 * `profile-platform-<platform>.yaml`, `profile-compatibility-version-<v>.yaml`); known in every chart that has
 * profile files, though its values.yaml does not list them. {@link unknownProfiles} checks their values.
 */
const PROFILE_KEYS = { profile: '', platform: '', compatibilityVersion: '', global: { profile: '', platform: '' } } as const;

/** Everything a chart knows at its root: values.yaml, keys documented in its comments, profile keys. */
function knownValues(chart: ChartData): Record<string, unknown> {
  return unionValues(chart.values, chart.documented, chart.profiles.length > 0 ? PROFILE_KEYS : {}) as Record<string, unknown>;
}

/** `global` as every chart of the tree knows it (Helm hands the parent's `global` to each subchart). */
function globalsOf(chart: ChartData): unknown {
  return unionValues(knownValues(chart).global, ...[...chart.subcharts.values()].map(globalsOf));
}

type FreeForm = Readonly<Record<string, string>>;

function walk(ours: Record<string, unknown>, known: unknown, at: readonly string[], out: string[], freeForm: FreeForm): void {
  for (const [key, value] of Object.entries(ours)) {
    const path = [...at, key];
    if (freeForm[key] !== undefined) continue;
    if (!isMap(known) || !(key in known)) {
      out.push(path.join('.'));
      continue;
    }
    const theirs = known[key];
    // A map the chart leaves empty (or null) is free-form by the chart's own design.
    if (theirs === null || (isMap(theirs) && Object.keys(theirs).length === 0)) continue;
    // An example of a Kubernetes type (resources, a security context) accepts every field of the type.
    const expected = kubernetesTypeOf(theirs) ?? theirs;
    if (isMap(value) && isMap(expected)) walk(value, expected, path, out, freeForm);
  }
}

function walkChart(ours: Record<string, unknown>, chart: ChartData, known: Record<string, unknown>, at: readonly string[], out: string[], freeForm: FreeForm): void {
  const aliases = ROOT_ALIASES[chart.name] ?? [];
  for (const [key, value] of Object.entries(ours)) {
    const path = [...at, key];
    const sub = chart.subcharts.get(key);
    if (sub !== undefined) {
      // The subchart knows its own values and whatever the parent's values.yaml sets for it.
      if (isMap(value)) walkChart(value, sub, unionValues(knownValues(sub), known[key]) as Record<string, unknown>, path, out, freeForm);
    } else if (key === 'global' && at.length === 0) {
      if (isMap(value)) walk(value, globalsOf(chart), path, out, freeForm);
    } else if (aliases.includes(key) && !(key in known)) {
      if (isMap(value)) walk(value, known, path, out, freeForm);
      else out.push(path.join('.'));
    } else {
      walk({ [key]: value }, known, at, out, freeForm);
    }
  }
}

/**
 * Dotted paths of `values` that the chart does not know (`helm --strict`-like): every key must exist in the
 * chart's values.yaml, a subchart's under its alias or name, `global` in any chart of the tree; below a key of
 * `freeForm` (the keys of {@link FREE_FORM_VALUES}) or a map the chart leaves empty nothing is compared; lists are
 * not entered. Keys documented in comments of values.yaml count as known (see `documented-values.ts`).
 */
export function unknownValuePaths(values: Readonly<Record<string, unknown>>, chart: ChartData, freeForm: FreeForm = FREE_FORM_VALUES): string[] {
  const out: string[] = [];
  walkChart(values as Record<string, unknown>, chart, knownValues(chart), [], out, freeForm);
  return out;
}

/**
 * Istio profiles named in `values` that the chart has no file for, one message each: `profile` (or
 * `global.profile`) needs `files/profile-<name>.yaml`, `platform` (or `global.platform`)
 * `files/profile-platform-<name>.yaml`; `helm template` stops with `unknown profile` / `unknown platform`
 * otherwise. Charts without profile files are not concerned (and {@link unknownValuePaths} reports the key).
 */
export function unknownProfiles(values: Readonly<Record<string, unknown>>, chart: ChartData): string[] {
  if (chart.profiles.length === 0) return [];
  const global = isMap(values.global) ? values.global : {};
  const named = (v: unknown): string[] => (typeof v === 'string' && v !== '' ? [v] : []);
  const plain = chart.profiles.filter((p) => !p.startsWith('platform-') && !p.startsWith('compatibility-version-'));
  const platforms = chart.profiles.filter((p) => p.startsWith('platform-')).map((p) => p.slice('platform-'.length));
  return [
    ...[...named(values.profile), ...named(global.profile)]
      .filter((p) => !plain.includes(p))
      .map((p) => `profile "${p}" has no files/profile-${p}.yaml in ${chart.name} ${chart.version} (profiles: ${plain.join(', ')}; leave profile unset for the default)`),
    ...[...named(values.platform), ...named(global.platform)]
      .filter((p) => !platforms.includes(p))
      .map((p) => `platform "${p}" has no files/profile-platform-${p}.yaml in ${chart.name} ${chart.version} (platforms: ${platforms.join(', ')})`),
  ];
}
