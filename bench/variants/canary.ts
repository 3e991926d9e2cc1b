/**
 * Our two paths: the bulk render (what the Pulumi bridge and `synth` do: `renderCanaryService` per service, then
 * every object validated against its schema and every PromQL query parsed) and the `CanaryService` construct
 * inside a user's own cdk8s chart.
 */
import { performance } from 'perf_hooks';
import { App, Chart } from 'cdk8s';
import { CanaryService, renderCanaryService, type NamedCanaryServiceProps } from '../../packages/canary';
import { formatProblem } from '../../packages/shared';
import { validateObjects, validateQueriesIn } from '../../packages/validation';
import type { WorkResult } from '../harness/types';

/** Renders every service and validates every object; fails loudly if anything is invalid. */
export function bulkRender(services: readonly NamedCanaryServiceProps[]): WorkResult {
  const t0 = performance.now();
  const objects = services.flatMap((props) => renderCanaryService(props));
  const t1 = performance.now();
  const problems = [...validateObjects(objects), ...validateQueriesIn(objects)];
  const validationMs = performance.now() - t1;
  if (problems.length > 0) {
    throw new Error(`bench fixture renders invalid objects:\n${problems.slice(0, 10).map(formatProblem).join('\n')}`);
  }
  return { objects: objects.length, services: services.length, validationMs, notes: [`render ${(t1 - t0).toFixed(1)} ms`] };
}

/** N CanaryService constructs in one user chart, synthesized with `chart.toJson()`. */
export function constructInChart(services: readonly NamedCanaryServiceProps[]): WorkResult {
  const app = new App({ outdir: 'dist' });
  const chart = new Chart(app, 'services');
  for (const props of services) new CanaryService(chart, props.name, props);
  const objects = chart.toJson();
  return { objects: objects.length, services: services.length };
}
