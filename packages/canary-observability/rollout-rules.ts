import { promDuration, quote } from './promql';
import { alertAnnotations, type AlertingRule } from './rule-types';
import type { ResolvedServiceObservability } from './spec';

/**
 * The Argo Rollouts controller's own metrics (Argo Rollouts v1.9.0: names and labels in
 * `controller/metrics/prommetrics.go`, values in `controller/metrics/rollouts.go` `collectRollouts`). The
 * controller labels them with the Rollout's `namespace` and `name`; the platform's ServiceMonitor restores that
 * `namespace` (packages/platform/argo-rollouts-controller), otherwise Prometheus would rename it `exported_namespace`.
 */
export const ARGO_ROLLOUTS_METRICS = {
  /**
   * Gauge `{namespace, name, strategy, traffic_router, phase}`, always 1: one series per Rollout, whose `phase`
   * label is the controller's {@link ROLLOUT_PHASES} value.
   */
  info: 'rollout_info',
  /** Gauge `{namespace, name}`: available replicas of the Rollout (stable and canary). */
  replicasAvailable: 'rollout_info_replicas_available',
  /** Gauge `{namespace, name}`: desired replicas of the Rollout. */
  replicasDesired: 'rollout_info_replicas_desired',
  /** Gauge `{version}`: 1 while the controller runs. */
  controllerInfo: 'argo_rollouts_controller_info',
} as const;

/**
 * Values of the `phase` label of {@link ARGO_ROLLOUTS_METRICS.info} (`RolloutPhase` in
 * `controller/metrics/rollouts.go`), derived from the Rollout's `Progressing` and `InvalidSpec` conditions.
 * There is no `Healthy` or `Degraded` value: those are `status.phase` words the metric does not carry.
 */
export const ROLLOUT_PHASES = {
  /** The new ReplicaSet is available: no release in flight. */
  completed: 'Completed',
  /** A release is moving (the default when no condition says otherwise). */
  progressing: 'Progressing',
  /** A release waits at a pause step: a timed pause between weights, or a manual gate. */
  paused: 'Paused',
  /** The progress deadline passed (without `progressDeadlineAbort`). */
  timeout: 'Timeout',
  /** The controller failed to create a ReplicaSet. */
  error: 'Error',
  /** The release was aborted: a failed analysis, the progress deadline with `progressDeadlineAbort`, or `kubectl argo rollouts abort`. */
  abort: 'Abort',
  /** The Rollout's spec is invalid. */
  invalidSpec: 'InvalidSpec',
} as const;

/** The release alerts of a service on the Argo Rollouts engine (distinct from Flagger's `CANARY_ALERTS`). */
export const ROLLOUT_ALERTS = {
  aborted: 'RolloutAborted',
  stuck: 'RolloutStuckProgressing',
} as const;

/**
 * Release alerts of a service whose engine is Argo Rollouts, from `rollout_info`:
 * - `RolloutAborted`: the release was aborted and the stable version serves all traffic again (the equivalent of
 *   `CanaryFailed`; stays until the next release starts);
 * - `RolloutStuckProgressing`: a release has been in flight (phase Progressing or Paused, which alternate at every
 *   timed pause step) for longer than `stuckAfterSeconds`; a manual gate left waiting that long fires it too.
 *
 * No failed-analysis alert: AnalysisRuns outlive their release (the Rollout's analysis run history), so an alert
 * on `analysis_run_info{phase="Failed"}` would keep firing after a successful re-release; a failed analysis
 * aborts the release and fires `RolloutAborted`. No no-traffic alert: the controller exports no traffic weight.
 */
export function rolloutAlertRules(s: ResolvedServiceObservability): AlertingRule[] {
  const phases = (...values: string[]) =>
    `max by (name, namespace) (${ARGO_ROLLOUTS_METRICS.info}{name=${quote(s.name)},namespace=${quote(s.namespace)},phase=~${quote(values.join('|'))}})`;
  const labels = (severity: string) => ({ ...s.alertLabels, service: s.name, severity });
  const stuckFor = promDuration(s.canaryAlerts.stuckAfterSeconds);
  return [
    {
      alert: ROLLOUT_ALERTS.aborted,
      expr: phases(ROLLOUT_PHASES.abort),
      labels: labels(s.canaryAlerts.failedSeverity),
      annotations: alertAnnotations(
        `Release of ${s.name} was aborted and rolled back`,
        `Argo Rollouts aborted ${s.namespace}/${s.name} (a failed analysis, the progress deadline or a manual abort): ` +
          `the stable version serves all traffic. See \`kubectl argo rollouts get rollout ${s.name} -n ${s.namespace}\`.`,
        s.runbookUrl,
      ),
    },
    {
      alert: ROLLOUT_ALERTS.stuck,
      expr: phases(ROLLOUT_PHASES.progressing, ROLLOUT_PHASES.paused),
      for: stuckFor,
      labels: labels('warning'),
      annotations: alertAnnotations(
        `Rollout of ${s.name} has been progressing for over ${stuckFor}`,
        `${s.namespace}/${s.name} is still Progressing or Paused; a manual gate (\`kubectl argo rollouts promote\`) ` +
          `or an analysis may be holding it.`,
        s.runbookUrl,
      ),
    },
  ];
}
