/**
 * Every Helm value the platform sets, in every stack (prod, staging, dr), checked against the pinned chart's own
 * data: (a) every values path exists in the chart's values.yaml (subcharts under their alias or name; a short,
 * documented list of free-form maps aside: FREE_FORM_VALUES in tools/verify-charts/values-paths.ts; where the chart
 * shows an example of a Kubernetes type, such as resources or a security context, against the type's fields),
 * (b) no value is dead: none beside an `enabled` that is false nor in a disabled subchart (READ_WHEN_DISABLED in
 * tools/verify-charts/dead-values.ts aside), (c) the values validate against the values.schema.json of the chart
 * and of each enabled subchart, (d) every Istio profile and platform named has its files/profile-*.yaml, (e) every
 * pinned version has its data folder.
 *
 * The charts' upstream data files are read from ../shared/charts/<chart>-<version>/ (never copied here; the
 * version comes from packages/shared/versions.ts). A user's fresh clone has no ../shared: these tests then skip with
 * one loud line. The releases are collected as synth collects them: each stack is rendered offline into a
 * temporary folder and its helm/ files are read.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  deadValuePaths,
  FREE_FORM_VALUES,
  READ_WHEN_DISABLED,
  readChartFolder,
  renderedReleases,
  schemaProblems,
  unknownProfiles,
  unknownValuePaths,
  type ChartData,
  type ChartRelease,
} from '../../tools/verify-charts';
import { CHARTS } from '../../packages/shared/versions';

const ROOT = resolve(__dirname, '..', '..');
const SHARED_CHARTS = resolve(ROOT, '..', 'shared', 'charts');
const HAVE_CHARTS = existsSync(SHARED_CHARTS);
const STACKS = ['prod', 'staging', 'dr'] as const;

/** The data folder of a pinned chart: ../shared/charts/<chart>-<version>. */
function dataFolder(root: string, chart: string, version: string): string {
  return join(root, `${chart}-${version}`);
}

/** One message per pinned chart (packages/shared/versions.ts) whose data folder is missing, naming the folder. */
function missingDataFolders(root: string, pinned: readonly { chart: string; version: string }[]): string[] {
  return pinned
    .map((c) => dataFolder(root, c.chart, c.version))
    .filter((folder) => !existsSync(join(folder, 'Chart.yaml')))
    .map((folder) => `${folder} is missing: add the upstream Chart.yaml, values.yaml and values.schema.json of this version (and its subcharts under charts/)`);
}

/** Renders a stack with the CLI in a child process (as a user would) and reads its helm/ files. */
function renderStack(stack: string, out: string, tmp: string): Promise<ChartRelease[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'canary-platform.js'), 'synth', '-q', '--stack', stack, '--out', out], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(renderedReleases(out)) : fail(new Error(`synth --stack ${stack} failed (${String(code)}): ${stderr}`))));
  });
}

describe('the pinned-version data check', () => {
  const work = mkdtempSync(join(tmpdir(), 'chart-data-folders-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('fails naming the folder when a pinned version has no data folder', () => {
    rmSync(join(work, 'istiod-1.30.3'), { recursive: true, force: true });
    expect(missingDataFolders(work, [{ chart: 'istiod', version: '1.30.3' }])).toEqual([
      `${join(work, 'istiod-1.30.3')} is missing: add the upstream Chart.yaml, values.yaml and values.schema.json of this version (and its subcharts under charts/)`,
    ]);
  });
});

(HAVE_CHARTS ? describe : describe.skip)(
  HAVE_CHARTS ? 'Helm values against the pinned charts' : `SKIPPED: ../shared/charts not found (${SHARED_CHARTS}): Helm values are not checked against the pinned charts here; CI has them`,
  () => {
    // Created in beforeAll, not while collecting: a skipped describe still collects but runs no hook.
    let work = '';
    const releases = new Map<string, readonly ChartRelease[]>();
    const charts = new Map<string, ChartData>();
    afterAll(() => {
      if (work !== '') rmSync(work, { recursive: true, force: true });
    });

    const pinnedVersion = (chart: string): string | undefined => Object.values(CHARTS).find((c) => c.chart === chart)?.version;
    const chartOf = (r: ChartRelease): ChartData => {
      const folder = dataFolder(SHARED_CHARTS, r.chart, pinnedVersion(r.chart) ?? String(r.version));
      if (!charts.has(folder)) charts.set(folder, readChartFolder(folder));
      return charts.get(folder)!;
    };
    const each = (stack: string) => releases.get(stack) ?? [];

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'values-vs-charts-'));
      const rendered = await Promise.all(STACKS.map((stack) => renderStack(stack, join(work, stack), work)));
      STACKS.forEach((stack, i) => releases.set(stack, rendered[i]));
    }, 180_000);

    it('has the data folder of every chart version pinned in packages/shared/versions.ts', () => {
      expect(missingDataFolders(SHARED_CHARTS, Object.values(CHARTS))).toEqual([]);
    });

    it.each(STACKS)('%s: every release pins the version of packages/shared/versions.ts', (stack) => {
      expect(each(stack).length).toBeGreaterThanOrEqual(9);
      expect(each(stack).filter((r) => r.version !== pinnedVersion(r.chart)).map((r) => `${r.release}: ${r.chart} ${String(r.version)}`)).toEqual([]);
    });

    it.each(STACKS)('%s: every values path exists in the chart (free-form maps aside)', (stack) => {
      const problems = each(stack).flatMap((r) => unknownValuePaths(r.values, chartOf(r)).map((p) => `${r.release} (${r.chart} ${String(r.version)}): ${p}`));
      expect(problems).toEqual([]);
    });

    it.each(STACKS)('%s: no value is dead (beside an enabled that is false, or in a disabled subchart)', (stack) => {
      const problems = each(stack).flatMap((r) => deadValuePaths(r.values, chartOf(r)).map((p) => `${r.release} (${r.chart} ${String(r.version)}): ${p}`));
      expect(problems).toEqual([]);
    });

    it.each(STACKS)("%s: values validate against the chart's and its enabled subcharts' values.schema.json", (stack) => {
      const problems = each(stack).flatMap((r) => schemaProblems(r.values, chartOf(r)).map((p) => `${r.release}: ${p}`));
      expect(problems).toEqual([]);
    });

    it.each(STACKS)('%s: every Istio profile and platform named has its profile file (the default profile is profile unset)', (stack) => {
      const istio = each(stack).filter((r) => chartOf(r).profiles.length > 0);
      expect(istio.map((r) => r.chart).sort()).toEqual(['base', 'cni', 'gateway', 'istiod']);
      expect(istio.flatMap((r) => unknownProfiles(r.values, chartOf(r)).map((p) => `${r.release}: ${p}`))).toEqual([]);
      expect(istio.filter((r) => r.values.profile !== undefined).map((r) => r.release)).toEqual([]);
    });

    it('needs every free-form entry: each hides a path some stack sets that the chart cannot list', () => {
      const all = STACKS.flatMap((stack) => each(stack));
      const unused = Object.keys(FREE_FORM_VALUES).filter((key) => {
        const without = Object.fromEntries(Object.entries(FREE_FORM_VALUES).filter(([k]) => k !== key));
        return all.every((r) => unknownValuePaths(r.values, chartOf(r), without).length === 0);
      });
      expect(unused).toEqual([]);
    });

    it('needs every READ_WHEN_DISABLED entry: each keeps a value some stack sets beside a false enabled', () => {
      const all = STACKS.flatMap((stack) => each(stack));
      const unused = Object.keys(READ_WHEN_DISABLED).filter((key) => {
        const without = Object.fromEntries(Object.entries(READ_WHEN_DISABLED).filter(([k]) => k !== key));
        return all.every((r) => deadValuePaths(r.values, chartOf(r), without).length === 0);
      });
      expect(unused).toEqual([]);
    });

    it("catches the mistakes it exists for: Istio's 'default' profile, loki's dead bucketNames.admin, a typo", () => {
      const istiod = readChartFolder(dataFolder(SHARED_CHARTS, 'istiod', CHARTS.istiod.version));
      const loki = readChartFolder(dataFolder(SHARED_CHARTS, 'loki', CHARTS.loki.version));
      const kubePrometheusStack = readChartFolder(dataFolder(SHARED_CHARTS, 'kube-prometheus-stack', CHARTS.kubePrometheusStack.version));
      expect(unknownProfiles({ profile: 'default' }, istiod)).toEqual([
        'profile "default" has no files/profile-default.yaml in istiod 1.30.3 (profiles: ambient, demo, preview, remote, stable; leave profile unset for the default)',
      ]);
      expect(unknownValuePaths({ loki: { storage: { bucketNames: { chunks: 'b', ruler: 'b', admin: 'b' } } } }, loki)).toEqual(['loki.storage.bucketNames.admin']);
      expect(unknownValuePaths({ grafana: { deploymentStrategy: { type: 'Recreate' }, strategy: { type: 'Recreate' } } }, kubePrometheusStack)).toEqual(['grafana.strategy']);
      expect(unknownValuePaths({ pilot: { replicaCount: 2, replicaCout: 2 } }, istiod)).toEqual(['pilot.replicaCout']);
      expect(schemaProblems({ singleBinary: { replicas: 'three' } }, loki)).toEqual(['singleBinary.replicas must be integer,null']);
    });

    it('catches values the chart ignores and typos in Kubernetes-typed values: a context without enabled, a disabled subchart', () => {
      const loadTester = readChartFolder(dataFolder(SHARED_CHARTS, 'loadtester', CHARTS.flaggerLoadTester.version));
      const kubePrometheusStack = readChartFolder(dataFolder(SHARED_CHARTS, 'kube-prometheus-stack', CHARTS.kubePrometheusStack.version));
      expect(deadValuePaths({ securityContext: { context: { runAsNonRoot: true } } }, loadTester)).toEqual(['securityContext.context is ignored: securityContext.enabled is false']);
      expect(deadValuePaths({ kubeStateMetrics: { enabled: false }, 'kube-state-metrics': { resources: { limits: { memory: '1Gi' } } } }, kubePrometheusStack)).toEqual([
        'kube-state-metrics.resources is ignored: the subchart kube-state-metrics is disabled (kubeStateMetrics.enabled is false)',
      ]);
      expect(unknownValuePaths({ securityContext: { enabled: true, context: { runAsNonRoot: true, readOnlyRootFilesytem: true } } }, loadTester)).toEqual(['securityContext.context.readOnlyRootFilesytem']);
      const istiod = readChartFolder(dataFolder(SHARED_CHARTS, 'istiod', CHARTS.istiod.version));
      expect(unknownValuePaths({ pilot: { resources: { requests: { cpu: '1' }, limit: { memory: '4Gi' } } } }, istiod)).toEqual(['pilot.resources.limit']);
    });
  },
);
