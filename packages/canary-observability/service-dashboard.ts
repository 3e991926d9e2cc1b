import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { KubeObject } from '../shared';
import { dashboardPanelQueries } from './analysis-queries';
import { FLAGGER_METRICS } from './canary-rules';
import {
  canaryPhaseMappings,
  dashboardConfigMap,
  dashboardUid,
  dashedThresholds,
  datasourceVariables,
  lokiTarget,
  finishDashboard,
  promTarget,
  statPanel,
  successRateTimeseries,
  thresholdAt,
  weightTimeseries,
} from './dashboard-kit';
import { primaryWorkload, promDuration, quote, regexEscape, serviceRequestMatchers } from './promql';
import { rolloutPodLogSelector, rolloutReleasePanels } from './rollout-dashboard';
import { errorRatioRecord, slowRatioRecord } from './slo-rules';
import { formatNumber, type ResolvedServiceObservability } from './spec';

/** Stable uid of a service's deployment dashboard: `canary-<namespace>-<name>` (hashed past 40 characters). */
export function serviceDashboardUid(namespace: string, name: string): string {
  return dashboardUid(`canary-${namespace}-${name}`);
}

/**
 * LogQL selector of the service's pods (primary and canary), with the labels the platform's Alloy pipeline sets
 * (`namespace`, `pod`). Deployment pods are named `<deployment>-<replicaset hash>-<pod hash>`.
 */
export function servicePodLogSelector(namespace: string, name: string): string {
  const pods = `(${regexEscape(name)}|${regexEscape(primaryWorkload(name))})-[a-z0-9]+-[a-z0-9]+`;
  return `{namespace=${quote(namespace)}, pod=~${quote(pods)}}`;
}

/** The deployment dashboard of one service, built with the Grafana Foundation SDK. */
export function serviceDashboard(s: ResolvedServiceObservability): dashboard.Dashboard {
  const ns = quote(s.namespace);
  const name = quote(s.name);
  const argo = s.engine === 'argoRollouts';
  // The windows of the fastest burn-rate condition (5m and 1h by default).
  const fastShort = promDuration(Math.min(...s.slo.burnRateWindows.map((w) => w.shortWindowSeconds)));
  const fastLong = promDuration(Math.min(...s.slo.burnRateWindows.map((w) => w.longWindowSeconds)));
  const sloSelector = `{namespace=${ns},service=${name}}`;

  const builder = new dashboard.DashboardBuilder(`Canary: ${s.namespace}/${s.name}`)
    .uid(serviceDashboardUid(s.namespace, s.name))
    .description(
      argo
        ? `Releases of ${s.namespace}/${s.name}: Argo Rollouts' progress, traffic by revision, SLOs and logs.`
        : `Canary releases of ${s.namespace}/${s.name}: Flagger's progress, canary against primary, SLOs and logs.`,
    )
    .tags(['canary-platform', 'canary', s.namespace])
    .time({ from: 'now-3h', to: 'now' })
    .refresh('30s')
    .timezone('utc')
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .variables(datasourceVariables(true));
  (argo ? rolloutReleasePanels : flaggerReleasePanels)(builder, s);
  builder
    .withRow(new dashboard.RowBuilder('Service level objectives'))
    .withPanel(
      new timeseries.PanelBuilder()
        .title(`Error ratio (objective ${formatNumber(s.slo.availabilityObjectivePercent)}%)`)
        .withTarget(promTarget('A', `${errorRatioRecord(fastShort)}${sloSelector}`, fastShort))
        .withTarget(promTarget('B', `${errorRatioRecord(fastLong)}${sloSelector}`, fastLong))
        .unit('percentunit')
        .min(0)
        .thresholds(thresholdAt(1 - s.slo.availabilityObjectivePercent / 100))
        .thresholdsStyle(dashedThresholds())
        .height(8)
        .span(12),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title(`Requests slower than ${formatNumber(s.slo.latencyThresholdMs)}ms (objective ${formatNumber(s.slo.latencyObjectivePercent)}%)`)
        .withTarget(promTarget('A', `${slowRatioRecord(fastShort)}${sloSelector}`, fastShort))
        .withTarget(promTarget('B', `${slowRatioRecord(fastLong)}${sloSelector}`, fastLong))
        .unit('percentunit')
        .min(0)
        .thresholds(thresholdAt(1 - s.slo.latencyObjectivePercent / 100))
        .thresholdsStyle(dashedThresholds())
        .height(8)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Logs'))
    .withPanel(
      new logs.PanelBuilder()
        .title(argo ? `Logs of ${s.name} (every revision)` : `Logs of ${s.name} and ${primaryWorkload(s.name)}`)
        .withTarget(lokiTarget('A', argo ? rolloutPodLogSelector(s.namespace, s.name) : servicePodLogSelector(s.namespace, s.name)))
        .showTime(true)
        .wrapLogMessage(true)
        .enableLogDetails(true)
        .height(12)
        .span(24),
    );
  return finishDashboard(builder.build());
}

/** Flagger's release row and the canary (`<name>`) against primary (`<name>-primary`) row. */
function flaggerReleasePanels(builder: dashboard.DashboardBuilder, s: ResolvedServiceObservability): void {
  const ns = quote(s.namespace);
  const name = quote(s.name);
  const workloads = quote(`${regexEscape(s.name)}|${regexEscape(primaryWorkload(s.name))}`);
  const status = `max(${FLAGGER_METRICS.status}{name=${name},namespace=${ns}})`;
  const q = dashboardPanelQueries(s.namespace);
  const t = s.dashboard.thresholds;
  builder
    .withRow(new dashboard.RowBuilder('Release'))
    .withPanel(
      statPanel('Phase')
        .description('flagger_canary_status: Progressing while the analysis runs, Failed after a rollback.')
        .withTarget(promTarget('A', status, 'phase'))
        .mappings(canaryPhaseMappings())
        .height(5)
        .span(6),
    )
    .withPanel(
      statPanel('Canary weight')
        .withTarget(promTarget('A', `max(${FLAGGER_METRICS.weight}{namespace=${ns},workload=${name}})`, 'canary'))
        .unit('percent')
        .min(0)
        .max(100)
        .height(5)
        .span(6),
    )
    .withPanel(
      statPanel('Promotions in range')
        .withTarget(promTarget('A', `sum(increase(${FLAGGER_METRICS.successes}{name=${name},namespace=${ns}}[$__range]))`, 'promotions'))
        .noValue('0')
        .height(5)
        .span(6),
    )
    .withPanel(
      statPanel('Rollbacks in range')
        .withTarget(promTarget('A', `sum(increase(${FLAGGER_METRICS.failures}{name=${name},namespace=${ns}}[$__range]))`, 'rollbacks'))
        .thresholds(thresholdAt(1))
        .noValue('0')
        .height(5)
        .span(6),
    )
    .withPanel(
      weightTimeseries('Traffic weight: canary vs primary')
        .withTarget(promTarget('A', `max by (workload) (${FLAGGER_METRICS.weight}{namespace=${ns},workload=~${workloads}})`, '{{workload}}'))
        .height(8)
        .span(12),
    )
    .withPanel(
      new statetimeline.PanelBuilder()
        .title('Phase over time')
        .withTarget(promTarget('A', status, 'phase'))
        .mappings(canaryPhaseMappings())
        .height(8)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Canary vs primary (what the analysis judges)'))
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Request rate')
        .withTarget(
          promTarget(
            'A',
            `sum by (destination_workload) (rate(istio_requests_total{${serviceRequestMatchers(s.namespace, s.name)}}[$__rate_interval]))`,
            '{{destination_workload}}',
          ),
        )
        .unit('reqps')
        .height(8)
        .span(8),
    )
    .withPanel(
      successRateTimeseries('Success rate', t.minSuccessRatePercent)
        .description(`The analysis requires at least ${formatNumber(t.minSuccessRatePercent)}%.`)
        .withTarget(promTarget('A', q.successRate(s.name), 'canary'))
        .withTarget(promTarget('B', q.successRate(primaryWorkload(s.name)), 'primary'))
        .height(8)
        .span(8),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('P95 latency')
        .description(`The analysis allows at most ${formatNumber(t.maxP95LatencyMs)}ms.`)
        .withTarget(promTarget('A', q.p95LatencyMs(s.name), 'canary'))
        .withTarget(promTarget('B', q.p95LatencyMs(primaryWorkload(s.name)), 'primary'))
        .unit('ms')
        .min(0)
        .thresholds(thresholdAt(t.maxP95LatencyMs))
        .thresholdsStyle(dashedThresholds())
        .height(8)
        .span(8),
    );
}

/**
 * Name of a service's dashboard ConfigMap: `<name>-canary-dashboard` in the service's namespace, prefixed with
 * the service's namespace when the dashboard is published in another (shared) namespace.
 */
export function serviceDashboardConfigMapName(s: Pick<ResolvedServiceObservability, 'name' | 'namespace' | 'dashboard'>): string {
  const base = `${s.name}-canary-dashboard`;
  return s.dashboard.namespace === s.namespace ? base : `${s.namespace}-${base}`;
}

/** The deployment dashboard as a ConfigMap Grafana's sidecar loads. */
export function serviceDashboardConfigMap(s: ResolvedServiceObservability): KubeObject {
  return dashboardConfigMap(serviceDashboard(s), serviceDashboardConfigMapName(s), s.dashboard.namespace, s.dashboard.folder, {
    'app.kubernetes.io/part-of': s.name,
  });
}
