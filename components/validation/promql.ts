import { parser } from '@prometheus-io/lezer-promql';
import type { Problem } from '../shared';

/**
 * Parses a PromQL expression with Prometheus' own Lezer grammar (@prometheus-io/lezer-promql) and reports every
 * syntax error with its position. Go-template placeholders must be substituted before calling this (see
 * {@link fillTemplateVariables}).
 */
export function validatePromQL(query: string, subject = 'query', path = ''): Problem[] {
  const problems: Problem[] = [];
  if (query.trim() === '') {
    return [{ subject, path, message: 'is an empty PromQL query' }];
  }
  const tree = parser.parse(query);
  // Report the first syntax error only: one mistake often leaves several error nodes behind it.
  tree.iterate({
    enter(node) {
      if (problems.length > 0) return false;
      if (node.type.isError) {
        const near = query.slice(Math.max(0, node.from - 10), node.to + 10).replace(/\s+/g, ' ');
        problems.push({
          subject,
          path,
          message: `is not valid PromQL: syntax error at character ${node.from + 1} near "${near}"`,
        });
      }
      return undefined;
    },
  });
  return problems;
}

/** Sample values substituted for template variables before parsing. */
const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  namespace: 'sample-namespace',
  target: 'sample-target',
  name: 'sample-name',
  service: 'sample-service',
  ingress: 'sample-ingress',
  interval: '1m',
  variables: 'sample',
};

/**
 * Replaces Flagger template variables (`{{ namespace }}`, `{{ target }}`, `{{ interval }}`, `{{ variables.x }}`)
 * and Argo Rollouts arguments (`{{args.service-name}}`) with sample values, so the query can be parsed.
 * Durations (`interval`, or any argument whose name ends in `interval`/`window`) become `1m`.
 */
export function fillTemplateVariables(query: string): string {
  return query.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_m, name: string) => {
    const last = name.split('.').pop() ?? name;
    if (/(interval|window|duration)$/i.test(last)) return '1m';
    return SAMPLE_VALUES[last] ?? `sample-${last.replace(/[^A-Za-z0-9-]/g, '-')}`;
  });
}
