/**
 * Deterministic synthetic Istio telemetry for `promtool test rules`: `istio_requests_total` and
 * `istio_request_duration_milliseconds_{bucket,count,sum}` with the label set Istio's standard metrics really
 * carry (https://istio.io/latest/docs/reference/config/metrics/), as scraped from the sidecars by Prometheus
 * (plus `namespace`, `pod`, `container`, `instance`, `job` target labels). Every series is a counter growing by
 * a constant amount per scrape, written in promtool's expanding notation (`0+120x40`).
 *
 * Latency is a distribution (its CDF); bucket counters are the CDF at each bucket boundary times the request
 * count, so `histogram_quantile` and threshold ratios computed from them are exactly predictable.
 */

/** Istio's default request-duration bucket boundaries, in milliseconds. */
export const ISTIO_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
];

/** A request latency distribution. */
export interface LatencyDistribution {
  /** Share of requests at or below `ms` milliseconds (0..1, non-decreasing). */
  cdf(ms: number): number;
  /** Mean latency, for `_sum`. */
  readonly meanMs: number;
  /** Human-readable description for test names. */
  readonly description: string;
}

/** Exponentially distributed latency with the given mean (a common model of service time). */
export function exponentialLatency(meanMs: number): LatencyDistribution {
  return { cdf: (ms) => 1 - Math.exp(-ms / meanMs), meanMs, description: `exponential, mean ${meanMs}ms` };
}

/** The same distribution with every request `factor` times slower. */
export function slower(base: LatencyDistribution, factor: number): LatencyDistribution {
  return {
    cdf: (ms) => base.cdf(ms / factor),
    meanMs: base.meanMs * factor,
    description: `${base.description}, ${Math.round((factor - 1) * 100)}% slower`,
  };
}

/**
 * What `histogram_quantile(q, ...)` returns for this distribution on these buckets: Prometheus interpolates
 * linearly inside the bucket that holds the quantile. Lets tests state expected values instead of hard-coding.
 */
export function histogramQuantile(q: number, latency: LatencyDistribution, bucketsMs = ISTIO_BUCKETS_MS): number {
  let lower = 0;
  let below = 0;
  for (const upper of bucketsMs) {
    const at = latency.cdf(upper);
    if (at >= q) return lower + ((q - below) / (at - below)) * (upper - lower);
    lower = upper;
    below = at;
  }
  return bucketsMs[bucketsMs.length - 1];
}

/** Traffic received by one workload (Deployment) of a service. */
export interface WorkloadTraffic {
  /** Namespace of the workload. */
  readonly namespace: string;
  /** Workload (Deployment) name: `podinfo` for Flagger's canary, `podinfo-primary` for the primary. */
  readonly workload: string;
  /** Kubernetes Service the requests were routed to (`podinfo-canary`, `podinfo-primary`). */
  readonly service: string;
  /** `app` label / canonical service name of the pods. */
  readonly app: string;
  /** Requests per second across all pods. */
  readonly requestsPerSecond: number;
  /** Share of requests answered 500 (0..1). */
  readonly errorRatio: number;
  /** Latency of the requests. */
  readonly latency: LatencyDistribution;
  /** Number of pods sharing the traffic. @default 2 */
  readonly pods?: number;
  /** The calling workload (Istio's `source_*` labels). @default - the ingress gateway */
  readonly source?: SourceIdentity;
}

/** A calling workload as Istio labels it. */
export interface SourceIdentity {
  /** `source_workload`: the Deployment name. */
  readonly workload: string;
  /** `source_workload_namespace`. */
  readonly namespace: string;
  /** `source_app` / `source_canonical_service`: the pod's `app` label. */
  readonly app: string;
}

/** The flagger-loadtester of the platform (chart pod label `app: loadtester`), calling from inside the mesh. */
export const LOAD_TESTER: SourceIdentity = { workload: 'flagger-loadtester', namespace: 'flagger-system', app: 'loadtester' };

/** How the synthetic series are produced. */
export interface SeriesOptions {
  /** Scrape interval in seconds; must equal the promtool test's `interval`. */
  readonly scrapeIntervalSeconds: number;
  /** Number of scrapes after the first (the series has `samples + 1` values). */
  readonly samples: number;
  /**
   * How `le` values are written: `exposed` as Envoy exposes them (`500`, what Prometheus 2 stores), or
   * `normalized` as Prometheus 3 stores them (`500.0`).
   * @default 'exposed'
   */
  readonly leStyle?: 'exposed' | 'normalized';
  /** Also emit the client-side (`reporter="source"`) series of the ingress gateway. @default true */
  readonly withSourceReporter?: boolean;
}

/** One promtool `input_series` entry. */
export interface InputSeries {
  /** Series in PromQL notation. */
  readonly series: string;
  /** Values in promtool's expanding notation. */
  readonly values: string;
}

/** Name of pod `index` of a Deployment: `<deployment>-<pod-template-hash>-<5 characters>`. */
export function podName(deployment: string, index: number): string {
  return `${deployment}-5f7b9c4d8-x2kq${index}`;
}

const GATEWAY: SourceIdentity = { workload: 'istio-ingressgateway', namespace: 'istio-ingress', app: 'istio-ingressgateway' };

function leValue(boundary: number, style: 'exposed' | 'normalized'): string {
  const text = String(boundary);
  return style === 'normalized' && Number.isInteger(boundary) ? `${text}.0` : text;
}

function seriesText(name: string, labels: Readonly<Record<string, string>>): string {
  const body = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`)
    .join(',');
  return `${name}{${body}}`;
}

/** A counter starting at 0 and growing by `perScrape` each scrape; rounded to 6 decimals to stay exact. */
function counter(perScrape: number, samples: number): string {
  return `0+${Number(perScrape.toFixed(6))}x${samples}`;
}

/** The standard Istio labels of one request stream, as reported by `reporter`. */
function istioLabels(t: WorkloadTraffic, reporter: 'destination' | 'source', code: string, pod: string): Record<string, string> {
  const fqdn = `${t.service}.${t.namespace}.svc.cluster.local`;
  const source = t.source ?? GATEWAY;
  const scrapedPod = reporter === 'destination' ? pod : `${source.workload}-7d9c8b6f5-gw001`;
  return {
    connection_security_policy: reporter === 'destination' ? 'mutual_tls' : 'unknown',
    destination_app: t.app,
    destination_canonical_revision: 'latest',
    destination_canonical_service: t.app,
    destination_cluster: 'Kubernetes',
    destination_principal: `spiffe://cluster.local/ns/${t.namespace}/sa/${t.app}`,
    destination_service: fqdn,
    destination_service_name: t.service,
    destination_service_namespace: t.namespace,
    destination_version: 'unknown',
    destination_workload: t.workload,
    destination_workload_namespace: t.namespace,
    reporter,
    request_protocol: 'http',
    response_code: code,
    response_flags: '-',
    source_app: source.app,
    source_canonical_revision: 'latest',
    source_canonical_service: source.app,
    source_cluster: 'Kubernetes',
    source_principal: `spiffe://cluster.local/ns/${source.namespace}/sa/${source.workload}`,
    source_version: 'unknown',
    source_workload: source.workload,
    source_workload_namespace: source.namespace,
    // Target labels added by the scrape (PodMonitor on the sidecars' merged metrics port).
    container: 'istio-proxy',
    instance: `${scrapedPod}:15020`,
    job: 'monitoring/envoy-stats',
    namespace: reporter === 'destination' ? t.namespace : source.namespace,
    pod: scrapedPod,
  };
}

/**
 * The synthetic series for every workload: per pod and response code, the request counter and the
 * request-duration histogram, from the server's sidecar (`reporter="destination"`) and, unless disabled, from
 * the caller's (`reporter="source"`: the ingress gateway unless the traffic names another `source`).
 */
export function istioSeries(traffic: readonly WorkloadTraffic[], options: SeriesOptions): InputSeries[] {
  const leStyle = options.leStyle ?? 'exposed';
  const reporters: ('destination' | 'source')[] =
    options.withSourceReporter === false ? ['destination'] : ['destination', 'source'];
  const out: InputSeries[] = [];
  for (const t of traffic) {
    const pods = t.pods ?? 2;
    const perPodPerScrape = (t.requestsPerSecond * options.scrapeIntervalSeconds) / pods;
    const codes: [string, number][] = [
      ['200', 1 - t.errorRatio],
      ['500', t.errorRatio],
    ];
    for (let p = 0; p < pods; p++) {
      const pod = podName(t.workload, p);
      for (const reporter of reporters) {
        for (const [code, share] of codes) {
          if (share <= 0) continue;
          const requests = perPodPerScrape * share;
          const labels = istioLabels(t, reporter, code, pod);
          out.push({ series: seriesText('istio_requests_total', labels), values: counter(requests, options.samples) });
          for (const boundary of ISTIO_BUCKETS_MS) {
            out.push({
              series: seriesText('istio_request_duration_milliseconds_bucket', { ...labels, le: leValue(boundary, leStyle) }),
              values: counter(requests * t.latency.cdf(boundary), options.samples),
            });
          }
          out.push({
            series: seriesText('istio_request_duration_milliseconds_bucket', { ...labels, le: '+Inf' }),
            values: counter(requests, options.samples),
          });
          out.push({
            series: seriesText('istio_request_duration_milliseconds_count', labels),
            values: counter(requests, options.samples),
          });
          out.push({
            series: seriesText('istio_request_duration_milliseconds_sum', labels),
            values: counter(requests * t.latency.meanMs, options.samples),
          });
        }
      }
    }
  }
  return out;
}

/** A Flagger gauge series (`flagger_canary_status`, `flagger_canary_weight`, ...) as scraped with honorLabels. */
export function flaggerSeries(metric: string, labels: Readonly<Record<string, string>>, values: string): InputSeries {
  return {
    series: seriesText(metric, {
      ...labels,
      container: 'flagger',
      instance: '10.8.0.12:8080',
      job: 'flagger-system/flagger',
      pod: 'flagger-6d4b9c8f7-fl001',
    }),
    values,
  };
}

/** Any other series, labels sorted. */
export function series(metric: string, labels: Readonly<Record<string, string>>, values: string): InputSeries {
  return { series: seriesText(metric, labels), values };
}

/**
 * Joins two phases of the same series into one: the second phase's counters continue from where the first
 * ended (`0+2x40` then `+5` per scrape for 40 more scrapes becomes `0+2x40 85+5x39`). Both phases must produce
 * the same series (same workloads, pods and response codes).
 * @throws Error when a series exists in only one phase
 */
export function chainPhases(first: readonly InputSeries[], second: readonly InputSeries[], secondSamples: number): InputSeries[] {
  const pattern = /^(-?[\d.]+)\+([\d.e-]+)x(\d+)$/;
  const next = new Map(second.map((s) => [s.series, s.values]));
  return first.map((s) => {
    const a = pattern.exec(s.values);
    const b = pattern.exec(next.get(s.series) ?? '');
    if (!a || !b) throw new Error(`chainPhases: ${s.series} is not a counter in both phases`);
    const end = Number(a[1]) + Number(a[2]) * Number(a[3]);
    const increment = Number(b[2]);
    return { series: s.series, values: `${s.values} ${Number((end + increment).toFixed(6))}+${increment}x${secondSamples - 1}` };
  });
}
