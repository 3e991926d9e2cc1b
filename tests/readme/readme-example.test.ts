/**
 * The README's CanaryService example is real code: it is extracted, run against the sources, and every object it
 * renders is schema-valid. A README that drifts from the props fails here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateObject } from '../../components/validation';
import type { KubeObject } from '../../components/shared';

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
});
