import { FLAGGER_METRICS, FLAGGER_STATUS } from './canary-rules';
import type { ResolvedPlatformObservability } from './platform-spec';
import { promDuration, quote, regexEscape } from './promql';
import { alertAnnotations, type AlertingRule, type RuleGroup } from './rule-types';

/** The platform alerts. */
export const PLATFORM_ALERTS = {
  flaggerDown: 'FlaggerDown',
  istiodDown: 'IstiodDown',
  prometheusDown: 'PrometheusDown',
  targetDown: 'PlatformTargetDown',
  canaryFailed: 'FlaggerCanaryFailed',
} as const;

/**
 * Platform alerts. Presence of a component is judged from a metric only that component exports, so the rules do
 * not depend on how scrape jobs are named:
 * - `FlaggerDown`: no `flagger_info` series (Flagger not running or not scraped): nothing analyses, promotes or
 *   rolls back releases;
 * - `IstiodDown`: no `istio_build{component="pilot"}` series: the mesh cannot receive new configuration, so
 *   traffic shifting stops;
 * - `PrometheusDown`: a Prometheus replica's self-scrape is down (seen by the other replica) or Prometheus does
 *   not scrape itself at all; a complete outage is caught by kube-prometheus-stack's `Watchdog` dead man's
 *   switch, since a stopped Prometheus evaluates no rule;
 * - `PlatformTargetDown`: a scrape target in a platform namespace is down;
 * - `FlaggerCanaryFailed`: any Canary on the cluster was rolled back (also those not declared as a CanaryService).
 */
export function platformAlertRules(p: ResolvedPlatformObservability): AlertingRule[] {
  const downFor = promDuration(p.downForSeconds);
  const labels = (severity: string) => ({ ...p.alertLabels, severity });
  const namespaces = [p.flaggerNamespace, p.istioNamespace, p.ingressNamespace, p.namespace]
    .filter((ns, i, all) => all.indexOf(ns) === i)
    .map(regexEscape)
    .join('|');
  const promUp = `up{job=${quote(p.prometheusJob)}}`;
  return [
    {
      alert: PLATFORM_ALERTS.flaggerDown,
      expr: `absent(${FLAGGER_METRICS.info})`,
      for: downFor,
      labels: labels('critical'),
      annotations: alertAnnotations(
        'Flagger is down',
        `No Flagger has reported ${FLAGGER_METRICS.info} for ${downFor}: canary releases are neither analysed, ` +
          `promoted nor rolled back. Check the Flagger pods in ${p.flaggerNamespace} and that Prometheus scrapes them.`,
        p.runbookUrl,
      ),
    },
    {
      alert: PLATFORM_ALERTS.istiodDown,
      expr: `absent(istio_build{component="pilot"})`,
      for: downFor,
      labels: labels('critical'),
      annotations: alertAnnotations(
        'istiod is down',
        `No istiod has reported istio_build for ${downFor}: proxies receive no new configuration, so canary ` +
          `traffic weights cannot change. Check the istiod pods in ${p.istioNamespace}.`,
        p.runbookUrl,
      ),
    },
    {
      alert: PLATFORM_ALERTS.prometheusDown,
      expr: `${promUp} == 0\nor\nabsent(${promUp})`,
      for: downFor,
      labels: labels('critical'),
      annotations: alertAnnotations(
        'Prometheus is down or not scraping itself',
        `A Prometheus replica (job ${p.prometheusJob}) has been down for ${downFor}, or Prometheus does not ` +
          `scrape itself. Canary analysis queries Prometheus: while it is down every analysis fails.`,
        p.runbookUrl,
      ),
    },
    {
      alert: PLATFORM_ALERTS.targetDown,
      expr: `up{namespace=~${quote(namespaces)}} == 0`,
      for: downFor,
      labels: labels('warning'),
      annotations: alertAnnotations(
        'Platform scrape target {{ $labels.namespace }}/{{ $labels.job }} is down',
        `Prometheus has failed to scrape {{ $labels.instance }} (job {{ $labels.job }}) for ${downFor}; ` +
          `the metrics it provides are missing.`,
        p.runbookUrl,
      ),
    },
    {
      alert: PLATFORM_ALERTS.canaryFailed,
      expr: `max by (name, namespace) (${FLAGGER_METRICS.status}) == ${FLAGGER_STATUS.failed}`,
      labels: labels('warning'),
      annotations: alertAnnotations(
        'Canary {{ $labels.namespace }}/{{ $labels.name }} failed and was rolled back',
        'Flagger rolled back {{ $labels.namespace }}/{{ $labels.name }} after a failed analysis; ' +
          'the primary still serves the previous version.',
        p.runbookUrl,
      ),
    },
  ];
}

/** The platform rule group. */
export function platformRuleGroups(p: ResolvedPlatformObservability): RuleGroup[] {
  return [{ name: 'canary-platform', rules: platformAlertRules(p) }];
}
