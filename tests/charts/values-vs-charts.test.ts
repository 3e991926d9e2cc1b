/**
 * Every Helm value the platform sets exists in the pinned chart's own values.yaml (a documented list of free-form
 * maps aside), validates against the chart's values.schema.json where it has one, and every Istio profile named
 * exists. The charts' upstream data files are read from ../shared/charts/<chart>-<version>/ (never copied here);
 * a user's fresh clone has no ../shared, and these tests then skip with one loud line.
 */
import * as fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { spawn } from 'node:child_process';

const ROOT = resolve(__dirname, '..', '..');
const CHARTS = resolve(ROOT, '..', 'shared', 'charts');
const HAVE_CHARTS = fs.existsSync(CHARTS);

/**
 * Values paths that are free-form maps or lists in the charts (their keys are ours to choose, so the chart's
 * values.yaml cannot list them), by the last known key before the free-form part.
 */
const FREE_FORM: Readonly<Record<string, string>> = {
  annotations: 'Kubernetes annotations: any key',
  podAnnotations: 'Kubernetes annotations: any key',
  labels: 'Kubernetes labels: any key',
  podLabels: 'Kubernetes labels: any key',
  nodeSelector: 'node labels: any key',
  'grafana.ini': "Grafana's own configuration file, section by section",
  meshConfig: "Istio's MeshConfig (its own schema; istiod validates it)",
  limits_config: "Loki's own configuration block",
  compactor: "Loki's own configuration block",
  schemaConfig: "Loki's own configuration block",
  storage_config: "Loki's own configuration block",
  resources: 'Kubernetes resource requirements (requests and limits), whatever the chart lists as an example',
  pilot: "istiod's settings under their legacy key, which the istiod chart still merges into its root",
  platform: "Istio's `global.platform`, read by the chart's zzz_profile.yaml to pick files/profile-platform-<platform>.yaml (checked below)",
};

const readYaml = (file: string): Record<string, unknown> => (parse(fs.readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function deepMerge(a: unknown, b: unknown): unknown {
  if (!isMap(a) || !isMap(b)) return b === undefined ? a : b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = deepMerge(a[k], v);
  return out;
}

/**
 * Keys a chart documents only in comments (`# storageClassName: default`): its templates read them, so setting
 * them is known, not a typo.
 */
function commentedKeys(folder: string): Set<string> {
  const keys = new Set<string>();
  const files = [join(folder, 'values.yaml')];
  const sub = join(folder, 'charts');
  if (fs.existsSync(sub)) for (const name of fs.readdirSync(sub)) files.push(join(sub, name, 'values.yaml'));
  for (const file of files.filter((f) => fs.existsSync(f))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^\s*#+\s*([A-Za-z0-9_-]+):/gm)) keys.add(m[1]);
  }
  return keys;
}

/** The chart's values, with Istio's `_internal_defaults_do_not_set` folded into the root and subcharts under their names. */
function chartValues(folder: string): Record<string, unknown> {
  const own = readYaml(join(folder, 'values.yaml'));
  const internal = isMap(own._internal_defaults_do_not_set) ? own._internal_defaults_do_not_set : {};
  const values: Record<string, unknown> = { ...internal, ...own };
  const sub = join(folder, 'charts');
  if (fs.existsSync(sub)) {
    for (const name of fs.readdirSync(sub)) {
      if (!fs.existsSync(join(sub, name, 'values.yaml'))) continue;
      values[name] = deepMerge(readYaml(join(sub, name, 'values.yaml')), values[name]);
    }
  }
  return values;
}

/** Paths set in `ours` that the chart does not know (free-form maps and empty maps/lists in the chart aside). */
export function unknownPaths(ours: unknown, chart: unknown, at: string[] = []): string[] {
  if (!isMap(ours)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(ours)) {
    const path = [...at, key];
    if (FREE_FORM[key] !== undefined) continue;
    if (!isMap(chart) || !(key in chart)) {
      out.push(path.join('.'));
      continue;
    }
    const theirs = chart[key];
    // A map the chart leaves empty (or null) is free-form by the chart's own design.
    if (theirs === null || (isMap(theirs) && Object.keys(theirs).length === 0)) continue;
    if (isMap(value) && isMap(theirs)) out.push(...unknownPaths(value, theirs, path));
  }
  return out;
}

/** What synth writes in helm/<namespace>/<release>.yaml. */
interface HelmReleaseFile {
  readonly release: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
}

/** Renders `stack` with the CLI in a child process (a Pulumi program runs once per process) and reads helm/. */
function renderReleases(stack: string, out: string): Promise<HelmReleaseFile[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), 'synth', '-q', '--stack', stack, '--out', out], { cwd: ROOT, env: { ...process.env, TMPDIR: work } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`synth --stack ${stack} failed (${code}): ${stderr}`));
      const helm = join(out, 'helm');
      done(fs.readdirSync(helm).flatMap((ns) => fs.readdirSync(join(helm, ns)).map((f) => readYaml(join(helm, ns, f)) as unknown as HelmReleaseFile)));
    });
  });
}

const releasesByStack = new Map<string, readonly HelmReleaseFile[]>();
const work = mkdtempSync(join(tmpdir(), 'values-vs-charts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const STACKS = ['prod', 'staging', 'dr'];

(HAVE_CHARTS ? describe : describe.skip)(HAVE_CHARTS ? 'Helm values against the pinned charts' : `SKIPPED: Helm values against the pinned charts: ${CHARTS} not found (CI has it)`, () => {
  beforeAll(async () => {
    const all = await Promise.all(STACKS.map((stack) => renderReleases(stack, join(work, stack))));
    STACKS.forEach((stack, i) => releasesByStack.set(stack, all[i]));
  }, 180_000);

  const folderOf = (r: HelmReleaseFile) => join(CHARTS, `${r.chart}-${r.version}`);

  it.each(STACKS)('%s: every pinned chart version has its data folder', (stack) => {
    const missing = releasesByStack.get(stack)!.filter((r) => !fs.existsSync(folderOf(r))).map((r) => `${r.release}: ${folderOf(r)} is missing`);
    expect(missing).toEqual([]);
  });

  it.each(STACKS)('%s: every values path exists in the chart', (stack) => {
    const problems = releasesByStack.get(stack)!.flatMap((r) => {
      const commented = commentedKeys(folderOf(r));
      return unknownPaths(r.values, chartValues(folderOf(r)))
        .filter((p) => !commented.has(p.split('.').at(-1)!))
        .map((p) => `${r.release} (${r.chart} ${r.version}): ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it.each(STACKS)('%s: values validate against values.schema.json where the chart has one', (stack) => {
    const problems: string[] = [];
    for (const r of releasesByStack.get(stack)!) {
      const file = join(folderOf(r), 'values.schema.json');
      if (!fs.existsSync(file)) continue;
      const ajv = new Ajv({ strict: false, allErrors: true });
      const validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
      const merged = { ...chartValues(folderOf(r)), ...r.values };
      if (!validate(merged)) for (const e of validate.errors ?? []) problems.push(`${r.release}: ${e.instancePath} ${e.message}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(STACKS)('%s: every Istio profile named exists in its chart (none is named: the default is profile unset)', (stack) => {
    const named = releasesByStack.get(stack)!.filter((r) => typeof r.values.profile === 'string');
    expect(named.filter((r) => !fs.existsSync(join(folderOf(r), 'files', `profile-${String(r.values.profile)}.yaml`))).map((r) => `${r.release}: profile ${String(r.values.profile)}`)).toEqual([]);
    expect(fs.existsSync(join(CHARTS, 'istiod-1.30.3', 'files', 'profile-default.yaml'))).toBe(false);
  });

  it.each(STACKS)('%s: every Istio global.platform names an existing platform profile', (stack) => {
    const platforms = releasesByStack.get(stack)!.filter((r) => isMap(r.values.global) && typeof r.values.global.platform === 'string');
    expect(platforms.map((r) => r.release).sort()).toEqual(['istio-cni', 'istiod']);
    for (const r of platforms) expect(fs.existsSync(join(folderOf(r), 'files', `profile-platform-${String((r.values.global as Record<string, unknown>).platform)}.yaml`))).toBe(true);
  });

  it('finds an unknown path and ignores free-form maps (the check itself)', () => {
    expect(unknownPaths({ a: { b: 1, typo: 2 }, annotations: { x: 'y' }, free: { any: 1 } }, { a: { b: 0 }, free: {} })).toEqual(['a.typo']);
  });
});
