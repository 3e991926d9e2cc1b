import { parser } from '@prometheus-io/lezer-promql';
import type { Problem } from '../shared';

/**
 * Parses a PromQL expression with Prometheus' own Lezer grammar (@prometheus-io/lezer-promql) and reports every
 * syntax error with its position. Go-template placeholders must be substituted before calling this (see
 * {@link fillTemplateVariables}).
 */
export function validatePromQL(query: string, subject = 'query', path = ''): Problem[] {
  if (query.trim() === '') {
    return [{ subject, path, message: 'is an empty PromQL query' }];
  }
  let message = verdicts.get(query);
  if (message === undefined) {
    message = syntaxError(query);
    // Services share their query templates, so a few distinct texts cover thousands of objects; the bound
    // only keeps memory flat when every query differs.
    if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
    verdicts.set(query, message);
  }
  return message === null ? [] : [{ subject, path, message }];
}

/**
 * The one PromQL memo of the project: the parse verdict per query text (null: valid). Parsing is pure, so a
 * text's verdict never changes; every caller (the CanaryService schema, `validateQueriesIn`, `synth`, `check`)
 * goes through {@link validatePromQL}, and nothing else remembers verdicts or filled templates.
 */
const verdicts = new Map<string, string | null>();
const MAX_REMEMBERED = 10_000;

/** The first syntax error of `query` as a message, or null when it parses. */
function syntaxError(query: string): string | null {
  let message: string | null = null;
  const tree = parser.parse(query);
  // Report the first syntax error only: one mistake often leaves several error nodes behind it.
  tree.iterate({
    enter(node) {
      if (message !== null) return false;
      if (node.type.isError) {
        const near = query.slice(Math.max(0, node.from - 10), node.to + 10).replace(/\s+/g, ' ');
        message = `is not valid PromQL: syntax error at character ${node.from + 1} near "${near}"`;
      }
      return undefined;
    },
  });
  return message;
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
