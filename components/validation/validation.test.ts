import type { KubeObject } from '../shared';
import { fillTemplateVariables, findQueries, validateObject, validatePromQL, validateQueriesIn } from '.';

const deployment = (extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'podinfo', namespace: 'apps' },
  spec: {
    selector: { matchLabels: { app: 'podinfo' } },
    template: {
      metadata: { labels: { app: 'podinfo' } },
      spec: { containers: [{ name: 'app', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', ports: [{ containerPort: 9898 }] }] },
    },
    ...extra,
  },
});

const canary = (analysis: Record<string, unknown>): KubeObject => ({
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: { name: 'podinfo', namespace: 'apps' },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    service: { port: 9898 },
    analysis,
  },
});

describe('validateObject: built-in kinds (kubernetes-models)', () => {
  it('accepts a valid Deployment', () => {
    expect(validateObject(deployment())).toEqual([]);
  });

  it('names the object and the field of a type error', () => {
    const bad = deployment({ replicas: 'three' });
    expect(validateObject(bad)).toEqual([{ subject: 'apps/Deployment/podinfo', path: 'spec.replicas', message: 'must be of type integer' }]);
  });

  it('reports a missing required field', () => {
    const bad: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{}] } };
    expect(validateObject(bad)).toEqual([{ subject: 'Service/s', path: 'spec.ports[0]', message: 'is missing required field "port"' }]);
  });

  it('rejects an unknown apiVersion/kind instead of skipping it', () => {
    const bad: KubeObject = { apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } };
    expect(validateObject(bad)).toEqual([
      { subject: 'Deploymnet/x', path: 'kind', message: '(apps/v1 Deploymnet) has no known schema; check apiVersion and kind' },
    ]);
  });

  it('rejects names that are not DNS-1123 subdomains', () => {
    const bad: KubeObject = { ...deployment(), metadata: { name: 'Pod_Info', namespace: 'apps' } };
    expect(validateObject(bad)[0]).toMatchObject({ path: 'metadata.name' });
  });

  it('validates Prometheus Operator kinds', () => {
    const rule: KubeObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r', namespace: 'm' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', for: 'often' }] }] },
    };
    expect(validateObject(rule).map((p) => p.path)).toContain('spec.groups[0].rules[0].for');
  });
});

describe('validateObject: custom resources (vendored upstream CRDs)', () => {
  it('accepts a valid Flagger Canary', () => {
    expect(validateObject(canary({ interval: '30s', threshold: 2, stepWeights: [5, 10, 20, 50] }))).toEqual([]);
  });

  it('rejects unknown fields strictly, naming them', () => {
    expect(validateObject(canary({ interval: '30s', threshhold: 2 }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis', message: 'has unknown field "threshhold"' },
    ]);
  });

  it('rejects wrong types inside CRDs', () => {
    expect(validateObject(canary({ threshold: 'two' }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis.threshold', message: 'must be of type number' },
    ]);
  });

  it('says which versions are served when the apiVersion is wrong', () => {
    const bad = { ...canary({}), apiVersion: 'flagger.app/v1' };
    expect(validateObject(bad)).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'apiVersion', message: '(flagger.app/v1) is not served for Canary; use one of: flagger.app/v1beta1' },
    ]);
  });

  it('validates Istio kinds although their schema omits apiVersion, kind and metadata', () => {
    const pa: KubeObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    };
    expect(validateObject(pa)).toEqual([]);
    expect(validateObject({ ...pa, spec: { mtls: { mode: 'STRICTEST' } } })[0]).toMatchObject({ path: 'spec.mtls.mode' });
  });

  it('validates Argo Rollouts kinds', () => {
    const tmpl: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'success-rate', namespace: 'apps' },
      spec: { metrics: [{ name: 'success-rate', interval: '30s', successCondition: 'result[0] >= 0.99', provider: { prometheus: { address: 'http://p:9090', query: 'vector(1)' } } }] },
    };
    expect(validateObject(tmpl)).toEqual([]);
    expect(validateObject({ ...tmpl, spec: { metrics: [{ name: 'x', provider: { prometheus: { adress: 'y' } } }] } })[0]).toMatchObject({
      path: 'spec.metrics[0].provider.prometheus',
      message: 'has unknown field "adress"',
    });
  });
});

describe('validatePromQL', () => {
  it('accepts valid PromQL', () => {
    expect(validatePromQL('sum(rate(istio_requests_total{reporter="destination"}[1m])) by (le)')).toEqual([]);
  });

  it('reports a syntax error with its position', () => {
    const problems = validatePromQL('sum(rate(istio_requests_total[1m])', 'apps/MetricTemplate/x', 'spec.query');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ subject: 'apps/MetricTemplate/x', path: 'spec.query' });
    expect(problems[0].message).toMatch(/^is not valid PromQL: syntax error at character \d+/);
  });

  it('rejects an empty query', () => {
    expect(validatePromQL('  ')).toEqual([{ subject: 'query', path: '', message: 'is an empty PromQL query' }]);
  });

  it('fills Flagger and Argo template variables before parsing', () => {
    expect(fillTemplateVariables('x{ns="{{ namespace }}",w="{{ target }}"}[{{ interval }}] + y{a="{{args.service-name}}"}[{{args.interval}}]')).toBe(
      'x{ns="sample-namespace",w="sample-target"}[1m] + y{a="sample-service-name"}[1m]',
    );
  });
});

describe('findQueries / validateQueriesIn', () => {
  const template: KubeObject = {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: { name: 'p95', namespace: 'apps' },
    spec: { provider: { type: 'prometheus', address: 'http://p:9090' }, query: 'histogram_quantile(0.95, sum(rate(x_bucket{ns="{{ namespace }}"}[{{ interval }}])) by (le))' },
  };

  it('finds MetricTemplate and PrometheusRule queries with their field paths', () => {
    const rule: KubeObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'r', namespace: 'm' },
      spec: { groups: [{ name: 'g', rules: [{ record: 'a', expr: 'up' }] }] },
    };
    expect(findQueries([template, rule]).map((q) => `${q.subject} ${q.path}`)).toEqual([
      'apps/MetricTemplate/p95 spec.query',
      'm/PrometheusRule/r spec.groups[0].rules[0].expr',
    ]);
    expect(validateQueriesIn([template, rule])).toEqual([]);
  });

  it('reports a broken query in a template', () => {
    const broken = { ...template, spec: { ...(template.spec as object), query: 'sum(rate(x[{{ interval }}]' } };
    expect(validateQueriesIn([broken]).map((p) => p.path)).toEqual(['spec.query']);
  });
});

describe('validateObject: alternatives (oneOf)', () => {
  it('explains which alternative fields are missing when nothing else is wrong', () => {
    expect(validateObject(canary({ interval: '30s' }))).toEqual([
      {
        subject: 'apps/Canary/podinfo',
        path: 'spec.analysis',
        message: 'must match exactly one alternative; missing: threshold + iterations | threshold + stepWeight | threshold + stepWeights',
      },
    ]);
  });
});
