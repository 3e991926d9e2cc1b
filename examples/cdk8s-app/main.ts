/**
 * A plain cdk8s app using CanaryService: no Pulumi. `npm run synth` (or `npx tsx main.ts`, or `cdk8s synth`, see
 * cdk8s.yaml) writes one YAML file per chart to `dist/`, ready for `kubectl apply` or a GitOps repository.
 *
 * It imports the package by name, as a team's own app does. In this repository the name resolves to the
 * repository itself (`"canary-platform": "file:../.."`), whose `build/` the root `npm ci` produces (the package's
 * `prepare` script builds it): after `npm ci` at the root, `npm install && npm run synth` here (see README.md).
 */
import { ApiObject, App, Chart, JsonPatch, YamlOutputType } from 'cdk8s';
import { CanaryService } from 'canary-platform/canary';
import type { Construct } from 'constructs';

/** A team's services in one namespace: a public frontend and an internal API. */
export class ShopChart extends Chart {
  /** The chart's Namespace, with Istio sidecar injection (the canary analysis reads the sidecars' metrics). */
  readonly namespaceObject: ApiObject;
  /** The frontend, exposed through the platform's shared gateway. */
  readonly frontend: CanaryService;
  /** The catalog API, mesh-internal, released blue/green. */
  readonly catalog: CanaryService;

  constructor(scope: Construct, id: string, namespace: string) {
    super(scope, id, { namespace });
    this.namespaceObject = new ApiObject(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } },
    });
    // A Namespace is cluster-scoped: the chart's namespace, which cdk8s stamps on every object, does not apply.
    this.namespaceObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.frontend = new CanaryService(this, 'frontend', {
      image: 'ghcr.io/stefanprodan/podinfo:6.9.2',
      port: 9898,
      ingress: { hosts: ['shop.example.com'] },
      strategy: { kind: 'canary', stepWeights: [5, 20, 50] },
    });
    this.catalog = new CanaryService(this, 'catalog', {
      image: 'ghcr.io/stefanprodan/podinfo:6.9.2',
      port: 9898,
      scaling: { kind: 'fixed', replicas: 3 },
      strategy: { kind: 'blueGreen', iterations: 10 },
    });
    // The services' objects are written after their Namespace, so `kubectl apply -f dist/` creates it first.
    for (const service of [this.frontend, this.catalog]) service.node.addDependency(this.namespaceObject);
  }
}

/** Builds the app and writes its manifests to `outdir`; returns the app (tests read its charts). */
export function main(outdir = 'dist'): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new ShopChart(app, 'shop', 'shop');
  app.synth();
  return app;
}

if (require.main === module) main();
