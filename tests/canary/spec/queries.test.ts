/**
 * The PromQL builders: exact text for concrete values, Istio's real labels, Flagger's template variables, and
 * every query parses. (tests/observability/analysis-queries.test.ts evaluates them with promtool on
 * synthetic Istio traffic.)
 */
import { validatePromQL, fillTemplateVariables } from '../../../packages/validation';
import {
  analysisQueries,
  businessMetricQuery,
  errorRateQuery,
  FLAGGER_PRIMARY_WORKLOAD,
  FLAGGER_SELECTOR,
  latencyQuantileQuery,
  p95LatencyQuery,
  relativeLatencyQuery,
  relativeLatencyThreshold,
  requestSuccessRateQuery,
  validateCanaryServiceProps,
  type WorkloadSelector,
} from '../../../packages/canary/index';

const SHOP: WorkloadSelector = { namespace: 'shop', workload: 'podinfo', interval: '1m' };
const CANARY_REQUESTS = 'istio_requests_total{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo"';

describe('query builders with concrete values', () => {
  it('request success rate: non-5xx share of requests served by the workload, in percent', () => {
    expect(requestSuccessRateQuery(SHOP)).toBe(`100 * sum(rate(${CANARY_REQUESTS}, response_code!~"5.."}[1m]))\n/\nsum(rate(${CANARY_REQUESTS}}[1m]))`);
  });

  it('error rate: 5xx share in percent, 0 (not "no data") when there are no 5xx series', () => {
    expect(errorRateQuery(SHOP)).toBe(`100 * (\n  sum(rate(${CANARY_REQUESTS}, response_code=~"5.."}[1m]))\n  or on() vector(0)\n)\n/\nsum(rate(${CANARY_REQUESTS}}[1m]))`);
  });

  it('p95 latency in milliseconds from Istio\'s duration histogram', () => {
    expect(p95LatencyQuery(SHOP)).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="shop", destination_workload="podinfo"}[1m])))',
    );
  });

  it('relative latency: canary p95 divided by primary p95', () => {
    const q = relativeLatencyQuery(SHOP, 'podinfo-primary');
    expect(q.split('\n/\n')).toEqual([p95LatencyQuery(SHOP), p95LatencyQuery({ ...SHOP, workload: 'podinfo-primary' })]);
  });

  it('relative latency threshold: canary at most N% slower means ratio <= 1 + N/100', () => {
    expect(relativeLatencyThreshold(10)).toBe(1.1);
    expect(relativeLatencyThreshold(0)).toBe(1);
    expect(relativeLatencyThreshold(7)).toBe(1.07);
  });

  it('escapes label values as PromQL strings', () => {
    expect(p95LatencyQuery({ ...SHOP, workload: 'a"b\\c' })).toContain('destination_workload="a\\"b\\\\c"');
  });

  it('refuses a quantile outside (0, 1)', () => {
    expect(() => latencyQuantileQuery(SHOP, 95)).toThrow('quantile (95) must be between 0 and 1');
  });

  it('every builder gives valid PromQL', () => {
    for (const q of [requestSuccessRateQuery(SHOP), errorRateQuery(SHOP), p95LatencyQuery(SHOP), latencyQuantileQuery(SHOP, 0.99), relativeLatencyQuery(SHOP, 'podinfo-primary')]) {
      expect(validatePromQL(q)).toEqual([]);
    }
  });
});

describe('query builders with Flagger template variables', () => {
  it('use {{ namespace }}, {{ target }} and {{ interval }}, and {{ target }}-primary for the primary', () => {
    expect(p95LatencyQuery(FLAGGER_SELECTOR)).toContain('destination_workload_namespace="{{ namespace }}", destination_workload="{{ target }}"}[{{ interval }}]');
    expect(relativeLatencyQuery(FLAGGER_SELECTOR, FLAGGER_PRIMARY_WORKLOAD)).toContain('destination_workload="{{ target }}-primary"');
  });

  it('give valid PromQL once Flagger fills the variables', () => {
    for (const q of [errorRateQuery(FLAGGER_SELECTOR), relativeLatencyQuery(FLAGGER_SELECTOR, FLAGGER_PRIMARY_WORKLOAD)]) {
      expect(validatePromQL(fillTemplateVariables(q))).toEqual([]);
    }
  });
});

describe('businessMetricQuery', () => {
  it('fills Flagger\'s template variables as Flagger would', () => {
    expect(businessMetricQuery('sum(rate(orders_total{ns="{{ namespace }}",app="{{target}}",c="{{ name }}",s="{{ service }}"}[{{ interval }}]))', { namespace: 'shop', target: 'podinfo', interval: '2m' }))
      .toBe('sum(rate(orders_total{ns="shop",app="podinfo",c="podinfo",s="podinfo"}[2m]))');
  });

  it('passes a query without variables through unchanged', () => {
    expect(businessMetricQuery('sum(up)', { namespace: 'shop', target: 'podinfo', interval: '1m' })).toBe('sum(up)');
  });

  it('refuses a variable Flagger does not offer', () => {
    expect(() => businessMetricQuery('x{pod="{{ pod }}"}', { namespace: 'shop', target: 'podinfo', interval: '1m' })).toThrow('query uses {{ pod }}, which Flagger does not offer');
  });
});

describe('analysisQueries', () => {
  const spec = validateCanaryServiceProps('podinfo', {
    namespace: 'shop',
    image: 'ghcr.io/stefanprodan/podinfo:6.7.0',
    port: 9898,
    analysis: { checks: { relativeLatency: { maxSlowerPercent: 20, interval: '2m' }, business: [{ name: 'orders', query: 'sum(rate(orders_total{namespace="{{ namespace }}"}[{{ interval }}]))', min: 1 }] } },
  });
  const queries = analysisQueries(spec);

  it('lists every check the Canary runs, in its order, with source, threshold and unit', () => {
    expect(queries.map((q) => [q.check, q.source, q.metricTemplate, q.thresholdRange, q.unit, q.interval.toString()])).toEqual([
      ['request-success-rate', 'builtin', undefined, { min: 99 }, 'percent', '1m'],
      ['request-duration', 'builtin', undefined, { max: 500 }, 'milliseconds', '1m'],
      ['error-rate', 'metricTemplate', 'podinfo-error-rate', { max: 1 }, 'percent', '1m'],
      ['latency-p95', 'metricTemplate', 'podinfo-latency-p95', { max: 300 }, 'milliseconds', '1m'],
      ['relative-latency', 'metricTemplate', 'podinfo-relative-latency', { max: 1.2 }, 'ratio', '2m'],
      ['orders', 'metricTemplate', 'podinfo-orders', { min: 1 }, 'value', '1m'],
    ]);
  });

  it('gives each query with concrete values: the namespace, <name> for the canary, <name>-primary, the window', () => {
    const excludeSource = { namespace: 'flagger-system', workload: 'flagger-loadtester' };
    expect(queries[4]?.query).toBe(relativeLatencyQuery({ namespace: 'shop', workload: 'podinfo', interval: '2m', excludeSource }, 'podinfo-primary'));
    expect(queries[5]?.query).toBe('sum(rate(orders_total{namespace="shop"}[1m]))');
  });

  it('describes the builtin checks with queries equivalent to Flagger\'s Istio builtins (P99 for request-duration)', () => {
    expect(queries[0]?.query).toBe(requestSuccessRateQuery({ namespace: 'shop', workload: 'podinfo', interval: '1m' }));
    expect(queries[1]?.query).toBe(latencyQuantileQuery({ namespace: 'shop', workload: 'podinfo', interval: '1m' }, 0.99));
  });

  it('leaves out checks that are turned off', () => {
    const off = validateCanaryServiceProps('podinfo', { image: 'a/b:1', port: 80, analysis: { checks: { successRate: false, latencyP99: false, errorRate: false, latencyP95: false, relativeLatency: false } } });
    expect(analysisQueries(off)).toEqual([]);
  });

  it('every concrete query parses', () => {
    for (const q of queries) expect(validatePromQL(q.query)).toEqual([]);
  });
});
