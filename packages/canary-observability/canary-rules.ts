import { promDuration, quote, workloadRequestMatchers } from './promql';
import { rolloutAlertRules } from './rollout-rules';
import { alertAnnotations, type AlertingRule, type RuleGroup } from './rule-types';
import type { ResolvedServiceObservability } from './spec';

/**
 * Flagger's own metrics (Flagger 1.44, `pkg/metrics/recorder.go`, subsystem `flagger`). Flagger labels them with
 * the canary's target name and namespace; Prometheus must scrape Flagger with `honorLabels: true`, otherwise
 * the scrape target's `namespace` label renames Flagger's to `exported_namespace` and these selectors match
 * nothing.
 */
export const FLAGGER_METRICS = {
  /** Gauge `{name, namespace}`: 0 while Progressing, 2 after a failed analysis (rolled back), 1 otherwise. */
  status: 'flagger_canary_status',
  /** Gauge `{workload, namespace}`: traffic weight of `<target>` (canary) and `<target>-primary`. */
  weight: 'flagger_canary_weight',
  /** Gauge `{namespace}`: number of Canary objects. */
  total: 'flagger_canary_total',
  /** Counter `{name, namespace, deployment_strategy, analysis_status}`: promotions. */
  successes: 'flagger_canary_successes_total',
  /** Counter `{name, namespace, deployment_strategy, analysis_status}`: rollbacks. */
  failures: 'flagger_canary_failures_total',
  /** Gauge `{version, mesh_provider}`: 1 while Flagger runs. */
  info: 'flagger_info',
} as const;

/** Values of {@link FLAGGER_METRICS.status}. */
export const FLAGGER_STATUS = { progressing: 0, succeeded: 1, failed: 2 } as const;

/** The release alerts of one service. */
export const CANARY_ALERTS = {
  failed: 'CanaryFailed',
  stuck: 'CanaryStuckProgressing',
  noTraffic: 'CanaryAnalysisNoTraffic',
} as const;

/**
 * Alerts about the release itself:
 * - `CanaryFailed`: the last analysis failed and Flagger rolled back (stays until the next release starts);
 * - `CanaryStuckProgressing`: the canary has been Progressing for longer than `stuckAfterSeconds`;
 * - `CanaryAnalysisNoTraffic`: the canary holds traffic weight but Istio reports no request to it, so the
 *   analysis has nothing to judge (a label mismatch, a missing sidecar or no load generator).
 */
export function canaryAlertRules(s: ResolvedServiceObservability): AlertingRule[] {
  const status = `max by (name, namespace) (${FLAGGER_METRICS.status}{name=${quote(s.name)},namespace=${quote(s.namespace)}})`;
  const labels = (severity: string) => ({ ...s.alertLabels, service: s.name, severity });
  const noTrafficWindow = promDuration(s.canaryAlerts.noTrafficForSeconds);
  return [
    {
      alert: CANARY_ALERTS.failed,
      expr: `${status} == ${FLAGGER_STATUS.failed}`,
      labels: labels(s.canaryAlerts.failedSeverity),
      annotations: alertAnnotations(
        `Release of ${s.name} failed its canary analysis and was rolled back`,
        `Flagger rolled back ${s.namespace}/${s.name}: the primary still serves the previous version. ` +
          `See \`kubectl -n ${s.namespace} describe canary ${s.name}\` for the failed checks.`,
        s.runbookUrl,
      ),
    },
    {
      alert: CANARY_ALERTS.stuck,
      expr: `${status} == ${FLAGGER_STATUS.progressing}`,
      for: promDuration(s.canaryAlerts.stuckAfterSeconds),
      labels: labels('warning'),
      annotations: alertAnnotations(
        `Canary of ${s.name} has been progressing for over ${promDuration(s.canaryAlerts.stuckAfterSeconds)}`,
        `${s.namespace}/${s.name} is still in the Progressing phase; a webhook or gate may be blocking it.`,
        s.runbookUrl,
      ),
    },
    {
      alert: CANARY_ALERTS.noTraffic,
      expr:
        `max by (namespace, workload) (${FLAGGER_METRICS.weight}{namespace=${quote(s.namespace)},workload=${quote(s.name)}}) > 0\n` +
        `unless on ()\n` +
        `sum(rate(istio_requests_total{${workloadRequestMatchers(s.namespace, s.name)}}[${noTrafficWindow}])) > 0`,
      for: '1m',
      labels: labels('warning'),
      annotations: alertAnnotations(
        `Canary of ${s.name} receives traffic weight but no measured requests`,
        `Flagger routes {{ $value }}% of traffic to ${s.namespace}/${s.name}, but istio_requests_total shows no ` +
          `request to it over ${noTrafficWindow}: the analysis is judging nothing.`,
        s.runbookUrl,
      ),
    },
  ];
}

/**
 * The release rule group of a service, from its engine's metrics: {@link canaryAlertRules} for Flagger,
 * `rolloutAlertRules` (rollout-rules.ts) for Argo Rollouts.
 */
export function canaryRuleGroups(s: ResolvedServiceObservability): RuleGroup[] {
  const rules = s.engine === 'argoRollouts' ? rolloutAlertRules(s) : canaryAlertRules(s);
  return [{ name: `${s.namespace}-${s.name}-canary`, rules }];
}
