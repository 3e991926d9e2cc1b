/**
 * The canary judge as the platform runs it: its objects (targeted assertions, validated, policy-clean), its
 * settings' validation, and the server bundle the ConfigMap ships, started for real with node.
 */
import { spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { AddressInfo, createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { gunzipSync } from 'zlib';
import { judgeServerBundle } from '../../../packages/judge/bundle';
import { bundleFromSources } from '../../../scripts/bundle-judge';
import { evaluatePolicies } from '../../../packages/policies';
import { JUDGE_DEPLOYMENT_DEFAULTS, judgeBaseUrl, judgeObjects, resolveCanaryJudgeSettings } from '../../../packages/platform/judge';
import type { KubeObject } from '../../../packages/shared/kube-object';
import { validateObjects, validateQueriesIn } from '../../../packages/validation';

const bundle = judgeServerBundle();
const render = (input: unknown = {}) => judgeObjects({ settings: resolveCanaryJudgeSettings('judge', input), prometheusUrl: 'http://prom.monitoring:9090', bundle });
const byKind = (objects: KubeObject[], kind: string) => objects.find((o) => o.kind === kind) as Record<string, any>;

describe('judge objects', () => {
  const objects = render();
  const deployment = byKind(objects, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  it('renders the server, its Service, PDB, scrape and alerts in flagger-system', () => {
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget', 'PodMonitor', 'PrometheusRule']);
    expect(new Set(objects.map((o) => o.metadata.namespace))).toEqual(new Set(['flagger-system']));
    expect(judgeBaseUrl()).toBe('http://canary-judge.flagger-system');
  });

  it('runs two replicas spread over nodes and zones, none unavailable during a rollout', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.topologySpreadConstraints.map((c: { topologyKey: string }) => c.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(byKind(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  it('ships the bundle in a ConfigMap and unpacks it onto the pinned Node image, no registry of ours', () => {
    const configMap = byKind(objects, 'ConfigMap');
    expect(gunzipSync(Buffer.from(configMap.binaryData['judge.js.gz'], 'base64')).length).toBeGreaterThan(10_000);
    const image = `${JUDGE_DEPLOYMENT_DEFAULTS.image.repository}:${JUDGE_DEPLOYMENT_DEFAULTS.image.tag}`;
    expect(pod.initContainers[0].image).toBe(image);
    expect(container.image).toBe(image);
    expect(container.command.slice(0, 2)).toEqual(['node', '/app/judge.js']);
    // A new bundle rolls the pods.
    expect(deployment.spec.template.metadata.annotations['canary-platform.dev/bundle-sha256']).toBe(configMap.metadata.annotations['canary-platform.dev/bundle-sha256']);
  });

  it('queries the given Prometheus and leaves the load tester out of every comparison', () => {
    expect(container.command).toEqual(expect.arrayContaining(['--prometheus-url', 'http://prom.monitoring:9090', '--exclude-source', 'flagger-system/flagger-loadtester', '--query-timeout', '4s']));
  });

  it('has no sidecar, so the sidecar-less controllers reach it without an mTLS exception', () => {
    expect(deployment.spec.template.metadata.annotations['sidecar.istio.io/inject']).toBe('false');
  });

  it('scrapes its metrics keeping the judged namespace label', () => {
    expect(byKind(objects, 'PodMonitor').spec.podMetricsEndpoints[0]).toMatchObject({ port: 'http', path: '/metrics', honorLabels: true });
  });

  it('alerts when it is down, when a release is held or failed, and when Prometheus does not answer', () => {
    const rules = byKind(objects, 'PrometheusRule').spec.groups[0].rules as { alert: string; annotations: { summary: string } }[];
    expect(rules.map((r) => r.alert)).toEqual(['CanaryJudgeDown', 'CanaryJudgeHeldTooLong', 'CanaryJudgeFailedRelease', 'CanaryJudgePrometheusUnavailable']);
    expect(rules[1]!.annotations.summary).toMatch(/^held: /);
    expect(rules[2]!.annotations.summary).toMatch(/^failed: /);
  });

  it('is schema-valid, its PromQL parses, and no policy finds anything in prod', () => {
    expect([...validateObjects(objects), ...validateQueriesIn(objects)]).toEqual([]);
    expect(evaluatePolicies({ objects, environment: 'prod' }).violations).toEqual([]);
  });

  it('renders the same bytes for the same input', () => {
    expect(JSON.stringify(render())).toBe(JSON.stringify(objects));
  });

  it('takes replicas, resources and the query timeout from its settings', () => {
    const custom = render({ replicas: 3, resources: { memoryLimit: '512Mi' }, queryTimeoutSeconds: 2 });
    const d = byKind(custom, 'Deployment');
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0].resources.limits.memory).toBe('512Mi');
    expect(d.spec.template.spec.containers[0].resources.requests.memory).toBe('96Mi');
    expect(d.spec.template.spec.containers[0].command).toEqual(expect.arrayContaining(['--query-timeout', '2s']));
  });
});

describe('judge settings validation', () => {
  it('names every invalid field, its value and what is valid, all at once', () => {
    expect(() => resolveCanaryJudgeSettings('platform', { replicas: 0, queryTimeoutSeconds: 12, resources: { cpuLimit: 'lots' } })).toThrow(
      [
        'CanaryJudge platform: invalid arguments',
        '  - platform: judge.replicas (0) must be 1-10',
        '  - platform: judge.resources.cpuLimit ("lots") must be a Kubernetes quantity such as "50m", "1", "128Mi" or "1Gi"',
        '  - platform: judge.queryTimeoutSeconds (12) must be 0.5-8 seconds (Flagger gives a webhook 10 s)',
      ].join('\n'),
    );
  });

  it('rejects unknown keys, listing the valid ones', () => {
    expect(() => resolveCanaryJudgeSettings('platform', { replica: 2 })).toThrow('  - platform: judge has unknown keys replica (valid: enabled, replicas, resources, queryTimeoutSeconds)');
  });

  it('fills in the defaults', () => {
    expect(resolveCanaryJudgeSettings('platform')).toEqual({
      enabled: true,
      replicas: 2,
      resources: { cpuRequest: '50m', memoryRequest: '96Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
      queryTimeoutSeconds: 4,
    });
  });
});

describe('the server bundle', () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });

  it('is the bundle of the current sources, byte for byte (run npm run build after changing packages/judge)', () => {
    const fresh = bundleFromSources();
    expect(fresh.equals(bundleFromSources())).toBe(true);
    expect(bundle.gzip.equals(fresh)).toBe(true);
  });

  it('names the missing file and the command that writes it', () => {
    expect(() => judgeServerBundle('/nonexistent-root')).toThrow("the canary judge's server bundle /nonexistent-root/build/judge/judge.js.gz is missing: run npm run build");
  });

  it('starts with node alone (no node_modules) and answers /healthz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'judge-bundle-'));
    const file = join(dir, 'judge.js');
    writeFileSync(file, gunzipSync(bundle.gzip));
    const port = await freePort();
    const child = spawn(process.execPath, [file, '--prometheus-url', 'http://127.0.0.1:9', '--port', String(port), '--host', '127.0.0.1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const listening = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => {
          out += String(d);
          if (out.includes('\n')) resolve(out);
        });
        child.stderr.on('data', (d) => (err += String(d)));
        child.once('exit', (code) => reject(new Error(`judge exited ${code}: ${err}`)));
      });
      expect(JSON.parse(listening.split('\n')[0]!)).toMatchObject({ msg: 'canary judge listening' });
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
