import { objectId, requireObjectArguments, type KubeObject, type Problem } from '../shared';
import { fillTemplateVariables, validatePromQL } from './promql';

/** A PromQL query found inside a rendered object. */
export interface FoundQuery {
  /** The object holding it, as `namespace/Kind/name`. */
  readonly subject: string;
  /** Dotted path of the field, for example `spec.groups[0].rules[2].expr`. */
  readonly path: string;
  /** The query as written (template variables included). */
  readonly query: string;
}

/**
 * Every PromQL query in the objects: Flagger `MetricTemplate.spec.query` (prometheus provider) and inline
 * `Canary` metric queries, Prometheus Operator `PrometheusRule` expressions, and Argo Rollouts
 * `AnalysisTemplate`/`ClusterAnalysisTemplate` Prometheus metrics.
 */
export function findQueries(objects: readonly KubeObject[]): FoundQuery[] {
  requireObjectArguments('findQueries', { objects }, { arrays: ['objects'] });
  const out: FoundQuery[] = [];
  for (const obj of objects) {
    const subject = objectId(obj);
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    if (obj.kind === 'MetricTemplate' && obj.apiVersion.startsWith('flagger.app/')) {
      const provider = (spec.provider ?? {}) as { type?: string };
      if (typeof spec.query === 'string' && (provider.type ?? 'prometheus') === 'prometheus') {
        out.push({ subject, path: 'spec.query', query: spec.query });
      }
    } else if (obj.kind === 'Canary' && obj.apiVersion.startsWith('flagger.app/')) {
      const metrics = ((spec.analysis as { metrics?: { query?: unknown }[] } | undefined)?.metrics ?? []);
      metrics.forEach((m, i) => {
        if (typeof m.query === 'string') out.push({ subject, path: `spec.analysis.metrics[${i}].query`, query: m.query });
      });
    } else if (obj.kind === 'PrometheusRule') {
      const groups = (spec.groups ?? []) as { rules?: { expr?: unknown }[] }[];
      groups.forEach((g, gi) =>
        (g.rules ?? []).forEach((r, ri) => {
          if (typeof r.expr === 'string') out.push({ subject, path: `spec.groups[${gi}].rules[${ri}].expr`, query: r.expr });
        }),
      );
    } else if ((obj.kind === 'AnalysisTemplate' || obj.kind === 'ClusterAnalysisTemplate') && obj.apiVersion.startsWith('argoproj.io/')) {
      const metrics = (spec.metrics ?? []) as { provider?: { prometheus?: { query?: unknown } } }[];
      metrics.forEach((m, i) => {
        const q = m.provider?.prometheus?.query;
        if (typeof q === 'string') out.push({ subject, path: `spec.metrics[${i}].provider.prometheus.query`, query: q });
      });
    }
  }
  return out;
}

/** Parses every query found in the objects (template variables filled with samples); one problem per error. */
export function validateQueriesIn(objects: readonly KubeObject[]): Problem[] {
  requireObjectArguments('validateQueriesIn', { objects }, { arrays: ['objects'] });
  // Services share their query templates (16,000 queries of 5000 services are 4 texts): each distinct text is
  // filled and checked once in this call, then its problems are named after every object that holds it.
  const verdicts = new Map<string, Problem[]>();
  return findQueries(objects).flatMap((q) => {
    let problems = verdicts.get(q.query);
    if (problems === undefined) {
      problems = validatePromQL(fillTemplateVariables(q.query));
      verdicts.set(q.query, problems);
    }
    return problems.map((p) => ({ ...p, subject: q.subject, path: q.path }));
  });
}
