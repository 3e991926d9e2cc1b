import type { Problem } from '../../packages/shared';
import { fillTemplateVariables, findQueries, validateObject, validatePromQL } from '../../packages/validation';
import type { RenderedStack, SynthCheck } from './rendered-stack';
import type { Masker } from './wire-values';

/** How much validation covered, for progress titles and tests. */
export interface ValidationCounts {
  readonly manifests: number;
  readonly queries: number;
  readonly checks: number;
}

/** Counts what {@link validateRendered} will look at. */
export function validationCounts(stack: RenderedStack, checks: readonly SynthCheck[]): ValidationCounts {
  return {
    manifests: stack.manifests.length,
    queries: stack.manifests.reduce((n, m) => n + findQueries([m.object]).length, 0),
    checks: checks.length,
  };
}

/**
 * Validates everything synth would write, collecting every problem:
 * - each manifest against its schema (`validateObject`), named by its file under `manifests/`;
 * - each PromQL query in a manifest (Flagger MetricTemplate and Canary metrics, PrometheusRule expressions,
 *   Argo Rollouts analysis queries), with template variables filled with sample values first;
 * - Helm releases: a chart is named and no two releases share a namespace and name;
 * - each plugged-in check (the policies).
 */
export function validateRendered(stack: RenderedStack, checks: readonly SynthCheck[]): Problem[] {
  const problems: Problem[] = [];
  for (const m of stack.manifests) {
    const file = `manifests/${m.path}`;
    problems.push(...validateObject(m.object, file));
    for (const q of findQueries([m.object])) problems.push(...validatePromQL(fillTemplateVariables(q.query), file, q.path));
  }
  const releases = new Map<string, string>();
  for (const h of stack.helmReleases) {
    const file = `helm/${h.path}`;
    if (h.chart === '') problems.push({ subject: file, path: 'chart', message: 'is required (the chart name or reference)' });
    const earlier = releases.get(h.path);
    if (earlier !== undefined) problems.push({ subject: file, path: '', message: `is installed twice (by ${earlier} and ${h.source})` });
    releases.set(h.path, h.source);
  }
  for (const check of checks) problems.push(...check(stack));
  return problems;
}

/** One problem per file that would contain a known secret value (a last guard before anything is written). */
export function findSecretsInFiles(files: ReadonlyMap<string, string>, masker: Masker): Problem[] {
  const problems: Problem[] = [];
  for (const [path, content] of files) {
    if (masker.findSecretIn(content) !== undefined) {
      problems.push({ subject: path, path: '', message: 'would contain a secret value in plain text; pass it as a Pulumi secret or a Secret reference' });
    }
  }
  return problems;
}
