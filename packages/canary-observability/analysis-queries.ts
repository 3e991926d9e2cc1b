import { p95LatencyQuery, requestSuccessRateQuery } from '../canary/spec';

/** Queries the dashboard plots per workload (canary `<name>` or primary `<name>-primary`). */
export interface DashboardPanelQueries {
  /** Success rate in percent of one workload. */
  successRate(workload: string): string;
  /** P95 latency in milliseconds of one workload. */
  p95LatencyMs(workload: string): string;
}

/**
 * The dashboard's canary-vs-primary queries: the canary analysis' own builders (packages/canary/queries.ts)
 * over Grafana's `$__rate_interval`, so the panels show exactly what the analysis judges.
 */
export function dashboardPanelQueries(namespace: string): DashboardPanelQueries {
  const selector = (workload: string) => ({ namespace, workload, interval: '$__rate_interval' });
  return {
    successRate: (workload) => requestSuccessRateQuery(selector(workload)),
    p95LatencyMs: (workload) => p95LatencyQuery(selector(workload)),
  };
}
