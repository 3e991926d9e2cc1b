/**
 * The canary analysis under test and what the traffic model predicts for it. The queries come from the canary's
 * own query module (`analysisQueries(spec)`, concrete values substituted), never re-typed here.
 */
import { analysisQueries, type AnalysisQuery } from '../../packages/canary/spec/queries';
import { validateCanaryServiceProps } from '../../packages/canary/spec';
import { histogramQuantile, podName, series, type InputSeries } from '../support/istio-series';
import { NAMESPACE, SCRAPE_SECONDS, TARGET, type Scenario } from './scenarios';

/** A business metric as a team would write it: the share of checkouts the canary's pods completed. */
export const CHECKOUT_QUERY =
  'sum(rate(checkout_orders_total{namespace="{{ namespace }}", pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}", result="completed"}[{{ interval }}]))\n' +
  '/\n' +
  'sum(rate(checkout_orders_total{namespace="{{ namespace }}", pod=~"{{ target }}-[a-z0-9]+-[a-z0-9]{5}"}[{{ interval }}]))';

/** The default CanaryService of the issue (only image and port given)... */
export const DEFAULT_SPEC = validateCanaryServiceProps(TARGET, {
  namespace: NAMESPACE,
  image: 'ghcr.io/stefanprodan/podinfo:6.14.1',
  port: 9898,
});

/** ...and the same service with a business metric added. */
export const SPEC_WITH_BUSINESS_METRIC = validateCanaryServiceProps(TARGET, {
  namespace: NAMESPACE,
  image: 'ghcr.io/stefanprodan/podinfo:6.14.1',
  port: 9898,
  analysis: { checks: { business: [{ name: 'checkout-completed', query: CHECKOUT_QUERY, min: 0.98 }] } },
});

/** Every query of the service with a business metric. */
export const QUERIES: readonly AnalysisQuery[] = analysisQueries(SPEC_WITH_BUSINESS_METRIC);

/** Orders per request. */
const ORDERS_PER_REQUEST = 0.1;

/** The app's own checkout counters (scraped from each pod's sidecar), failing with the same ratio as its 5xx. */
export function checkoutSeries(s: Scenario, samples: number): InputSeries[] {
  const out: InputSeries[] = [];
  for (const [workload, b] of [
    [TARGET, s.canary],
    [`${TARGET}-primary`, s.primary],
  ] as const) {
    for (const p of [0, 1]) {
      const pod = podName(workload, p);
      const perScrape = (b.rps * ORDERS_PER_REQUEST * SCRAPE_SECONDS) / 2;
      for (const [result, share] of [
        ['completed', 1 - b.errorRatio],
        ['failed', b.errorRatio],
      ] as const) {
        if (share === 0) continue;
        // As the platform scrapes app metrics: merged into the sidecar's :15020/stats/prometheus (CanaryService
        // `metrics`), by the envoy-stats PodMonitor.
        const labels = { namespace: NAMESPACE, pod, result, container: 'istio-proxy', job: 'monitoring/envoy-stats', instance: `${pod}:15020` };
        out.push(series('checkout_orders_total', labels, `0+${Number((perScrape * share).toFixed(6))}x${samples}`));
      }
    }
  }
  return out;
}

/** What the traffic model says a query returns when the whole window sees the scenario's traffic. */
export function predicted(q: AnalysisQuery, s: Scenario): number {
  const p = (quantile: number, b: Scenario['canary']) => histogramQuantile(quantile, b.latency);
  switch (q.check) {
    case 'request-success-rate':
      return 100 * (1 - s.canary.errorRatio);
    case 'error-rate':
      return 100 * s.canary.errorRatio;
    case 'request-duration':
      return p(0.99, s.canary);
    case 'latency-p95':
      return p(0.95, s.canary);
    case 'relative-latency':
      return p(0.95, s.canary) / p(0.95, s.primary);
    case 'checkout-completed':
      return 1 - s.canary.errorRatio;
    default:
      throw new Error(`no prediction for check ${q.check}`);
  }
}

/** True when `value` is inside the query's passing range. */
export function passes(q: AnalysisQuery, value: number): boolean {
  return (q.thresholdRange.min === undefined || value >= q.thresholdRange.min) && (q.thresholdRange.max === undefined || value <= q.thresholdRange.max);
}

/** The recording rule name a query is recorded under: `canary_analysis:<check>`. */
export function record(q: AnalysisQuery): string {
  return `canary_analysis:${q.check.replace(/-/g, '_')}`;
}

/** Every query as a recording rule, in a rules file. */
export function analysisRuleFile(queries: readonly AnalysisQuery[]): { groups: { name: string; rules: { record: string; expr: string }[] }[] } {
  return { groups: [{ name: 'canary-analysis', rules: queries.map((q) => ({ record: record(q), expr: q.query })) }] };
}

/**
 * `rec >= bool min`, `rec <= bool max`, or both multiplied: 1 when the check passes, 0 when it fails, and
 * nothing at all when the query returns no data.
 */
export function verdictExpr(q: AnalysisQuery): string {
  const parts = [
    ...(q.thresholdRange.min !== undefined ? [`(${record(q)} >= bool ${q.thresholdRange.min})`] : []),
    ...(q.thresholdRange.max !== undefined ? [`(${record(q)} <= bool ${q.thresholdRange.max})`] : []),
  ];
  return parts.join(' * ');
}
