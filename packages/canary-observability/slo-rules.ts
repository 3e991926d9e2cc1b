import { leMatcher, promDuration, quote, serviceRequestMatchers } from './promql';
import { alertAnnotations, type AlertingRule, type RecordingRule, type RuleGroup } from './rule-types';
import { formatNumber, type BurnRateWindow, type ResolvedServiceObservability } from './spec';

/** Name of the recorded 5xx ratio of a service over `window` (a Prometheus duration such as `5m`). */
export function errorRatioRecord(window: string): string {
  return `service:istio_requests_errors:ratio_rate${window}`;
}

/** Name of the recorded ratio of requests slower than the SLO threshold over `window`. */
export function slowRatioRecord(window: string): string {
  return `service:istio_requests_slow:ratio_rate${window}`;
}

/** The two SLOs and the alert names they produce. */
export const SLO_ALERTS = {
  availability: 'ServiceErrorBudgetBurn',
  latency: 'ServiceLatencyBudgetBurn',
} as const;

/** Every distinct window the burn-rate conditions use, shortest first. */
export function sloWindows(windows: readonly BurnRateWindow[]): number[] {
  const all = new Set<number>();
  for (const w of windows) {
    all.add(w.shortWindowSeconds);
    all.add(w.longWindowSeconds);
  }
  return [...all].sort((a, b) => a - b);
}

/**
 * Recording rules: for each window, the share of the service's requests (primary and canary, as received by
 * their sidecars) that answered 5xx, and the share slower than the latency threshold. Alerts compare these
 * with `burnRate × (1 − objective)`; recording them once keeps the alert expressions cheap and readable.
 */
export function sloRecordingRules(s: ResolvedServiceObservability): RecordingRule[] {
  const m = serviceRequestMatchers(s.namespace, s.name);
  const labels = { namespace: s.namespace, service: s.name };
  const rules: RecordingRule[] = [];
  for (const seconds of sloWindows(s.slo.burnRateWindows)) {
    const w = promDuration(seconds);
    rules.push({
      record: errorRatioRecord(w),
      // Istio creates a response_code series only once such a response happened: without `or vector(0)` a
      // service that never answered 5xx would have no error ratio at all instead of 0.
      expr:
        `(sum(rate(istio_requests_total{${m},response_code=~"5.."}[${w}])) or on () vector(0))\n` +
        `/\nsum(rate(istio_requests_total{${m}}[${w}]))`,
      labels,
    });
    rules.push({
      record: slowRatioRecord(w),
      expr:
        `1 - (\n  sum(rate(istio_request_duration_milliseconds_bucket{${m},${leMatcher(s.slo.latencyThresholdMs)}}[${w}]))\n` +
        `  /\n  sum(rate(istio_request_duration_milliseconds_count{${m}}[${w}]))\n)`,
      labels,
    });
  }
  return rules;
}

/** One alert per SLO and burn-rate condition. */
export function sloAlertRules(s: ResolvedServiceObservability): AlertingRule[] {
  const selector = `{namespace=${quote(s.namespace)},service=${quote(s.name)}}`;
  const rules: AlertingRule[] = [];
  const slos = [
    {
      slo: 'availability',
      alert: SLO_ALERTS.availability,
      objective: s.slo.availabilityObjectivePercent,
      record: errorRatioRecord,
      what: 'answered 5xx',
    },
    {
      slo: 'latency',
      alert: SLO_ALERTS.latency,
      objective: s.slo.latencyObjectivePercent,
      record: slowRatioRecord,
      what: `took longer than ${s.slo.latencyThresholdMs}ms`,
    },
  ] as const;
  for (const slo of slos) {
    for (const w of s.slo.burnRateWindows) {
      const long = promDuration(w.longWindowSeconds);
      const short = promDuration(w.shortWindowSeconds);
      const budget = 1 - slo.objective / 100;
      const threshold = formatNumber(w.burnRate * budget);
      rules.push({
        alert: slo.alert,
        expr:
          `${slo.record(long)}${selector} > ${threshold}\n` + `and\n` + `${slo.record(short)}${selector} > ${threshold}`,
        labels: { ...s.alertLabels, severity: w.severity, slo: slo.slo, window: `${long}/${short}` },
        annotations: alertAnnotations(
          `${s.name} is burning its ${slo.slo} error budget ${formatNumber(w.burnRate)}x too fast`,
          `{{ $value | humanizePercentage }} of requests to ${s.namespace}/${s.name} ${slo.what} over the last ` +
            `${long} (and over ${short}); the ${formatNumber(slo.objective)}% objective allows ` +
            `${formatNumber(budget * 100)}%, this alert fires above ${formatNumber(w.burnRate * budget * 100)}%.`,
          s.runbookUrl,
        ),
      });
    }
  }
  return rules;
}

/** The SLO rule groups of a service: recordings first, then the alerts that read them. */
export function sloRuleGroups(s: ResolvedServiceObservability): RuleGroup[] {
  return [
    { name: `${s.namespace}-${s.name}-slo-recording`, rules: sloRecordingRules(s) },
    { name: `${s.namespace}-${s.name}-slo-alerts`, rules: sloAlertRules(s) },
  ];
}
