/**
 * A CanaryService's `metrics` and the platform's Prometheus agree: the pod annotations it renders, passed through
 * Istio's sidecar injector (metrics merging) and the platform's `envoy-stats` PodMonitor, make Prometheus scrape
 * the sidecar's `:15020/stats/prometheus` in plaintext (outside STRICT mTLS), where the agent serves the app's
 * own metrics fetched from `localhost:<port><path>`.
 *
 * The two upstream steps are modelled here from their source, Istio 1.30.3:
 * - injector: `applyPrometheusMerge` (pkg/kube/inject/webhook.go:887-921): unless `prometheus.io/scrape` is
 *   "false", the pod's prometheus.io annotations move into the proxy's `ISTIO_PROMETHEUS_ANNOTATIONS` (only when
 *   there are any) and are replaced with port 15020 (the status port), path `/stats/prometheus`, scrape "true";
 * - agent: `NewServer` (pilot/cmd/pilot-agent/status/server.go:262-281) reads that variable and `handleStats`
 *   (:537, :585) fetches `http://localhost:<port><path>` and appends it to Envoy's metrics;
 * - the status port 15020 is excluded from inbound capture (injection-template.yaml:109-110), so Prometheus, which
 *   has no sidecar, reaches it without mTLS.
 */
import { renderCanaryService, type CanaryServiceProps } from '../../packages/canary';
import { istiodValues } from '../../packages/platform/istio';
import { istioSidecarPodMonitor } from '../../packages/platform/observability';

const STATUS_PORT = '15020';
const POD_IP = '10.8.1.7';

/** Istio's applyPrometheusMerge on a pod's annotations (keys compared sanitized, as Istio does). */
function injectPrometheusMerge(annotations: Readonly<Record<string, string>>): { annotations: Record<string, string>; env?: string } {
  const sanitized = (key: string) => key.replace(/[^a-zA-Z0-9_]/g, '_');
  const find = (name: string) => Object.entries(annotations).find(([k]) => sanitized(k) === name)?.[1];
  if (find('prometheus_io_scrape') === 'false' || find('prometheus_io_port') === STATUS_PORT) return { annotations: { ...annotations } };
  const scrape = { scrape: find('prometheus_io_scrape') ?? '', path: find('prometheus_io_path') ?? '', port: find('prometheus_io_port') ?? '' };
  const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !['prometheus_io_scrape', 'prometheus_io_port', 'prometheus_io_path'].includes(sanitized(k))));
  return {
    annotations: { ...kept, 'prometheus.io/port': STATUS_PORT, 'prometheus.io/path': '/stats/prometheus', 'prometheus.io/scrape': 'true' },
    ...(scrape.scrape === '' && scrape.path === '' && scrape.port === '' ? {} : { env: JSON.stringify(scrape) }),
  };
}

interface Relabeling {
  readonly action?: string;
  readonly sourceLabels?: readonly string[];
  readonly regex?: string;
  readonly replacement?: string;
  readonly targetLabel?: string;
}

/** Prometheus relabeling (keep, replace, labeldrop) of one target; undefined when the target is dropped. */
function relabel(labels: Readonly<Record<string, string>>, rules: readonly Relabeling[]): Record<string, string> | undefined {
  let out: Record<string, string> = { ...labels };
  for (const r of rules) {
    const regex = new RegExp(`^(?:${r.regex ?? '(.*)'})$`);
    const value = (r.sourceLabels ?? []).map((l) => out[l] ?? '').join(';');
    const action = r.action ?? 'replace';
    if (action === 'keep') {
      if (!regex.test(value)) return undefined;
    } else if (action === 'replace') {
      const m = regex.exec(value);
      if (m !== null && r.targetLabel !== undefined) out[r.targetLabel] = (r.replacement ?? '$1').replace(/\$(\d+)/g, (_s, i: string) => m[Number(i)] ?? '');
    } else if (action === 'labeldrop') {
      out = Object.fromEntries(Object.entries(out).filter(([k]) => !regex.test(k)));
    } else {
      throw new Error(`relabel action ${action} is not modelled`);
    }
  }
  return out;
}

/** What Prometheus scrapes for the istio-proxy container of a pod with these (injected) annotations. */
function scrapeTarget(annotations: Readonly<Record<string, string>>, container = 'istio-proxy'): { address: string; path: string } | undefined {
  const monitor = istioSidecarPodMonitor() as unknown as { spec: { podMetricsEndpoints: { path: string; relabelings: Relabeling[] }[] } };
  const endpoint = monitor.spec.podMetricsEndpoints[0];
  if (endpoint === undefined) throw new Error('the envoy-stats PodMonitor has no endpoint');
  const meta: Record<string, string> = {
    __address__: `${POD_IP}:15090`,
    __meta_kubernetes_namespace: 'shop',
    __meta_kubernetes_pod_name: 'checkout-7c9d8b5f4b-x2kqz',
    __meta_kubernetes_pod_ip: POD_IP,
    __meta_kubernetes_pod_container_name: container,
  };
  for (const [key, value] of Object.entries(annotations)) {
    const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
    meta[`__meta_kubernetes_pod_annotation_${name}`] = value;
    meta[`__meta_kubernetes_pod_annotationpresent_${name}`] = 'true';
  }
  const labels = relabel(meta, endpoint.relabelings);
  return labels === undefined ? undefined : { address: labels.__address__ ?? '', path: endpoint.path };
}

const podAnnotations = (props: Partial<CanaryServiceProps>): Record<string, string> => {
  const deployment = renderCanaryService({ name: 'checkout', namespace: 'shop', image: 'europe-docker.pkg.dev/acme/shop/checkout:2.14.1', port: 8080, ...props }).find(
    (o) => o.kind === 'Deployment',
  ) as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
  return deployment.spec.template.metadata.annotations;
};

describe("a service's metrics port and the platform's Prometheus", () => {
  it('the platform merges app metrics into the sidecar (meshConfig.enablePrometheusMerge)', () => {
    expect(istiodValues({ ingress: { domains: ['canary.example.com'] } })).toMatchObject({ meshConfig: { enablePrometheusMerge: true } });
  });

  it('metrics: { port: 9090 } makes Prometheus scrape the sidecar, whose agent fetches http://localhost:9090/metrics', () => {
    const injected = injectPrometheusMerge(podAnnotations({ metrics: { port: 9090 } }));
    expect(injected.env).toBe('{"scrape":"true","path":"/metrics","port":"9090"}');
    expect(injected.annotations).toMatchObject({ 'prometheus.io/port': '15020', 'prometheus.io/path': '/stats/prometheus' });
    expect(scrapeTarget(injected.annotations)).toEqual({ address: `${POD_IP}:15020`, path: injected.annotations['prometheus.io/path'] });
  });

  it('a custom path reaches the agent', () => {
    expect(injectPrometheusMerge(podAnnotations({ metrics: { port: 9797, path: '/stats/app' } })).env).toBe('{"scrape":"true","path":"/stats/app","port":"9797"}');
  });

  it('without metrics the sidecar is still scraped (Istio metrics), but no app metrics are fetched', () => {
    const injected = injectPrometheusMerge(podAnnotations({}));
    expect(injected.env).toBeUndefined();
    expect(scrapeTarget(injected.annotations)).toEqual({ address: `${POD_IP}:15020`, path: '/stats/prometheus' });
  });

  it('the model has teeth: the app container itself is never a target (its port sits behind STRICT mTLS)', () => {
    const injected = injectPrometheusMerge(podAnnotations({ metrics: { port: 9090 } }));
    expect(scrapeTarget(injected.annotations, 'checkout')).toBeUndefined();
  });
});
