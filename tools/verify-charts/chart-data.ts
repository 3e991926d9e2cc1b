import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { documentedValues } from './documented-values';
import { parse } from 'yaml';

/**
 * The data files of a Helm chart that the checks read: `Chart.yaml`, `values.yaml`, `values.schema.json`, the
 * names of Istio's `files/profile-*.yaml` and, recursively, the same for each subchart. Templates are not read
 * here (only `helm template` reads them).
 */
export interface ChartData {
  /** The folder (or packed archive) it was read from, for messages. */
  readonly source: string;
  /** `name` of Chart.yaml. */
  readonly name: string;
  /** `version` of Chart.yaml. */
  readonly version: string;
  /** values.yaml as written (what Helm coalesces user values onto and validates against the schema). */
  readonly rawValues: Readonly<Record<string, unknown>>;
  /**
   * The values the chart knows: values.yaml with Istio's `_internal_defaults_do_not_set` (where Istio's charts keep
   * their defaults, merged into the root by `zzz_profile.yaml`) folded into the root.
   */
  readonly values: Readonly<Record<string, unknown>>;
  /**
   * Every key of values.yaml including those documented only in comments (`# storageClassName: default`), folded
   * like {@link values}; see `documented-values.ts`.
   */
  readonly documented: Readonly<Record<string, unknown>>;
  /** values.schema.json, parsed. @default - absent when the chart has none */
  readonly schema?: Readonly<Record<string, unknown>>;
  /** Profile names of `files/profile-<name>.yaml` (Istio charts), sorted. */
  readonly profiles: readonly string[];
  /** Subcharts by the key their values live under in the parent (the dependency's `alias`, else its name). */
  readonly subcharts: ReadonlyMap<string, ChartData>;
  /** The `condition` of each subchart that has one (a dotted path in the parent's values), by the same key. */
  readonly subchartConditions: ReadonlyMap<string, string>;
  /** Dependencies of Chart.yaml whose chart is in neither `charts/<name>/` nor `charts/<name>-<version>.tgz`. */
  readonly missingSubcharts: readonly string[];
}

/** A packed subchart (`charts/<name>-<version>.tgz`, as `helm pull --untar` leaves them), read by the caller. */
export interface PackedChartFiles {
  /** Chart.yaml text. */
  readonly chartYaml: string;
  /** values.yaml text ('' when the chart has none). */
  readonly valuesYaml: string;
  /** values.schema.json text. @default - absent when the chart has none */
  readonly schemaJson?: string;
}

/** Reads a packed chart (a `.tgz`). */
export type PackedChartReader = (archive: string) => PackedChartFiles;

/** The files of a tar archive (regular files only; ustar prefixes and PAX `path` records honoured). */
export function readTar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let paxPath: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, length: number) => header.toString('utf8', from, from + length).replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    const prefix = text(345, 155);
    const name = paxPath ?? (prefix === '' ? text(0, 100) : `${prefix}/${text(0, 100)}`);
    const body = tar.subarray(at + 512, at + 512 + size);
    paxPath = undefined;
    if (type === 'x') paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === '0' || type === '') files.set(name, Buffer.from(body));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * Reads a packed chart (`charts/<name>-<version>.tgz`, as `helm package` leaves dependencies and `helm pull
 * --untar` keeps them): the files directly under its top folder.
 */
export const readPackedChart: PackedChartReader = (archive) => {
  const files = readTar(gunzipSync(readFileSync(archive)));
  const top = (file: string) => [...files.entries()].find(([name]) => name.split('/').length === 2 && name.endsWith(`/${file}`))?.[1]?.toString('utf8');
  const chartYaml = top('Chart.yaml');
  if (chartYaml === undefined) throw new Error(`${archive} holds no Chart.yaml`);
  const schemaJson = top('values.schema.json');
  return { chartYaml, valuesYaml: top('values.yaml') ?? '', ...(schemaJson === undefined ? {} : { schemaJson }) };
};

interface Dependency {
  readonly name: string;
  readonly alias?: string;
  readonly condition?: string;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function yamlMap(text: string, file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isMap(parsed)) throw new Error(`${file} is not a YAML mapping`);
  return parsed;
}

function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Istio's charts keep their defaults under `_internal_defaults_do_not_set`; `zzz_profile.yaml` merges them into the root. */
function foldIstioDefaults(values: Record<string, unknown>): Record<string, unknown> {
  const internal = values._internal_defaults_do_not_set;
  if (!isMap(internal)) return values;
  return { ...internal, ...Object.fromEntries(Object.entries(values).filter(([k]) => k !== '_internal_defaults_do_not_set')) };
}

interface Subcharts {
  readonly charts: Map<string, ChartData>;
  readonly conditions: Map<string, string>;
  readonly missing: string[];
}

const NO_SUBCHARTS = (): Subcharts => ({ charts: new Map(), conditions: new Map(), missing: [] });

function fromFiles(source: string, files: PackedChartFiles, profiles: readonly string[], subcharts: Subcharts): ChartData {
  const chart = yamlMap(files.chartYaml, `${source}/Chart.yaml`);
  const rawValues = yamlMap(files.valuesYaml, `${source}/values.yaml`);
  const values = foldIstioDefaults(rawValues);
  const documented = foldIstioDefaults(documentedValues(files.valuesYaml));
  let schema: Record<string, unknown> | undefined;
  if (files.schemaJson !== undefined) {
    const parsed: unknown = JSON.parse(files.schemaJson);
    if (!isMap(parsed)) throw new Error(`${source}/values.schema.json is not a JSON object`);
    schema = parsed;
  }
  return {
    source,
    name: String(chart.name ?? ''),
    version: String(chart.version ?? ''),
    rawValues,
    values,
    documented,
    ...(schema === undefined ? {} : { schema }),
    profiles,
    subcharts: subcharts.charts,
    subchartConditions: subcharts.conditions,
    missingSubcharts: subcharts.missing,
  };
}

function dependenciesOf(chartYaml: string, file: string): Dependency[] {
  const deps = yamlMap(chartYaml, file).dependencies;
  if (!Array.isArray(deps)) return [];
  return deps.filter(isMap).map((d) => ({
    name: String(d.name),
    ...(typeof d.alias === 'string' && d.alias !== '' ? { alias: d.alias } : {}),
    ...(typeof d.condition === 'string' && d.condition !== '' ? { condition: d.condition } : {}),
  }));
}

/** The subchart folder or archive of `dependency` under `chartsDir`, by its Chart.yaml name or file name. */
function findSubchart(chartsDir: string, dependency: Dependency): { folder?: string; archive?: string } {
  if (!existsSync(chartsDir)) return {};
  const entries = readdirSync(chartsDir).sort();
  for (const entry of entries) {
    const path = join(chartsDir, entry);
    if (!statSync(path).isDirectory() || !existsSync(join(path, 'Chart.yaml'))) continue;
    if (yamlMap(readFileSync(join(path, 'Chart.yaml'), 'utf8'), join(path, 'Chart.yaml')).name === dependency.name) return { folder: path };
  }
  const archive = entries.find((e) => e.endsWith('.tgz') && e.startsWith(`${dependency.name}-`) && /^\d/.test(e.slice(dependency.name.length + 1)));
  return archive === undefined ? {} : { archive: join(chartsDir, archive) };
}

/**
 * Reads a chart folder (as `helm pull --untar` leaves it, or the upstream data files alone) and its subcharts.
 * @param readPacked reads `charts/*.tgz` subcharts
 * @throws Error when the folder has no Chart.yaml or a data file does not parse
 */
export function readChartFolder(folder: string, readPacked: PackedChartReader = readPackedChart): ChartData {
  const chartFile = join(folder, 'Chart.yaml');
  const chartYaml = readIfExists(chartFile);
  if (chartYaml === undefined) throw new Error(`${folder} holds no Chart.yaml`);
  const filesDir = join(folder, 'files');
  const profiles = existsSync(filesDir)
    ? readdirSync(filesDir).map((f) => /^profile-(.+)\.yaml$/.exec(f)?.[1]).filter((p): p is string => p !== undefined).sort()
    : [];
  const subcharts = NO_SUBCHARTS();
  for (const dependency of dependenciesOf(chartYaml, chartFile)) {
    const found = findSubchart(join(folder, 'charts'), dependency);
    const key = dependency.alias ?? dependency.name;
    if (dependency.condition !== undefined) subcharts.conditions.set(key, dependency.condition);
    if (found.folder !== undefined) subcharts.charts.set(key, readChartFolder(found.folder, readPacked));
    else if (found.archive !== undefined) subcharts.charts.set(key, fromFiles(found.archive, readPacked(found.archive), [], NO_SUBCHARTS()));
    else subcharts.missing.push(dependency.name);
  }
  const files: PackedChartFiles = {
    chartYaml,
    valuesYaml: readIfExists(join(folder, 'values.yaml')) ?? '',
    ...(existsSync(join(folder, 'values.schema.json')) ? { schemaJson: readFileSync(join(folder, 'values.schema.json'), 'utf8') } : {}),
  };
  return fromFiles(folder, files, profiles, subcharts);
}
