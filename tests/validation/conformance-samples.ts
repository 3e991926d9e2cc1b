/**
 * Hand-made samples for the conformance test: invalid objects of every kind the platform renders, made by
 * breaking one thing in a valid object, and the documented differences between the project's schemas and the
 * upstream CRDs.
 */
import type { KubeObject } from '../../packages/shared';

export interface Sample {
  readonly name: string;
  readonly object: KubeObject;
}

const REMOVE = Symbol('remove');

/** A copy of `base` with the value at `path` (dotted, `[i]` for items) replaced, or removed with REMOVE. */
function broken(base: KubeObject, path: string, value: unknown): KubeObject {
  const copy = structuredClone(base) as Record<string, unknown>;
  const segments = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: Record<string, unknown> = copy;
  for (const seg of segments.slice(0, -1)) node = node[seg] as Record<string, unknown>;
  const last = segments[segments.length - 1];
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy as KubeObject;
}

const meta = { name: 'podinfo', namespace: 'shop' };

const canary: KubeObject = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: meta,
  spec: {
    provider: 'istio',
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    service: { port: 9898, gateways: ['mesh'], trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, retries: { attempts: 2, perTryTimeout: '5s' } },
    analysis: {
      interval: '1m',
      threshold: 5,
      stepWeight: 10,
      maxWeight: 50,
      metrics: [{ name: 'request-success-rate', interval: '1m', thresholdRange: { min: 99 } }],
      webhooks: [{ name: 'load-test', type: 'rollout', url: 'http://flagger-loadtester.test/', metadata: { cmd: 'hey -z 1m http://podinfo-canary.shop:9898/' } }],
      alerts: [{ name: 'on-call', severity: 'error', providerRef: { name: 'on-call' } }],
    },
  },
};

const metricTemplate: KubeObject = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'MetricTemplate',
  metadata: meta,
  spec: { provider: { type: 'prometheus', address: 'http://prometheus.monitoring:9090' }, query: 'sum(rate(x[{{ interval }}]))' },
};

const alertProvider: KubeObject = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'AlertProvider',
  metadata: meta,
  spec: { type: 'slack', channel: 'on-call', secretRef: { name: 'slack-webhook' } },
};

const gateway: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: { name: 'public', namespace: 'istio-ingress' },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } }] },
};

const peerAuthentication: KubeObject = {
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'default', namespace: 'istio-system' },
  spec: { mtls: { mode: 'STRICT' }, portLevelMtls: { '8080': { mode: 'PERMISSIVE' } } },
};

const virtualService: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: meta,
  spec: { hosts: ['podinfo'], http: [{ name: 'primary', route: [{ destination: { host: 'podinfo-stable' }, weight: 100 }, { destination: { host: 'podinfo-canary' }, weight: 0 }] }] },
};

const destinationRule: KubeObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: meta,
  spec: { host: 'podinfo', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: [{ name: 'stable', labels: { app: 'podinfo' } }] },
};

const rollout: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: meta,
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'podinfo' } },
    template: { metadata: { labels: { app: 'podinfo' } }, spec: { containers: [{ name: 'app', image: 'ghcr.io/stefanprodan/podinfo:6.7.0' }] } },
    strategy: { canary: { canaryService: 'podinfo-canary', stableService: 'podinfo-stable', steps: [{ setWeight: 10 }, { pause: { duration: '1m' } }] } },
  },
};

const analysisTemplate: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: meta,
  spec: {
    args: [{ name: 'service-name' }],
    metrics: [{ name: 'success-rate', interval: '1m', successCondition: 'result[0] >= 0.99', provider: { prometheus: { address: 'http://p:9090', query: 'vector(1)' } } }],
  },
};

/** Valid hand-made objects (each sample below breaks one of them). */
export const VALID_BASES: readonly Sample[] = [
  { name: 'Canary', object: canary },
  { name: 'MetricTemplate', object: metricTemplate },
  { name: 'AlertProvider', object: alertProvider },
  { name: 'Gateway', object: gateway },
  { name: 'PeerAuthentication', object: peerAuthentication },
  { name: 'VirtualService', object: virtualService },
  { name: 'DestinationRule', object: destinationRule },
  { name: 'Rollout', object: rollout },
  { name: 'AnalysisTemplate', object: analysisTemplate },
];

const sample = (name: string, base: KubeObject, path: string, value: unknown): Sample => ({ name, object: broken(base, path, value) });

/** Objects both the project's schemas and the upstream CRDs must reject. */
export const INVALID_SAMPLES: readonly Sample[] = [
  sample('Canary: unknown field spec.analysis.threshhold', canary, 'spec.analysis.threshhold', 5),
  sample('Canary: unknown field spec.service.portt', canary, 'spec.service.portt', 80),
  sample('Canary: unknown field in a metric', canary, 'spec.analysis.metrics[0].tresholdRange', { min: 1 }),
  sample('Canary: unknown field spec.canaryAnalysis (served by no CRD)', canary, 'spec.canaryAnalysis', { interval: '1m', threshold: 1, stepWeight: 5 }),
  sample('Canary: wrong type of threshold', canary, 'spec.analysis.threshold', 'five'),
  sample('Canary: wrong type of service.port', canary, 'spec.service.port', '9898'),
  sample('Canary: missing targetRef', canary, 'spec.targetRef', REMOVE),
  sample('Canary: missing targetRef.name', canary, 'spec.targetRef.name', REMOVE),
  sample('Canary: missing analysis.interval', canary, 'spec.analysis.interval', REMOVE),
  sample('Canary: missing metric name', canary, 'spec.analysis.metrics[0].name', REMOVE),
  sample('Canary: bad provider', canary, 'spec.provider', 'istios'),
  sample('Canary: bad targetRef.kind', canary, 'spec.targetRef.kind', 'StatefulSet'),
  sample('Canary: bad webhook type', canary, 'spec.analysis.webhooks[0].type', 'pre-rollouts'),
  sample('Canary: bad alert severity', canary, 'spec.analysis.alerts[0].severity', 'critical'),
  sample('Canary: bad TLS mode', canary, 'spec.service.trafficPolicy.tls.mode', 'MUTUAL_TLS'),
  sample('Canary: bad interval', canary, 'spec.analysis.interval', 'one minute'),
  sample('Canary: two strategies (stepWeight and iterations)', canary, 'spec.analysis.iterations', 5),
  sample('Canary: no strategy', broken(canary, 'spec.analysis.stepWeight', REMOVE), 'spec.analysis.maxWeight', REMOVE),
  sample('MetricTemplate: unknown field spec.provider.adress', metricTemplate, 'spec.provider.adress', 'http://p:9090'),
  sample('MetricTemplate: bad provider type', metricTemplate, 'spec.provider.type', 'prom'),
  sample('MetricTemplate: missing query', metricTemplate, 'spec.query', REMOVE),
  sample('MetricTemplate: wrong type of query', metricTemplate, 'spec.query', 42),
  sample('AlertProvider: unknown field spec.chanel', alertProvider, 'spec.chanel', 'x'),
  sample('AlertProvider: bad type', alertProvider, 'spec.type', 'teams'),
  sample('AlertProvider: missing type', alertProvider, 'spec.type', REMOVE),
  sample('AlertProvider: address and secretRef', alertProvider, 'spec.address', 'https://hooks.example.com/x'),
  sample('Gateway: unknown field in a port', gateway, 'spec.servers[0].port.numbr', 80),
  sample('Gateway: unknown field spec.selectr', gateway, 'spec.selectr', { istio: 'ingressgateway' }),
  sample('Gateway: wrong type of port number', gateway, 'spec.servers[0].port.number', 'eighty'),
  sample('PeerAuthentication: bad mTLS mode', peerAuthentication, 'spec.mtls.mode', 'STRICTEST'),
  sample('PeerAuthentication: unknown field spec.mtlz', peerAuthentication, 'spec.mtlz', {}),
  sample('PeerAuthentication: bad mode in a port-level map entry', peerAuthentication, 'spec.portLevelMtls.8080.mode', 'ON'),
  sample('VirtualService: unknown field in a route', virtualService, 'spec.http[0].route[0].weightt', 1),
  sample('VirtualService: wrong type of weight', virtualService, 'spec.http[0].route[0].weight', 'all'),
  sample('DestinationRule: bad TLS mode', destinationRule, 'spec.trafficPolicy.tls.mode', 'ON'),
  sample('Rollout: unknown field in the canary strategy', rollout, 'spec.strategy.canary.stepz', []),
  sample('Rollout: unknown field in a step', rollout, 'spec.strategy.canary.steps[0].setWeigth', 10),
  sample('Rollout: wrong type of replicas', rollout, 'spec.replicas', 'two'),
  sample('Rollout: unknown field in the pod spec', rollout, 'spec.template.spec.hostNetwrok', true),
  sample('AnalysisTemplate: unknown field in the Prometheus provider', analysisTemplate, 'spec.metrics[0].provider.prometheus.adress', 'x'),
  sample('AnalysisTemplate: missing metric name', analysisTemplate, 'spec.metrics[0].name', REMOVE),
  sample('AnalysisTemplate: missing argument name', analysisTemplate, 'spec.args[0].name', REMOVE),
];

/** A sample on which the project's schema and the upstream CRD differ on purpose. */
export interface KnownDifference extends Sample {
  readonly ours: boolean;
  readonly upstream: boolean;
  readonly why: string;
}

/** Where the project's schemas and the upstream CRDs differ, and why. */
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    ...sample('Canary: threshold 2.5', canary, 'spec.analysis.threshold', 2.5),
    ours: false,
    upstream: true,
    why: "the CRD says `number`, Flagger's Go type is `int`: the controller cannot decode the object",
  },
  {
    ...sample('Canary: no service', canary, 'spec.service', REMOVE),
    ours: false,
    upstream: true,
    why: 'the CRD does not require `service`; Flagger cannot route without `service.port` (Go: `json:"service"`, no omitempty)',
  },
  {
    ...sample('DestinationRule: missing subset name', destinationRule, 'spec.subsets[0].name', REMOVE),
    ours: true,
    upstream: false,
    why: '@kubernetes-models/istio 2.3.0 (Istio 1.18 CRDs, the newest CommonJS build) does not require subsets[].name; Istio 1.30 does',
  },
];
