import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { KubeObject } from '../shared';
import { FLAGGER_METRICS, FLAGGER_STATUS } from './canary-rules';
import {
  canaryPhaseMappings,
  dashboardConfigMap,
  dashboardUid,
  datasourceVariables,
  finishDashboard,
  promTarget,
  statPanel,
  thresholdAt,
  weightTimeseries,
} from './dashboard-kit';
import type { ResolvedPlatformObservability } from './platform-spec';
import { quote } from './promql';

/** Stable uid of the platform overview dashboard. */
export const PLATFORM_DASHBOARD_UID = dashboardUid('canary-platform-overview');

/** Name of the overview dashboard's ConfigMap. */
export const PLATFORM_DASHBOARD_CONFIGMAP = 'canary-platform-overview-dashboard';

const PHASE = `max by (namespace, name) (${FLAGGER_METRICS.status})`;
const MESH = 'reporter="destination"';

/**
 * The platform overview: releases in progress and failed (from Flagger), mesh health (request rate, success
 * rate, the workloads answering 5xx, proxies connected to istiod and their configuration convergence) and
 * whether Flagger, istiod and Prometheus report at all.
 */
export function platformDashboard(p: ResolvedPlatformObservability): dashboard.Dashboard {
  const stats: [string, string, boolean][] = [
    ['Canaries', `sum(${FLAGGER_METRICS.total})`, false],
    ['Releases in progress', `count(${PHASE} == ${FLAGGER_STATUS.progressing}) or vector(0)`, false],
    ['Failed canaries', `count(${PHASE} == ${FLAGGER_STATUS.failed}) or vector(0)`, true],
    ['Rollbacks in range', `sum(increase(${FLAGGER_METRICS.failures}[$__range])) or vector(0)`, true],
  ];
  let builder = new dashboard.DashboardBuilder('Canary platform overview')
    .uid(PLATFORM_DASHBOARD_UID)
    .description('Releases in progress and failed, mesh health and the platform components canaries depend on.')
    .tags(['canary-platform', 'overview'])
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('utc')
    .readonly()
    .variables(datasourceVariables(false))
    .withRow(new dashboard.RowBuilder('Releases'));
  for (const [title, expr, alarming] of stats) {
    const panel = statPanel(title).withTarget(promTarget('A', expr, title)).height(4).span(6);
    builder = builder.withPanel(alarming ? panel.thresholds(thresholdAt(1)) : panel);
  }
  builder = builder
    .withPanel(
      new statetimeline.PanelBuilder()
        .title('Canary phases')
        .withTarget(promTarget('A', PHASE, '{{namespace}}/{{name}}'))
        .mappings(canaryPhaseMappings())
        .height(10)
        .span(12),
    )
    .withPanel(
      weightTimeseries('Canary traffic weight')
        .withTarget(
          promTarget('A', `max by (namespace, workload) (${FLAGGER_METRICS.weight}{workload!~".+-primary"}) > 0`, '{{namespace}}/{{workload}}'),
        )
        .height(10)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Mesh health'))
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Mesh request rate')
        .withTarget(promTarget('A', `sum(rate(istio_requests_total{${MESH}}[$__rate_interval]))`, 'requests/s'))
        .unit('reqps')
        .height(8)
        .span(8),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Mesh success rate')
        .withTarget(
          promTarget(
            'A',
            `sum(rate(istio_requests_total{${MESH},response_code!~"5.."}[$__rate_interval]))\n/\nsum(rate(istio_requests_total{${MESH}}[$__rate_interval])) * 100`,
            'success %',
          ),
        )
        .unit('percent')
        .max(100)
        .height(8)
        .span(8),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Workloads answering 5xx (top 10)')
        .withTarget(
          promTarget(
            'A',
            `topk(10, sum by (destination_workload_namespace, destination_workload) (rate(istio_requests_total{${MESH},response_code=~"5.."}[$__rate_interval]))) > 0`,
            '{{destination_workload_namespace}}/{{destination_workload}}',
          ),
        )
        .unit('reqps')
        .height(8)
        .span(8),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Proxies connected to istiod')
        .withTarget(promTarget('A', 'sum(pilot_xds)', 'proxies'))
        .height(8)
        .span(8),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('xDS pushes by type')
        .withTarget(promTarget('A', 'sum by (type) (rate(pilot_xds_pushes[$__rate_interval]))', '{{type}}'))
        .unit('ops')
        .height(8)
        .span(8),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Proxy configuration convergence (p99)')
        .withTarget(
          promTarget('A', 'histogram_quantile(0.99, sum by (le) (rate(pilot_proxy_convergence_time_bucket[$__rate_interval])))', 'p99'),
        )
        .unit('s')
        .height(8)
        .span(8),
    )
    .withRow(new dashboard.RowBuilder('Canary judge'))
    // The judge's verdicts (packages/judge/metrics.ts): what it answered, per service; holds are "not enough
    // traffic yet", fails roll back; its events and logs carry the reason with the numbers.
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Judge verdicts per service')
        .withTarget(promTarget('A', 'sum by (namespace, service, verdict) (increase(canary_judge_verdicts_total[$__rate_interval]))', '{{namespace}}/{{service}} {{verdict}}'))
        .unit('short')
        .height(8)
        .span(12),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Judgements held because Prometheus did not answer')
        .withTarget(promTarget('A', 'sum by (namespace, service) (increase(canary_judge_prometheus_unavailable_total[$__rate_interval]))', '{{namespace}}/{{service}}'))
        .unit('short')
        .height(8)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Platform components'));
  const components: [string, string][] = [
    ['Flagger replicas reporting', `count(${FLAGGER_METRICS.info}) or vector(0)`],
    ['istiod replicas reporting', `count(istio_build{component="pilot"}) or vector(0)`],
    ['Prometheus replicas up', `count(up{job=${quote(p.prometheusJob)}} == 1) or vector(0)`],
    ['Canary judge replicas up', 'count(up{namespace="flagger-system", pod=~"canary-judge-.*"} == 1) or vector(0)'],
  ];
  for (const [title, expr] of components) {
    builder = builder.withPanel(
      statPanel(title).withTarget(promTarget('A', expr, title)).thresholds(thresholdAt(1, true)).height(4).span(6),
    );
  }
  return finishDashboard(builder.build());
}

/** The overview dashboard as a ConfigMap Grafana's sidecar loads, in the monitoring namespace. */
export function platformDashboardConfigMap(p: ResolvedPlatformObservability): KubeObject {
  return dashboardConfigMap(platformDashboard(p), PLATFORM_DASHBOARD_CONFIGMAP, p.namespace, p.dashboardFolder);
}
