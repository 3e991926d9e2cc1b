/**
 * The naive baselines a team would write by hand with cdk8s-plus-27: a Deployment plus a Service per service,
 * (a) all in one Chart, (b) one Chart per service. Both end at `chart.toJson()`, the manifest as plain objects:
 * the same thing our render returns, and what `app.synth()` serialises to YAML.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { ServiceFixture } from '../fixtures/services';
import type { WorkResult } from '../harness/types';

function addService(chart: Chart, s: ServiceFixture): void {
  const deployment = new kplus.Deployment(chart, s.name, {
    metadata: { name: s.name, namespace: s.namespace },
    replicas: s.replicas,
    containers: [
      {
        name: 'app',
        image: s.image,
        portNumber: s.port,
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
        },
      },
    ],
  });
  deployment.exposeViaService({ name: s.name, ports: [{ port: 80, targetPort: s.port }] });
}

/** Baseline (a): every pair in one Chart, synthesized once. */
export function oneChart(services: readonly ServiceFixture[]): WorkResult {
  const app = new App({ outdir: 'dist' });
  const chart = new Chart(app, 'services');
  for (const s of services) addService(chart, s);
  const objects = chart.toJson();
  return { objects: objects.length, services: services.length };
}

/** Baseline (b): one Chart per service; every chart synthesized, as `app.synth()` does. */
export function chartPerService(services: readonly ServiceFixture[]): WorkResult {
  const app = new App({ outdir: 'dist' });
  const charts = services.map((s) => {
    const chart = new Chart(app, s.name);
    addService(chart, s);
    return chart;
  });
  let objects = 0;
  for (const chart of charts) objects += chart.toJson().length;
  return { objects, services: services.length };
}
