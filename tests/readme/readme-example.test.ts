/**
 * The README's CanaryService example is real code: it is extracted, run against the sources, and every object it
 * renders is schema-valid. A README that drifts from the props fails here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateObject } from '../../packages/validation';
import type { KubeObject } from '../../packages/shared';
import { businessMetricQuery } from '../../packages/canary/spec/queries';
import { describeWithPromtool } from '../support/promtool';
import { unitTestFile } from '../support/promtool-unit';
import { series } from '../support/istio-series';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The first TypeScript block that declares a CanaryService. */
function readmeExample(): string {
  const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const example = blocks.find((b) => b.includes('new CanaryService('));
  if (!example) throw new Error('README.md has no TypeScript CanaryService example');
  return example;
}

describe('README CanaryService example', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'readme-example-'));
  const file = join(__dirname, '__generated_readme_example.ts');
  let app: { charts: { toJson(): unknown[] }[] };

  beforeAll(() => {
    const code = readmeExample()
      .replace("new App()", `new App({ outdir: ${JSON.stringify(outdir)} })`)
      .concat('\nexport { app };\n');
    writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    app = (require(file) as { app: typeof app }).app;
  });

  afterAll(() => {
    rmSync(file, { force: true });
    rmSync(outdir, { recursive: true, force: true });
  });

  it('renders both services, every object schema-valid', () => {
    const objects = app.charts.flatMap((c) => c.toJson()) as KubeObject[];
    const canaries = objects.filter((o) => o.kind === 'Canary').map((o) => o.metadata.name);
    expect(canaries.sort()).toEqual(['checkout', 'podinfo']);
    expect(objects.flatMap((o) => validateObject(o))).toEqual([]);
  });

  it('renders what the README promises for checkout: the schedule, the business metric and the Slack alert', () => {
    const objects = app.charts.flatMap((c) => c.toJson()) as KubeObject[];
    const canary = objects.find((o) => o.kind === 'Canary' && o.metadata.name === 'checkout') as KubeObject & {
      spec: { analysis: { stepWeights: number[]; threshold: number; interval: string; alerts: { name: string }[]; metrics: { name: string }[] } };
    };
    expect(canary.spec.analysis).toMatchObject({ stepWeights: [5, 10, 20, 50], threshold: 2, interval: '30s' });
    expect(canary.spec.analysis.metrics.map((m) => m.name)).toContain('checkouts-completed');
    expect(canary.spec.analysis.alerts.map((a) => a.name)).toEqual(['releases']);
    const provider = objects.find((o) => o.kind === 'AlertProvider') as KubeObject & { spec: Record<string, unknown> };
    expect(provider.spec).toMatchObject({ type: 'slack', secretRef: { name: 'slack-webhook' } });
    expect(JSON.stringify(objects)).not.toMatch(/hooks\.slack\.com/);
  });

  it("scrapes checkout's own metrics through the mesh: the pods carry the annotations Istio's metrics merging reads", () => {
    const objects = app.charts.flatMap((c) => c.toJson()) as KubeObject[];
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'checkout') as KubeObject & {
      spec: { template: { metadata: { annotations: Record<string, string> } } };
    };
    expect(deployment.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/path': '/metrics', 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true' });
  });

  describeWithPromtool('the business check judges the canary, not the namespace', (promtool) => {
    const SCRAPE = 15;
    const SAMPLES = 80;
    /** checkout_*_total as the envoy-stats PodMonitor scrapes them from the sidecar's :15020 (merged app metrics). */
    const counters = (pod: string, started: number, completed: number) =>
      (['started', 'completed'] as const).map((what) =>
        series(
          `checkout_${what}_total`,
          { container: 'istio-proxy', instance: `10.8.1.${pod.length}:15020`, job: 'monitoring/envoy-stats', namespace: 'shop', pod },
          `0+${what === 'started' ? started : completed}x${SAMPLES}`,
        ),
      ).flat();

    it('uses only the canary pods: a primary completing half its checkouts does not move it', () => {
      const objects = app.charts.flatMap((c) => c.toJson()) as KubeObject[];
      const template = objects.find((o) => o.kind === 'MetricTemplate' && o.metadata.name === 'checkout-checkouts-completed') as KubeObject & { spec: { query: string } };
      const query = businessMetricQuery(template.spec.query, { namespace: 'shop', target: 'checkout', interval: '1m' });
      const rules = { groups: [{ name: 'readme', rules: [{ record: 'readme:checkouts_completed', expr: query }] }] };
      const test = unitTestFile({
        ruleFiles: ['readme.yaml'],
        scrapeIntervalSeconds: SCRAPE,
        series: [
          ...counters('checkout-7c9d8b5f4b-x2kqz', 10, 9.9),
          ...counters('checkout-7c9d8b5f4b-h4tgm', 10, 9.9),
          ...counters('checkout-primary-6b8d9c7f5d-p7wkd', 100, 50),
          ...counters('checkout-primary-6b8d9c7f5d-q9zrb', 100, 50),
        ],
        // 99% on the canary (passes min 0.95); the whole namespace would give about 54% and roll back.
        exprTests: [{ expr: 'abs(readme:checkouts_completed - 0.99) < bool 0.0001', evalTime: '15m', samples: [{ labels: '{}', value: 1 }] }],
      });
      expect(promtool.testRules(test, { 'readme.yaml': rules }).output).toContain('SUCCESS');
    });
  });
});
