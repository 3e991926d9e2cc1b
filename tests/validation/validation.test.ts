import type { KubeObject } from '../../packages/shared';
import { fillTemplateVariables, findQueries, isCustomResource, validateObject, validatePromQL, validateQueriesIn } from '../../packages/validation';

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

describe('validateObject: unknown fields are errors, as with kubectl apply --validate=strict', () => {
  it('rejects spec.replicaz on a Deployment, naming the field, the kind and the closest field', () => {
    expect(validateObject(deployment({ replicaz: 3 }))).toEqual([
      { subject: 'apps/Deployment/podinfo', path: 'spec.replicaz', message: 'is not a field of Deployment (apps/v1); did you mean "replicas"?' },
    ]);
  });

  it('rejects dataa on a ConfigMap', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'apps' }, dataa: { a: 'b' } };
    expect(validateObject(cm)).toEqual([{ subject: 'apps/ConfigMap/c', path: 'dataa', message: 'is not a field of ConfigMap (v1); did you mean "data"?' }]);
  });

  it('rejects hostNetwrok in a pod spec', () => {
    const bad = deployment();
    const template = (bad.spec as { template: { spec: Record<string, unknown> } }).template;
    template.spec = { ...template.spec, hostNetwrok: true };
    expect(validateObject(bad)).toEqual([
      {
        subject: 'apps/Deployment/podinfo',
        path: 'spec.template.spec.hostNetwrok',
        message: 'is not a field of Deployment (apps/v1); did you mean "hostNetwork"?',
      },
    ]);
  });

  it('says only "is not a field" when no declared field is close', () => {
    expect(validateObject(deployment({ colour: 'blue' }))).toEqual([
      { subject: 'apps/Deployment/podinfo', path: 'spec.colour', message: 'is not a field of Deployment (apps/v1)' },
    ]);
  });

  it('accepts any key in maps (labels, annotations, data, resources) and int-or-string values', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'apps', labels: { 'any.example/key': 'v' }, annotations: { whatever: 'x' } },
      data: { 'replicaz.txt': '3', hostNetwrok: 'yes' },
    };
    expect(validateObject(cm)).toEqual([]);
    const ok = deployment({ strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } });
    expect(validateObject(ok)).toEqual([]);
  });

  it('accepts anything inside free-form objects (a CRD schema, preserve-unknown-fields)', () => {
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    expect(validateObject(crd)).toEqual([]);
  });

  it('still finds an unknown field in a kind validated many times (fields remembered per position)', () => {
    for (let i = 0; i < 3; i++) expect(validateObject(deployment())).toEqual([]);
    expect(validateObject(deployment({ replicaz: 1 })).map((p) => p.path)).toEqual(['spec.replicaz']);
    const withNewPart = deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurgee: 1 } } });
    expect(validateObject(withNewPart).map((p) => p.path)).toEqual(['spec.strategy.rollingUpdate.maxSurgee']);
    expect(validateObject(withNewPart).map((p) => p.path)).toEqual(['spec.strategy.rollingUpdate.maxSurgee']);
  });

  it('reports type errors and unknown fields together', () => {
    expect(validateObject(deployment({ replicas: 'three', replicaz: 3 })).map((p) => `${p.path} ${p.message}`)).toEqual([
      'spec.replicas must be of type integer',
      'spec.replicaz is not a field of Deployment (apps/v1); did you mean "replicas"?',
    ]);
  });
});

describe('validateObject: Flagger kinds (the project\'s own schemas)', () => {
  it('accepts a valid Flagger Canary', () => {
    expect(validateObject(canary({ interval: '30s', threshold: 2, stepWeights: [5, 10, 20, 50] }))).toEqual([]);
  });

  it('rejects unknown fields, naming them', () => {
    expect(validateObject(canary({ interval: '30s', threshold: 2, stepWeight: 5, threshhold: 2 }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis.threshhold', message: 'is not a field of Canary (flagger.app/v1beta1); did you mean "threshold"?' },
    ]);
  });

  it('rejects wrong types', () => {
    expect(validateObject(canary({ interval: '30s', threshold: 'two', stepWeight: 5 }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis.threshold', message: 'must be of type integer' },
    ]);
  });

  it('rejects a count that is not a whole number (Flagger decodes it into a Go int)', () => {
    expect(validateObject(canary({ interval: '30s', threshold: 2.5, stepWeight: 5 }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis.threshold', message: 'must be of type integer' },
    ]);
  });

  it('rejects a value outside an enumeration, listing the allowed ones', () => {
    const bad = canary({ interval: '30s', threshold: 2, stepWeight: 5, sessionAffinity: { cookieName: 'c', sameSite: 'Relaxed' } });
    expect(validateObject(bad)).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis.sessionAffinity.sameSite', message: '("Relaxed") must be one of: "Strict", "Lax", "None"' },
    ]);
  });

  it('says which version is served when the apiVersion is wrong', () => {
    const bad = { ...canary({}), apiVersion: 'flagger.app/v1' };
    expect(validateObject(bad)).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'apiVersion', message: '(flagger.app/v1) is not served for Canary; use flagger.app/v1beta1' },
    ]);
  });

  it('names the Flagger kinds when the kind is wrong', () => {
    const bad = { ...canary({}), kind: 'Canari' };
    expect(validateObject(bad)).toEqual([
      { subject: 'apps/Canari/podinfo', path: 'kind', message: '(flagger.app/v1beta1 Canari) is not a Flagger kind; use one of: AlertProvider, Canary, MetricTemplate' },
    ]);
  });

  it('requires exactly one strategy field (iterations, stepWeight or stepWeights)', () => {
    const why = ' (iterations: blue/green or A/B testing; stepWeight or stepWeights: canary)';
    expect(validateObject(canary({ interval: '30s', threshold: 2 }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis', message: `sets none; set exactly one of iterations, stepWeight, stepWeights${why}` },
    ]);
    expect(validateObject(canary({ interval: '30s', threshold: 2, iterations: 5, stepWeight: 10 }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis', message: `sets iterations and stepWeight; set exactly one of iterations, stepWeight, stepWeights${why}` },
    ]);
  });

  it('reports a missing required field on its parent', () => {
    expect(validateObject(canary({ threshold: 2, stepWeight: 5 }))).toEqual([
      { subject: 'apps/Canary/podinfo', path: 'spec.analysis', message: 'is missing required field "interval"' },
    ]);
  });

  it('checks MetricTemplate and AlertProvider', () => {
    const template: KubeObject = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: { name: 'p95', namespace: 'apps' },
      spec: { provider: { type: 'prometheus', adress: 'http://p:9090' }, query: 'up' },
    };
    expect(validateObject(template)).toEqual([
      { subject: 'apps/MetricTemplate/p95', path: 'spec.provider.adress', message: 'is not a field of MetricTemplate (flagger.app/v1beta1); did you mean "address"?' },
    ]);
    const provider: KubeObject = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'AlertProvider',
      metadata: { name: 'on-call', namespace: 'apps' },
      spec: { type: 'slack', address: 'https://hooks.example.com/x', secretRef: { name: 's' } },
    };
    expect(validateObject(provider)).toEqual([
      { subject: 'apps/AlertProvider/on-call', path: 'spec', message: 'sets address and secretRef; set exactly one of address, secretRef' },
    ]);
  });
});

describe('validateObject: Istio and Argo Rollouts kinds (@kubernetes-models/istio, @kubernetes-models/argo-rollouts)', () => {
  const pa: KubeObject = {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'istio-system' },
    spec: { mtls: { mode: 'STRICT' } },
  };

  it('validates security.istio.io/v1 PeerAuthentication with the schema Istio serves for every version', () => {
    expect(validateObject(pa)).toEqual([]);
    expect(validateObject({ ...pa, spec: { mtls: { mode: 'STRICTEST' } } })[0]).toMatchObject({ path: 'spec.mtls.mode' });
    expect(validateObject({ ...pa, spec: { mtls: { mode: 'STRICT' }, mtlz: {} } })).toEqual([
      { subject: 'istio-system/PeerAuthentication/default', path: 'spec.mtlz', message: 'is not a field of PeerAuthentication (security.istio.io/v1); did you mean "mtls"?' },
    ]);
  });

  it('validates networking.istio.io/v1 Gateways', () => {
    const gw: KubeObject = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public', namespace: 'istio-ingress' },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } }] },
    };
    expect(validateObject(gw)).toEqual([]);
    const bad = { ...gw, spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['*'], port: { name: 'http', numbr: 80, protocol: 'HTTP' } }] } };
    expect(validateObject(bad).map((p) => `${p.path} ${p.message}`)).toEqual([
      'spec.servers[0].port.numbr is not a field of Gateway (networking.istio.io/v1); did you mean "number"?',
    ]);
  });

  it('validates Argo Rollouts kinds', () => {
    const tmpl: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name: 'success-rate', namespace: 'apps' },
      spec: { metrics: [{ name: 'success-rate', interval: '30s', successCondition: 'result[0] >= 0.99', provider: { prometheus: { address: 'http://p:9090', query: 'vector(1)' } } }] },
    };
    expect(validateObject(tmpl)).toEqual([]);
    expect(validateObject({ ...tmpl, spec: { metrics: [{ name: 'x', provider: { prometheus: { adress: 'y' } } }] } })).toEqual([
      {
        subject: 'apps/AnalysisTemplate/success-rate',
        path: 'spec.metrics[0].provider.prometheus.adress',
        message: 'is not a field of AnalysisTemplate (argoproj.io/v1alpha1); did you mean "address"?',
      },
    ]);
  });

  it('knows which kinds are custom resources', () => {
    expect(isCustomResource('flagger.app/v1beta1', 'Canary')).toBe(true);
    expect(isCustomResource('networking.istio.io/v1', 'VirtualService')).toBe(true);
    expect(isCustomResource('argoproj.io/v1alpha1', 'Rollout')).toBe(true);
    expect(isCustomResource('apps/v1', 'Deployment')).toBe(false);
    expect(isCustomResource('flagger.app/v1', 'Canary')).toBe(false);
    expect(isCustomResource('example.com/v1', 'Widget')).toBe(false);
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

describe('unknown fields: `description` (dropped from the kubernetes-models schemas) stays a field', () => {
  it('accepts a CRD with descriptions in its schema and printer columns, and a PriorityClass description', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            additionalPrinterColumns: [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'how old' }],
            schema: { openAPIV3Schema: { description: 'A widget', type: 'object', properties: { spec: { type: 'object', description: 'the spec' } } } },
          },
        ],
      },
    };
    expect(validateObject(crd)).toEqual([]);
    expect(validateObject({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, description: 'important' })).toEqual([]);
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, dataa: {} }).map((p) => `${p.path} ${p.message}`)).toEqual([
      'dataa is not a field of ConfigMap (v1); did you mean "data"?',
    ]);
  });
});
