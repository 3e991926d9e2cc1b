import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { dashedThresholds, promTarget, statPanel, successRateTimeseries, thresholdAt, weightTimeseries } from './dashboard-kit';
import { quote, regexEscape, workloadRequestMatchers } from './promql';
import { ARGO_ROLLOUTS_METRICS } from './rollout-rules';
import { formatNumber, type ResolvedServiceObservability } from './spec';

/**
 * Istio's label for the version of a pod: Argo Rollouts runs stable and canary pods under ONE workload name
 * (`destination_workload=<name>`), and the Rollout labels each pod template with
 * `service.istio.io/canonical-revision` (packages/canary/engines/argo-rollouts/analysis.ts), which Istio reports as this label.
 */
export const REVISION_LABEL = 'destination_canonical_revision';

/**
 * LogQL selector of a Rollout's pods, every revision: they are named `<name>-<replicaset hash>-<pod hash>`
 * (there is no `<name>-primary` workload on this engine).
 */
export function rolloutPodLogSelector(namespace: string, name: string): string {
  return `{namespace=${quote(namespace)}, pod=~${quote(`${regexEscape(name)}-[a-z0-9]+-[a-z0-9]+`)}}`;
}

/**
 * The release row of an Argo Rollouts service (phase and replicas from the controller's `rollout_info*`, no
 * traffic weight: the controller exports none) and a row comparing revisions, `by (destination_canonical_revision)`:
 * during a release the stable and canary revisions are two series; between releases there is one.
 */
export function rolloutReleasePanels(builder: dashboard.DashboardBuilder, s: ResolvedServiceObservability): void {
  const rollout = `{name=${quote(s.name)},namespace=${quote(s.namespace)}}`;
  const phase = `max by (phase) (${ARGO_ROLLOUTS_METRICS.info}${rollout})`;
  const requests = workloadRequestMatchers(s.namespace, s.name);
  const rate = (extra = '') => `sum by (${REVISION_LABEL}) (rate(istio_requests_total{${requests}${extra}}[$__rate_interval]))`;
  const legend = `{{${REVISION_LABEL}}}`;
  const t = s.dashboard.thresholds;
  builder
    .withRow(new dashboard.RowBuilder('Release'))
    .withPanel(
      statPanel('Phase')
        .description('rollout_info phase: Completed between releases, Progressing or Paused during one, Abort after a rollback.')
        .withTarget(promTarget('A', phase, '{{phase}}'))
        .textMode(common.BigValueTextMode.Name)
        .height(5)
        .span(12),
    )
    .withPanel(
      statPanel('Replicas available / desired')
        .withTarget(promTarget('A', `max(${ARGO_ROLLOUTS_METRICS.replicasAvailable}${rollout})`, 'available'))
        .withTarget(promTarget('B', `max(${ARGO_ROLLOUTS_METRICS.replicasDesired}${rollout})`, 'desired'))
        .height(5)
        .span(12),
    )
    .withPanel(
      weightTimeseries('Traffic share by revision (stable and canary)')
        .description('Measured requests, not configured weights: Argo Rollouts exports no traffic weight.')
        .withTarget(promTarget('A', `100 * ${rate()}\n/ on () group_left ()\nsum(rate(istio_requests_total{${requests}}[$__rate_interval]))`, legend))
        .height(8)
        .span(12),
    )
    .withPanel(
      new statetimeline.PanelBuilder()
        .title('Phase over time')
        .withTarget(promTarget('A', phase, '{{phase}}'))
        .height(8)
        .span(12),
    )
    .withRow(new dashboard.RowBuilder('Revisions (stable and canary share the workload name)'))
    .withPanel(
      new timeseries.PanelBuilder()
        .title('Request rate by revision')
        .withTarget(promTarget('A', rate(), legend))
        .unit('reqps')
        .height(8)
        .span(8),
    )
    .withPanel(
      successRateTimeseries('Success rate by revision', t.minSuccessRatePercent)
        .description(`The analysis requires at least ${formatNumber(t.minSuccessRatePercent)}% from the canary revision.`)
        .withTarget(promTarget('A', `100 * ${rate(',response_code!~"5.."')}\n/\n${rate()}`, legend))
        .height(8)
        .span(8),
    )
    .withPanel(
      new timeseries.PanelBuilder()
        .title('P95 latency by revision')
        .description(`The analysis allows at most ${formatNumber(t.maxP95LatencyMs)}ms for the canary revision.`)
        .withTarget(
          promTarget(
            'A',
            `histogram_quantile(0.95, sum by (le, ${REVISION_LABEL}) (rate(istio_request_duration_milliseconds_bucket{${requests}}[$__rate_interval])))`,
            legend,
          ),
        )
        .unit('ms')
        .min(0)
        .thresholds(thresholdAt(t.maxP95LatencyMs))
        .thresholdsStyle(dashedThresholds())
        .height(8)
        .span(8),
    );
}
