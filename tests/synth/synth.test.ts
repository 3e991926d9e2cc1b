import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, isValidationError, type Problem } from '../../packages/shared';
import type { Plan, PlanResource } from '../../tools/offline/plan';
import { readProject, readStackConfig } from '../../tools/offline/stack-files';
import { offlineBanner, synth, type SynthOptions, type SynthReport } from '../../tools/offline/synth';
import type { RenderedStack } from '../../tools/offline/rendered-stack';
import { RENDER_MARKER } from '../../tools/offline/output-folder';
import { writeRender } from '../../tools/offline/write-output';
import { MINI_DIR, miniDevStack, miniProject, readTree, tempDir } from './helpers';

/** Runs synth and returns the ValidationError it throws, formatted as the CLI prints it. */
async function failure(options: SynthOptions): Promise<{ title: string; lines: string[] }> {
  try {
    await synth(options);
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return { title: err.message.split('\n')[0], lines: err.problems.map(formatProblem) };
  }
  throw new Error('expected synth to fail');
}

/** A previous render (a plan.json and a file the next render no longer writes), to prove a failed run leaves it untouched. */
function previousOutput(): { outDir: string; before: Map<string, string> } {
  const outDir = join(tempDir(), 'dist', 'dev');
  const files = new Map([
    ['plan.json', '{"previous":true}\n'],
    ['manifests/apps/stale.yaml', 'kind: Stale\n'],
  ]);
  writeRender(outDir, files, { stack: 'dev', projectDir: MINI_DIR });
  return { outDir, before: readTree(outDir) };
}

describe('synth of the mini fixture', () => {
  let out: string;
  let report: SynthReport;
  let files: Map<string, string>;
  let plan: Plan;
  const lines: string[] = [];

  beforeAll(async () => {
    out = join(tempDir(), 'dev');
    report = await synth({ projectDir: MINI_DIR, stack: 'dev', outDir: out }, (l) => lines.push(l));
    files = readTree(out);
    plan = JSON.parse(files.get('plan.json')!) as Plan;
  });

  const resource = (type: string, name: string): PlanResource => {
    const r = plan.resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in plan.json`);
    return r;
  };

  it('says first that this is an offline render and no cloud is called', () => {
    expect(lines[0]).toBe(offlineBanner('dev'));
    expect(lines[0]).toBe('Offline render of stack "dev": the Pulumi program runs under mocks with stand-in cloud outputs; no cloud API is called.');
  });

  it('writes plan.json, manifests/ (a folder per namespace, kustomizations), helm/ and graph.mmd', () => {
    expect([...files.keys()]).toEqual([
      RENDER_MARKER,
      'graph.mmd',
      'helm/monitoring/kube-prometheus-stack.yaml',
      'manifests/apps/deployment-podinfo.yaml',
      'manifests/apps/kustomization.yaml',
      'manifests/apps/metrictemplate-success-rate.yaml',
      'manifests/apps/namespace-apps.yaml',
      'manifests/apps/prometheusrule-podinfo-slo.yaml',
      'manifests/apps/service-podinfo.yaml',
      'manifests/kustomization.yaml',
      'manifests/monitoring/configmap-podinfo-dashboard.yaml',
      'manifests/monitoring/kustomization.yaml',
      'manifests/monitoring/namespace-monitoring.yaml',
      'plan.json',
    ]);
    expect(report.files).toEqual([...files.keys()].filter((f) => f !== RENDER_MARKER));
  });

  it('records every resource with type, name, parent, dependencies, provider, protect, inputs and wave', () => {
    expect(plan.format).toBe('canary-platform/offline-plan/v1');
    expect(plan.offline).toBe(true);
    expect([plan.project, plan.stack]).toEqual(['mini', 'dev']);
    expect(plan.resources).toHaveLength(14);
    const cluster = resource('gcp:container/cluster:Cluster', 'cluster');
    const provider = resource('pulumi:providers:kubernetes', 'gke');
    const apps = resource('kubernetes:core/v1:Namespace', 'apps');
    const deployment = resource('kubernetes:apps/v1:Deployment', 'podinfo');
    const secret = resource('kubernetes:core/v1:Secret', 'monitoring-webhook');
    expect(cluster.protect).toBe(true);
    expect(cluster.dependencies).toEqual([resource('gcp:compute/network:Network', 'net').urn, resource('gcp:serviceaccount/account:Account', 'nodes').urn]);
    expect(cluster.inputs.network).toBe('https://www.googleapis.com/compute/v1/projects/mini-project/global/networks/net');
    expect(provider.dependencies).toEqual([cluster.urn]);
    expect(deployment.provider).toBe(provider.urn);
    expect(deployment.dependencies).toEqual([apps.urn]);
    expect(deployment.parent).toBe(resource('pulumi:pulumi:Stack', 'mini-dev').urn);
    expect(secret.parent).toBe(resource('mini:monitoring:Monitoring', 'monitoring').urn);
    expect(deployment.inputs).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { replicas: 2 } });
  });

  it('assigns waves as the longest path over parent, provider and dependency edges', () => {
    const waveOf = (type: string, name: string): number => resource(type, name).wave;
    expect(waveOf('pulumi:pulumi:Stack', 'mini-dev')).toBe(0);
    expect(waveOf('gcp:compute/network:Network', 'net')).toBe(1);
    expect(waveOf('gcp:container/cluster:Cluster', 'cluster')).toBe(2);
    expect(waveOf('pulumi:providers:kubernetes', 'gke')).toBe(3);
    expect(waveOf('kubernetes:core/v1:Namespace', 'apps')).toBe(4);
    expect(waveOf('kubernetes:apps/v1:Deployment', 'podinfo')).toBe(5);
    expect(plan.resources.map((r) => r.wave)).toEqual([...plan.resources.map((r) => r.wave)].sort((a, b) => a - b));
    expect(plan.summary.waves).toBe(6);
    expect(plan.summary.resourcesPerWave).toEqual([1, 3, 2, 1, 2, 5]);
  });

  it('summarises counts per type, manifests, Helm releases and Secrets kept out', () => {
    expect(plan.summary.byType).toEqual({
      'gcp:compute/network:Network': 1,
      'gcp:container/cluster:Cluster': 1,
      'gcp:projects/iAMMember:IAMMember': 1,
      'gcp:serviceaccount/account:Account': 1,
      'kubernetes:apps/v1:Deployment': 1,
      'kubernetes:core/v1:Namespace': 2,
      'kubernetes:core/v1:Secret': 1,
      'kubernetes:core/v1:Service': 1,
      'kubernetes:helm.sh/v3:Release': 1,
      'kubernetes:yaml/v2:ConfigGroup': 1,
      'mini:monitoring:Monitoring': 1,
      'pulumi:providers:kubernetes': 1,
      'pulumi:pulumi:Stack': 1,
    });
    expect(plan.summary).toMatchObject({ resources: 14, manifests: 7, helmReleases: 1, secretsOmitted: ['apps/Secret/db', 'monitoring/Secret/alert-webhooks'] });
  });

  it('replaces every secret by "[secret]": Pulumi secrets, Secret data, stack outputs', () => {
    expect(plan.outputs.kubeconfig).toBe('[secret]');
    expect(plan.outputs.nodeServiceAccount).toBe('gke-nodes@mini-project.iam.gserviceaccount.com');
    expect(resource('pulumi:providers:kubernetes', 'gke').inputs.kubeconfig).toBe('[secret]');
    expect(resource('kubernetes:core/v1:Secret', 'monitoring-webhook').inputs.stringData).toEqual({ slack: '[secret]' });
    const objs = resource('kubernetes:yaml/v2:ConfigGroup', 'podinfo-canary').inputs.objs as { kind: string; stringData?: unknown }[];
    expect(objs.find((o) => o.kind === 'Secret')?.stringData).toEqual({ password: '[secret]' });
    expect(files.get('helm/monitoring/kube-prometheus-stack.yaml')).toContain('- api_url: "[secret]"');
  });

  it('never writes a secret value: no config placeholder and no kubeconfig in any file', () => {
    const { secretValues } = readStackConfig(readProject(MINI_DIR), 'dev');
    expect(secretValues).toHaveLength(2);
    for (const [path, content] of files) {
      for (const secret of secretValues) expect({ path, leaked: content.includes(secret) }).toEqual({ path, leaked: false });
      expect({ path, leaked: content.includes('certificate-authority-data') }).toEqual({ path, leaked: false });
      expect({ path, leaked: content.includes('offline-secret.invalid') }).toEqual({ path, leaked: false });
    }
  });

  it('lists folders in the top-level kustomization and files in each folder kustomization', () => {
    expect(files.get('manifests/kustomization.yaml')).toBe('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - apps\n  - monitoring\n');
    expect(files.get('manifests/apps/kustomization.yaml')).toBe(
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - deployment-podinfo.yaml',
        '  - metrictemplate-success-rate.yaml',
        '  - namespace-apps.yaml',
        '  - prometheusrule-podinfo-slo.yaml',
        '  - service-podinfo.yaml',
        '',
      ].join('\n'),
    );
  });

  it('writes each object with a Source line and its namespace, objects from ConfigGroups included', () => {
    const configGroupUrn = resource('kubernetes:yaml/v2:ConfigGroup', 'podinfo-canary').urn;
    expect(files.get('manifests/apps/prometheusrule-podinfo-slo.yaml')).toMatch(new RegExp(`^# Source: ${configGroupUrn.replace(/[$]/g, '\\$')}\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\n`));
    expect(files.get('manifests/apps/deployment-podinfo.yaml')).toMatchSnapshot();
    expect(files.get('manifests/apps/metrictemplate-success-rate.yaml')).toMatchSnapshot();
  });

  it('describes each Helm release: chart, repository, version, namespace and full values', () => {
    expect(files.get('helm/monitoring/kube-prometheus-stack.yaml')).toMatchSnapshot();
  });

  it('draws the dependency waves as a Mermaid flowchart', () => {
    expect(files.get('graph.mmd')).toMatchSnapshot();
  });

  it('is deterministic: a second run writes byte-identical files', async () => {
    const second = join(tempDir(), 'dev');
    await synth({ projectDir: MINI_DIR, stack: 'dev', outDir: second });
    expect(readTree(second)).toEqual(files);
  });

  it('replaces the previous render as a whole (no stale files survive)', async () => {
    const { outDir } = previousOutput();
    await synth({ projectDir: MINI_DIR, stack: 'dev', outDir });
    expect(existsSync(join(outDir, 'manifests/apps/stale.yaml'))).toBe(false);
    expect(readTree(outDir)).toEqual(files);
  });

  it('passes the rendered stack to every plugged-in check', async () => {
    let seen: RenderedStack | undefined;
    await synth({ projectDir: MINI_DIR, stack: 'dev', outDir: join(tempDir(), 'dev'), checks: [(s) => ((seen = s), [])] });
    expect(seen?.plan.stack).toBe('dev');
    expect(seen?.manifests.map((m) => m.path)).toContain('apps/deployment-podinfo.yaml');
    expect(seen?.helmReleases.map((h) => h.release)).toEqual(['kube-prometheus-stack']);
    expect(seen?.stackConfig?.config['mini:domain']).toBe('mini.example.com');
    expect(seen?.stackConfig?.secretKeys).toEqual(['mini:alerts', 'mini:dbPassword']);
  });
});

describe('synth failures: clear messages, nothing written, the previous output intact', () => {
  const withDev = (extra: string): string => miniProject({ dev: miniDevStack() + extra });

  it('rejects an unknown stack, listing those that exist', async () => {
    const { outDir, before } = previousOutput();
    await expect(failure({ projectDir: MINI_DIR, stack: 'qa', outDir })).resolves.toEqual({
      title: 'Unknown stack "qa"',
      lines: [expect.stringMatching(/^Pulumi\.qa\.yaml: does not exist in .*; existing stacks: dev, staging$/)],
    });
    expect(readTree(outDir)).toEqual(before);
  });

  it('rejects invalid YAML in the stack file', async () => {
    const { outDir, before } = previousOutput();
    const dir = miniProject({ dev: 'config:\n  mini:domain: "unterminated\n' });
    const result = await failure({ projectDir: dir, stack: 'dev', outDir });
    expect(result.title).toBe('Invalid YAML in Pulumi.dev.yaml');
    expect(result.lines).toEqual(['Pulumi.dev.yaml:3:1: is not valid YAML: Missing closing "quote']);
    expect(readTree(outDir)).toEqual(before);
  });

  it('rejects an unknown config key and a wrong type, raised inside the program', async () => {
    const { outDir, before } = previousOutput();
    await expect(failure({ projectDir: withDev('  mini:colour: blue\n  mini:replicas: three\n'), stack: 'dev', outDir })).resolves.toEqual({
      title: 'Invalid stack configuration in Pulumi.dev.yaml',
      lines: [
        'Pulumi.dev.yaml: mini:colour is not a known key; known keys: mini:domain, mini:replicas, mini:alerts, mini:dbPassword, mini:brokenManifest, mini:brokenQuery, mini:privileged, mini:bugInApply, mini:invalidInApply',
        'Pulumi.dev.yaml: mini:replicas (three) must be an integer',
      ],
    });
    expect(readTree(outDir)).toEqual(before);
  });

  it('rejects a manifest that breaks its schema, naming the file and field', async () => {
    const { outDir, before } = previousOutput();
    await expect(failure({ projectDir: withDev('  mini:brokenManifest: true\n'), stack: 'dev', outDir })).resolves.toEqual({
      title: 'Validation failed with 1 problem; nothing written',
      lines: ['manifests/apps/deployment-podinfo.yaml: spec.template.spec is missing required field "containers"'],
    });
    expect(readTree(outDir)).toEqual(before);
  });

  it('rejects a PromQL query that does not parse (after filling Flagger template variables)', async () => {
    const { outDir, before } = previousOutput();
    const result = await failure({ projectDir: withDev('  mini:brokenQuery: true\n'), stack: 'dev', outDir });
    expect(result.lines).toEqual([expect.stringMatching(/^manifests\/apps\/metrictemplate-success-rate\.yaml: spec\.query is not valid PromQL: syntax error at character \d+/)]);
    expect(readTree(outDir)).toEqual(before);
  });

  it('runs the policies by default: refuses a stack that breaks a rule, naming the file, field and rule id', async () => {
    const { outDir, before } = previousOutput();
    const result = await failure({ projectDir: withDev('  mini:privileged: true\n'), stack: 'dev', outDir });
    expect(result.lines).toEqual([
      expect.stringMatching(/^manifests\/apps\/deployment-podinfo\.yaml: spec\.template\.spec\.containers\[0\]\.securityContext\.privileged .*\[workload-no-privileged\]$/),
    ]);
    expect(readTree(outDir)).toEqual(before);
  });

  it('fails on every problem a plugged-in check reports, and writes nothing', async () => {
    const outDir = join(tempDir(), 'dev');
    const violation: Problem = { subject: 'manifests/apps/deployment-podinfo.yaml', path: 'spec.template.spec.containers[0].resources', message: 'must set requests and limits [workload-resources]' };
    await expect(failure({ projectDir: MINI_DIR, stack: 'dev', outDir, checks: [() => [violation]] })).resolves.toEqual({
      title: 'Validation failed with 1 problem; nothing written',
      lines: ['manifests/apps/deployment-podinfo.yaml: spec.template.spec.containers[0].resources must set requests and limits [workload-resources]'],
    });
    expect(existsSync(outDir)).toBe(false);
    expect(existsSync(join(outDir, '..'))).toBe(true);
  });
});
