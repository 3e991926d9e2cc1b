/**
 * examples/cdk8s-app: a plain cdk8s app (no Pulumi) that imports `canary-platform/canary` by name. Its `main`
 * runs into a temporary folder; the YAML it writes must hold its Namespace (Istio sidecar injection), first, and
 * exactly what the two CanaryServices rendered, and every object must validate. That it runs right after `npm ci`
 * at the root, as its README says, is proven by cdk8s-app-after-npm-ci.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from 'canary-platform/canary';
import { validateObject, validateQueriesIn } from 'canary-platform/validation';
import { main, ShopChart } from '../../examples/cdk8s-app/main';

describe('examples/cdk8s-app', () => {
  let outdir: string;
  let files: string[];
  let objects: KubeObject[];
  let chart: ShopChart;

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'cdk8s-app-'));
    const app = main(outdir);
    chart = app.charts[0] as ShopChart;
    files = readdirSync(outdir).sort();
    objects = parseAllDocuments(readFileSync(join(outdir, 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJSON() as KubeObject);
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes one YAML file for its one chart', () => {
    expect(files).toEqual(['shop.k8s.yaml']);
    expect(chart).toBeInstanceOf(ShopChart);
  });

  it('writes its Namespace first, cluster-scoped, with Istio sidecar injection (as the team stack creates it)', () => {
    expect(objects[0]).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
    expect(objects.filter((o) => o.kind === 'Namespace')).toHaveLength(1);
    expect(chart.namespaceObject.toJson()).toEqual(objects[0]);
  });

  it('writes exactly the objects both CanaryServices rendered after it, in the shop namespace', () => {
    const id = (o: KubeObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    const services = objects.slice(1);
    expect(services.map(id).sort()).toEqual([...chart.frontend.objects, ...chart.catalog.objects].map(id).sort());
    expect(new Set(services.map((o) => o.metadata.namespace))).toEqual(new Set(['shop']));
    expect(services.filter((o) => o.kind === 'Canary').map((o) => o.metadata.name).sort()).toEqual(['catalog', 'frontend']);
  });

  it('renders the props it was given: fixed replicas without an HPA for catalog, ingress hosts for frontend', () => {
    const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name);
    expect(hpas).toEqual(['frontend']);
    const frontend = objects.find((o) => o.kind === 'Canary' && o.metadata.name === 'frontend') as KubeObject & { spec: { service: { hosts: string[] } } };
    expect(frontend.spec.service.hosts).toContain('shop.example.com');
    expect(chart.catalog.spec.strategy).toMatchObject({ kind: 'blueGreen', iterations: 10 });
  });

  it('writes only objects that validate against their schemas, with parseable PromQL', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(objects.flatMap((o) => validateObject(o))).toEqual([]);
    expect(validateQueriesIn(objects)).toEqual([]);
  });
});
