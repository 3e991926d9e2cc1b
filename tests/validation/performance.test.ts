/**
 * The shortcuts taken for speed (issue 11) must not change any verdict: the one memo of PromQL verdicts, each
 * distinct query text checked once per `validateQueriesIn` call, schema validation without the kubernetes-models
 * copy. No timing is asserted here; `npm run bench` measures.
 */
import type { KubeObject } from '../../packages/shared';
import { validateObject, validatePromQL, validateQueriesIn } from '../../packages/validation';

describe('remembered PromQL verdicts', () => {
  it('names each caller in a repeated invalid query, with the same message', () => {
    const query = 'sum(rate(http_requests_total[5m])';
    const first = validatePromQL(query, 'apps/MetricTemplate/a', 'spec.query');
    const second = validatePromQL(query, 'apps/MetricTemplate/b', 'spec.query');
    expect(first).toHaveLength(1);
    expect(second).toEqual([{ ...first[0], subject: 'apps/MetricTemplate/b' }]);
  });

  it('keeps a valid repeated query valid and still rejects an empty one', () => {
    expect(validatePromQL('up == 0', 'x')).toEqual([]);
    expect(validatePromQL('up == 0', 'y')).toEqual([]);
    expect(validatePromQL('  ', 'z', 'spec.query')).toEqual([{ subject: 'z', path: 'spec.query', message: 'is an empty PromQL query' }]);
  });

  it('gives the same verdict however many distinct queries were seen before', () => {
    for (let i = 0; i < 10_050; i++) validatePromQL(`up{job="j${i}"} == 0`, 's');
    expect(validatePromQL('rate(x[5m]', 's')[0]?.message).toMatch(/^is not valid PromQL: syntax error at character/);
    expect(validatePromQL('up{job="j0"} == 0', 's')).toEqual([]);
  });
});

describe('repeated query templates in validateQueriesIn', () => {
  const template = (name: string, query: string): KubeObject => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: { name, namespace: 'apps' },
    spec: { provider: { type: 'prometheus', address: 'http://prometheus:9090' }, query },
  });

  it('names every object holding a repeated invalid query, each with its own subject and path', () => {
    const broken = 'sum(rate(http_requests_total{namespace="{{ namespace }}"}[{{ interval }}])';
    const problems = validateQueriesIn([template('a', broken), template('b', 'up == 0'), template('c', broken)]);
    expect(problems.map((p) => [p.subject, p.path])).toEqual([
      ['apps/MetricTemplate/a', 'spec.query'],
      ['apps/MetricTemplate/c', 'spec.query'],
    ]);
    expect(problems[1]?.message).toBe(problems[0]?.message);
    expect(problems[0]?.message).toMatch(/^is not valid PromQL: syntax error at character/);
  });

  it('gives the problems of one call to no other', () => {
    const broken = 'rate(x[{{ interval }}]';
    const first = validateQueriesIn([template('a', broken)]);
    first[0] = { ...first[0]!, subject: 'changed' };
    expect(validateQueriesIn([template('b', broken)]).map((p) => p.subject)).toEqual(['apps/MetricTemplate/b']);
  });
});

describe('built-in kinds validated in place', () => {
  const service = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'n' }, spec });

  it('does not modify the object it validates', () => {
    const obj = service({ ports: [{ port: 80, targetPort: 8080 }], selector: { app: 's' } });
    const before = JSON.stringify(obj);
    expect(validateObject(obj)).toEqual([]);
    expect(JSON.stringify(obj)).toBe(before);
  });

  it('treats undefined fields as absent, as the copying validation did', () => {
    expect(validateObject(service({ ports: [{ port: 80, name: undefined }], type: undefined }))).toEqual([]);
    expect(validateObject(service({ ports: [{ port: undefined }] }))).toEqual([
      { subject: 'n/Service/s', path: 'spec.ports[0]', message: 'is missing required field "port"' },
    ]);
  });

  it('still reports every error of a kind loaded from its own module', () => {
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'n' },
      spec: { maxReplicas: 'ten', scaleTargetRef: { kind: 'Deployment' } },
    };
    expect(validateObject(hpa)).toEqual([
      { subject: 'n/HorizontalPodAutoscaler/h', path: 'spec.maxReplicas', message: 'must be of type integer' },
      { subject: 'n/HorizontalPodAutoscaler/h', path: 'spec.scaleTargetRef', message: 'is missing required field "name"' },
    ]);
  });
});
