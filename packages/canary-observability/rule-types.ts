import { sortKeys, type KubeObject } from '../shared';
import { API_VERSIONS } from '../shared/versions';

/** A Prometheus recording rule. @see https://prometheus.io/docs/prometheus/latest/configuration/recording_rules/ */
export interface RecordingRule {
  /** Name of the recorded series, `level:metric:operations`. */
  readonly record: string;
  /** PromQL expression. */
  readonly expr: string;
  /** Labels added to the recorded series. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Prometheus alerting rule. @see https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/ */
export interface AlertingRule {
  /** Alert name (CamelCase). */
  readonly alert: string;
  /** PromQL expression; every series it returns is an alert. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires, as a Prometheus duration. @default - fires at once */
  readonly for?: string;
  /** Labels of the alert (`severity` at least). */
  readonly labels: Readonly<Record<string, string>>;
  /** `summary`, `description` and optionally `runbook_url`. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A rule group: rules evaluated together, in order. */
export interface RuleGroup {
  /** Group name, unique within the Prometheus (we prefix it with namespace and service). */
  readonly name: string;
  /** The rules. */
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** True for an alerting rule. */
export function isAlertingRule(rule: RecordingRule | AlertingRule): rule is AlertingRule {
  return 'alert' in rule;
}

/** Wraps rule groups in a Prometheus Operator `PrometheusRule` object, keys sorted. */
export function prometheusRule(
  name: string,
  namespace: string,
  labels: Readonly<Record<string, string>>,
  groups: readonly RuleGroup[],
): KubeObject {
  return sortKeys({
    apiVersion: API_VERSIONS.monitoring,
    kind: 'PrometheusRule',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'canary-platform', ...labels } },
    spec: { groups },
  });
}

/**
 * The `spec.groups` of a PrometheusRule as a Prometheus rules file (`groups:` at the top), which is what the
 * operator hands to Prometheus and what `promtool check rules` reads.
 */
export function ruleFileOf(obj: KubeObject): { groups: RuleGroup[] } {
  if (obj.kind !== 'PrometheusRule') throw new Error(`ruleFileOf: ${obj.kind}/${obj.metadata.name} is not a PrometheusRule`);
  const spec = obj.spec as { groups?: RuleGroup[] } | undefined;
  return { groups: spec?.groups ?? [] };
}

/** Annotations every alert carries, with the runbook link when one is configured. */
export function alertAnnotations(
  summary: string,
  description: string,
  runbookUrl: string | undefined,
): Record<string, string> {
  return runbookUrl ? { summary, description, runbook_url: runbookUrl } : { summary, description };
}
