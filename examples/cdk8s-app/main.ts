/**
 * A plain cdk8s app using CanaryService: no Pulumi. `npx tsx main.ts` (or `cdk8s synth`, see cdk8s.yaml) writes
 * one YAML file per chart to `dist/`, ready for `kubectl apply` or a GitOps repository.
 */
import { App, Chart, YamlOutputType } from 'cdk8s';
import { CanaryService } from 'canary-platform/canary';
import type { Construct } from 'constructs';

/** A team's services in one namespace: a public frontend and an internal API. */
export class ShopChart extends Chart {
  /** The frontend, exposed through the platform's shared gateway. */
  readonly frontend: CanaryService;
  /** The catalog API, mesh-internal, released blue/green. */
  readonly catalog: CanaryService;

  constructor(scope: Construct, id: string, namespace: string) {
    super(scope, id, { namespace });
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
