import { workloadRequestMatchers } from './promql';

/** Queries the dashboard plots per workload (canary `<name>` or primary `<name>-primary`). */
export interface DashboardPanelQueries {
  /** Success rate in percent of one workload. */
  successRate(workload: string): string;
  /** P95 latency in milliseconds of one workload. */
  p95LatencyMs(workload: string): string;
}

/** Dashboard queries over Grafana's `$__rate_interval`. */
export function dashboardPanelQueries(namespace: string, _target: string): DashboardPanelQueries {
  const interval = '$__rate_interval';
  return {
    successRate: (workload) => {
      const m = workloadRequestMatchers(namespace, workload);
      return (
        `sum(rate(istio_requests_total{${m},response_code!~"5.."}[${interval}]))\n/\n` +
        `sum(rate(istio_requests_total{${m}}[${interval}])) * 100`
      );
    },
    p95LatencyMs: (workload) =>
      `histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${workloadRequestMatchers(namespace, workload)}}[${interval}])))`,
  };
}
