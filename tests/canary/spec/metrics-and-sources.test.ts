/**
 * The app's own metrics reach Prometheus through the mesh (`metrics`), business checks can select the canary's
 * pods, and the relative-latency check compares production traffic only (the load tester is left out on both
 * sides; its address names the workload to leave out). tests/observability/app-metrics-scrape.test.ts checks the
 * annotations against the platform's PodMonitor; load-test-traffic.test.ts runs the queries in promtool.
 */
import { formatProblem, isValidationError, type ValidationError } from '../../../packages/shared';
import { analysisQueries, renderCanaryService, validateCanaryServiceProps, type CanaryServiceProps } from '../../../packages/canary/index';
import { loadTesterSource } from '../../../packages/canary/spec/queries';
import { parseInClusterServiceUrl } from '../../../packages/canary/spec/values';

const BASE = { name: 'podinfo', namespace: 'shop', image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 } as const;

function problems(props: Record<string, unknown>): string[] {
  try {
    validateCanaryServiceProps('podinfo', { ...BASE, ...props });
    return [];
  } catch (err) {
    if (!isValidationError(err)) throw err;
    return (err as ValidationError).problems.map(formatProblem);
  }
}

/** The pod template of the Deployment (Flagger) or the Rollout (Argo Rollouts). */
function podTemplate(props: Partial<CanaryServiceProps>): { metadata: { annotations: Record<string, string> }; spec: { containers: { ports: unknown[] }[] } } {
  const workload = renderCanaryService({ ...BASE, ...props }).find((o) => o.kind === 'Deployment' || o.kind === 'Rollout') as unknown as {
    spec: { template: ReturnType<typeof podTemplate> };
  };
  return workload.spec.template;
}

describe('metrics: the app metrics port, scraped through the mesh', () => {
  it('annotates the pod for Istio metrics merging, with /metrics by default', () => {
    expect(podTemplate({ metrics: { port: 9797 } }).metadata.annotations).toEqual({
      'kubectl.kubernetes.io/default-container': 'podinfo',
      'prometheus.io/path': '/metrics',
      'prometheus.io/port': '9797',
      'prometheus.io/scrape': 'true',
    });
  });

  it('adds no Prometheus annotation without metrics (the sidecar then serves only its own metrics)', () => {
    expect(Object.keys(podTemplate({}).metadata.annotations)).toEqual(['kubectl.kubernetes.io/default-container']);
  });

  it('declares the metrics port as the container port "metrics" unless a port already declares it', () => {
    expect(podTemplate({ metrics: { port: 9797 } }).spec.containers[0]?.ports).toEqual([
      { containerPort: 9898, name: 'http', protocol: 'TCP' },
      { containerPort: 9797, name: 'metrics', protocol: 'TCP' },
    ]);
    expect(podTemplate({ metrics: { port: 9898 } }).spec.containers[0]?.ports).toEqual([{ containerPort: 9898, name: 'http', protocol: 'TCP' }]);
    expect(podTemplate({ metrics: { port: 9797 }, extraPorts: [{ name: 'prom', port: 9797 }] }).spec.containers[0]?.ports).toEqual([
      { containerPort: 9898, name: 'http', protocol: 'TCP' },
      { containerPort: 9797, name: 'prom', protocol: 'TCP' },
    ]);
  });

  it('renders the same pods on the Argo Rollouts engine', () => {
    const props = { metrics: { port: 9797, path: '/stats' } } as const;
    expect(podTemplate({ ...props, engine: 'argoRollouts' }).metadata.annotations).toMatchObject(podTemplate(props).metadata.annotations);
  });

  it.each([
    ['a reserved Istio port', { metrics: { port: 15020 } }, ['podinfo: metrics.port (15020) is reserved by the Istio sidecar (15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090); use another port']],
    ['a path without a leading slash', { metrics: { port: 9797, path: 'metrics' } }, [`podinfo: metrics.path "metrics" must be a path of letters, digits and . _ ~ / % - starting with '/'`]],
    ['an unknown field', { metrics: { port: 9797, scheme: 'https' } }, ['podinfo: metrics.scheme is not a known field (valid fields: path, port)']],
    ['a UDP port', { metrics: { port: 9797 }, extraPorts: [{ name: 'statsd', port: 9797, protocol: 'UDP' }] }, [
      'podinfo: metrics.port (9797) is extraPorts[0], a UDP port; Prometheus scrapes metrics over HTTP (TCP)',
    ]],
    ['another port named "metrics"', { metrics: { port: 9797 }, extraPorts: [{ name: 'metrics', port: 9090 }] }, [
      'podinfo: extraPorts[0].name "metrics" is the container port name given to metrics.port (9797); rename this port, or give it port 9797',
    ]],
    ['hand-written Prometheus annotations next to metrics', { metrics: { port: 9797 }, podAnnotations: { 'prometheus.io/port': '9898', prometheus_io_path: '/x' } }, [
      `podinfo: podAnnotations["prometheus.io/port"] is set from metrics (port and path) for Istio's metrics merging; remove it`,
      `podinfo: podAnnotations.prometheus_io_path is set from metrics (port and path) for Istio's metrics merging; remove it`,
    ]],
  ] as const)('rejects %s', (_rule, props, expected) => {
    expect(problems(props)).toEqual(expected);
  });

  it('keeps hand-written Prometheus annotations when metrics is not set (the escape hatch)', () => {
    expect(problems({ podAnnotations: { 'prometheus.io/scrape': 'true' } })).toEqual([]);
  });
});

describe('business metrics selecting the canary pods by name', () => {
  const CANARY_PODS = 'pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}"';
  const business = (name: string) => ({
    name,
    analysis: { checks: { business: [{ name: 'orders', query: `sum(rate(orders_total{namespace="{{ namespace }}", ${CANARY_PODS}}[{{ interval }}]))`, min: 1 }] } },
  });

  it('accepts names up to 46 characters, whose pods keep the shape <name>-<hash>-<suffix>', () => {
    expect(problems(business('a'.repeat(46)))).toEqual([]);
  });

  it('refuses longer names, whose pod names Kubernetes shortens', () => {
    const name = 'a'.repeat(47);
    expect(problems(business(name))).toEqual([
      `${name}: analysis.checks.business[0].query selects the canary's pods by name, but Kubernetes shortens the pod names of a Deployment whose name is longer than 46 characters (47 here), so "{{ target }}-<hash>-<suffix>" would not find them; use a service name of at most 46 characters`,
    ]);
  });

  it('does not limit names of services whose queries do not select pods by name', () => {
    expect(problems({ name: 'a'.repeat(55), analysis: { checks: { business: [{ name: 'up', query: 'sum(up{namespace="{{ namespace }}"})', min: 1 }] } } })).toEqual([]);
  });
});

describe('relative latency: production traffic on both sides', () => {
  const relative = (props: Partial<CanaryServiceProps> = {}) => analysisQueries(validateCanaryServiceProps('podinfo', { ...BASE, ...props })).find((q) => q.check === 'relative-latency');

  it('leaves out the load tester named by platform.loadTesterUrl, exactly that workload in that namespace, on both sides', () => {
    const q = relative();
    expect(q?.template.split('\n/\n')).toHaveLength(2);
    for (const side of q?.template.split('\n/\n') ?? []) {
      expect(side).toContain('source_workload!="flagger-loadtester"}');
      expect(side).toContain('source_workload="flagger-loadtester", source_workload_namespace!="flagger-system"}');
    }
    expect(relative({ platform: { loadTesterUrl: 'http://loadtester.team-a.svc.cluster.local:8080/' } })?.query).toContain(
      'source_workload="loadtester", source_workload_namespace!="team-a"}',
    );
  });

  it('keeps the load tester in the absolute checks, which need its traffic at low weights', () => {
    const queries = analysisQueries(validateCanaryServiceProps('podinfo', BASE)).filter((q) => q.check !== 'relative-latency');
    expect(queries.map((q) => q.check)).toEqual(['request-success-rate', 'request-duration', 'error-rate', 'latency-p95']);
    for (const q of queries) expect(q.template).not.toContain('source_workload');
  });

  it.each([
    ['canary', true, { kind: 'canary' }],
    ['mirror', true, { kind: 'mirror' }],
    ['blue/green with mirroring', true, { kind: 'blueGreen', mirrorWeight: 100 }],
    ['A/B testing (one user segment, not like the primary)', false, { kind: 'abTesting', match: [{ kind: 'header', name: 'x-canary', value: 'insider' }] }],
    ['blue/green without mirroring (no production traffic before the switch)', false, { kind: 'blueGreen' }],
  ] as const)('%s: on by default = %s', (_name, on, strategy) => {
    expect(relative({ strategy } as Partial<CanaryServiceProps>) !== undefined).toBe(on);
  });

  it('can be turned on for A/B testing; a resolved spec validated again stays equal (on or off)', () => {
    const ab = { kind: 'abTesting', match: [{ kind: 'header', name: 'x-canary', value: 'insider' }] } as const;
    const on = validateCanaryServiceProps('podinfo', { ...BASE, strategy: ab, analysis: { checks: { relativeLatency: {} } } });
    expect(on.analysis.checks.relativeLatency).toMatchObject({ maxSlowerPercent: 10 });
    const off = validateCanaryServiceProps('podinfo', { ...BASE, strategy: ab });
    expect(off.analysis.checks.relativeLatency).toBe(false);
    for (const spec of [on, off]) expect(validateCanaryServiceProps('podinfo', { ...spec })).toEqual(spec);
  });

  it('refuses it for blue/green without mirroring, where it could never have data', () => {
    expect(problems({ strategy: { kind: 'blueGreen' }, analysis: { checks: { relativeLatency: { maxSlowerPercent: 20 } } } })).toEqual([
      "podinfo: analysis.checks.relativeLatency cannot be on for blueGreen without strategy.mirrorWeight: it compares production requests only (the load tester's are left out on both sides) and the green pods get none before the switch, so it would never have data; set it to false, or mirror live traffic",
    ]);
    expect(problems({ strategy: { kind: 'blueGreen' }, analysis: { checks: { relativeLatency: false } } })).toEqual([]);
  });
});

describe('platform.loadTesterUrl names the load tester workload', () => {
  it.each([
    ['http://flagger-loadtester.flagger-system/', { service: 'flagger-loadtester', namespace: 'flagger-system' }],
    ['http://loadtester.team-a:8080', { service: 'loadtester', namespace: 'team-a' }],
    ['http://loadtester.team-a.svc/', { service: 'loadtester', namespace: 'team-a' }],
    ['http://loadtester.team-a.svc.cluster.local:8080/', { service: 'loadtester', namespace: 'team-a' }],
  ])('%s is Service %j', (url, address) => {
    expect(parseInClusterServiceUrl(url)).toEqual(address);
  });

  it.each(['http://loadtester/', 'http://loadtester.example.com.au/', 'http://10.0.0.7:8080/', 'ftp://loadtester.tools/', 'not a url'])('%s is not an in-cluster Service address', (url) => {
    expect(parseInClusterServiceUrl(url)).toBeUndefined();
  });

  it('rejects an address that does not name a Service in a namespace, saying why', () => {
    expect(problems({ platform: { loadTesterUrl: 'http://loadtester:8080/' } })).toEqual([
      'podinfo: platform.loadTesterUrl "http://loadtester:8080/" must be an in-cluster Service address http://<service>.<namespace>[.svc[.<cluster domain>]][:port]/, e.g. http://flagger-loadtester.flagger-system/: the relative-latency check leaves the load tester\'s own requests out, and finds them by that Service\'s workload and namespace',
    ]);
  });

  it('maps the Service to the workload Istio reports (the chart names both loadtester.fullname)', () => {
    expect(loadTesterSource(validateCanaryServiceProps('podinfo', BASE))).toEqual({ namespace: 'flagger-system', workload: 'flagger-loadtester' });
  });
});
