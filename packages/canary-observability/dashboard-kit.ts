import { createHash } from 'node:crypto';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PLATFORM_CONTRACT, sortKeys, type KubeObject } from '../shared';

/** Name of the dashboard variable that selects the Prometheus data source. */
export const PROMETHEUS_VARIABLE = 'datasource';
/** Name of the dashboard variable that selects the Loki data source. */
export const LOKI_VARIABLE = 'loki';

/** Data source reference resolved through the `$datasource` variable (works whatever the data source uid). */
export const PROMETHEUS_DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: `\${${PROMETHEUS_VARIABLE}}` };
/** Data source reference resolved through the `$loki` variable. */
export const LOKI_DATASOURCE: common.DataSourceRef = { type: 'loki', uid: `\${${LOKI_VARIABLE}}` };

/** Data source variables every dashboard of this folder declares. */
export function datasourceVariables(withLoki: boolean): dashboard.DatasourceVariableBuilder[] {
  const vars = [new dashboard.DatasourceVariableBuilder(PROMETHEUS_VARIABLE).label('Prometheus').type('prometheus')];
  if (withLoki) vars.push(new dashboard.DatasourceVariableBuilder(LOKI_VARIABLE).label('Loki').type('loki'));
  return vars;
}

/** A Prometheus query target. */
export function promTarget(refId: string, expr: string, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS_DATASOURCE)
    .refId(refId)
    .expr(expr)
    .legendFormat(legend)
    .range();
}

/** A Loki log query target. */
export function lokiTarget(refId: string, expr: string): loki.DataqueryBuilder {
  return new loki.DataqueryBuilder().datasource(LOKI_DATASOURCE).refId(refId).expr(expr);
}

/** Thresholds: green below `value`, `color` from it (or reversed with `goodAbove`). */
export function thresholdAt(value: number, goodAbove = false): dashboard.ThresholdsConfigBuilder {
  const steps = goodAbove
    ? [
        { value: null, color: 'red' },
        { value, color: 'green' },
      ]
    : [
        { value: null, color: 'green' },
        { value, color: 'red' },
      ];
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps);
}

/** Draws the thresholds as a dashed line on a time series panel. */
export function dashedThresholds(): common.GraphThresholdsStyleConfigBuilder {
  return new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed);
}

/** Value mappings showing `flagger_canary_status` as its phase. */
export function canaryPhaseMappings(): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: {
        '0': { text: 'Progressing', color: 'blue', index: 0 },
        '1': { text: 'Succeeded', color: 'green', index: 1 },
        '2': { text: 'Failed (rolled back)', color: 'red', index: 2 },
      },
    },
  ];
}

/** Grafana limits dashboard uids to 40 characters. */
const MAX_UID = 40;

/**
 * A stable dashboard uid derived from its name: the name itself when it fits Grafana's 40 characters, otherwise
 * a prefix and 8 hex digits of its SHA-256, so renaming nothing never changes a dashboard's URL.
 */
export function dashboardUid(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (clean.length <= MAX_UID && clean === name) return clean;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${clean.slice(0, MAX_UID - 9).replace(/-+$/, '')}-${hash}`;
}

/**
 * Final touches after building: every panel (and panel inside a row) gets a sequential id, so the JSON does not
 * depend on build order, and the data source of its first query, so Grafana's editor opens on the right one.
 */
export function finishDashboard(model: dashboard.Dashboard): dashboard.Dashboard {
  let next = 1;
  const finish = (panel: dashboard.Panel | dashboard.RowPanel): void => {
    panel.id = next++;
    const p = panel as dashboard.Panel;
    const first = p.targets?.[0] as { datasource?: common.DataSourceRef } | undefined;
    if (p.datasource === undefined && first?.datasource !== undefined) p.datasource = first.datasource;
  };
  for (const panel of model.panels ?? []) {
    finish(panel);
    for (const inner of (panel as dashboard.RowPanel).panels ?? []) finish(inner);
  }
  return model;
}

/** A time series of traffic weights or shares: percent on a fixed 0-100 axis. */
export function weightTimeseries(title: string): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder().title(title).unit('percent').min(0).max(100);
}

/**
 * A time series of success rates in percent (axis up to 100), with the analysis' minimum drawn as a dashed
 * threshold line.
 */
export function successRateTimeseries(title: string, minPercent: number): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .unit('percent')
    .max(100)
    .thresholds(thresholdAt(minPercent, true))
    .thresholdsStyle(dashedThresholds());
}

/** A stat panel showing the last value of its query. */
export function statPanel(title: string): stat.PanelBuilder {
  return new stat.PanelBuilder().title(title).reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}

/**
 * Wraps a dashboard in a ConfigMap that Grafana's dashboard sidecar loads: labelled with
 * `PLATFORM_CONTRACT.grafanaDashboardLabel`, the JSON (sorted keys, 2-space indent) under `<uid>.json`, and the
 * folder in the `grafana_folder` annotation.
 */
export function dashboardConfigMap(
  model: dashboard.Dashboard,
  configMapName: string,
  namespace: string,
  folder: string,
  labels: Readonly<Record<string, string>> = {},
): KubeObject {
  const uid = model.uid ?? configMapName;
  return sortKeys({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: configMapName,
      namespace,
      labels: {
        ...labels,
        'app.kubernetes.io/managed-by': 'canary-platform',
        [PLATFORM_CONTRACT.grafanaDashboardLabel]: '1',
      },
      annotations: { grafana_folder: folder },
    },
    data: { [`${uid}.json`]: `${JSON.stringify(sortKeys(model), null, 2)}\n` },
  });
}
