/**
 * Typed builders for promtool unit-test files (`promtool test rules`).
 * @see https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/
 */
import type { InputSeries } from './istio-series';

/** An expected alert: its full label set (rule labels and the series' labels) and, optionally, annotations. */
export interface ExpectedAlert {
  /** Every label of the alert except `alertname`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Expanded annotations; leave out only when the rule under test has none (see {@link withoutAnnotations}). */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** One `alert_rule_test`: which alerts of `alertname` fire at `evalTime` (empty = none). */
export interface AlertTest {
  /** Evaluation time, for example `60m`. */
  readonly evalTime: string;
  /** Alert name. */
  readonly alertname: string;
  /** Alerts expected to be firing. */
  readonly expected: readonly ExpectedAlert[];
}

/** One `promql_expr_test`: the samples `expr` returns at `evalTime` (labels in PromQL notation). */
export interface ExprTest {
  /** The expression. */
  readonly expr: string;
  /** Evaluation time. */
  readonly evalTime: string;
  /** Expected samples; an empty list asserts that the expression returns nothing. */
  readonly samples: readonly { readonly labels: string; readonly value: number }[];
}

/** A promtool unit-test file with one test group. */
export function unitTestFile(options: {
  readonly ruleFiles: readonly string[];
  readonly scrapeIntervalSeconds: number;
  readonly series: readonly InputSeries[];
  readonly alertTests?: readonly AlertTest[];
  readonly exprTests?: readonly ExprTest[];
  readonly evaluationIntervalSeconds?: number;
}): Record<string, unknown> {
  return {
    rule_files: [...options.ruleFiles],
    evaluation_interval: `${options.evaluationIntervalSeconds ?? 60}s`,
    tests: [
      {
        interval: `${options.scrapeIntervalSeconds}s`,
        input_series: options.series.map((s) => ({ series: s.series, values: s.values })),
        alert_rule_test: (options.alertTests ?? []).map((t) => ({
          eval_time: t.evalTime,
          alertname: t.alertname,
          exp_alerts: t.expected.map((a) => ({
            exp_labels: { ...a.labels },
            ...(a.annotations ? { exp_annotations: { ...a.annotations } } : {}),
          })),
        })),
        promql_expr_test: (options.exprTests ?? []).map((t) => ({
          expr: t.expr,
          eval_time: t.evalTime,
          exp_samples: t.samples.map((s) => ({ labels: s.labels, value: s.value })),
        })),
      },
    ],
  };
}

/**
 * The rule file without alert annotations. Annotations never decide whether an alert fires, but promtool
 * compares them exactly, and `{{ $value | humanizePercentage }}` depends on float formatting; tests that are
 * about firing use this, and `promtool check rules` on the unmodified file proves the templates parse.
 */
export function withoutAnnotations<T extends { groups: readonly { rules: readonly object[] }[] }>(file: T): T {
  return {
    ...file,
    groups: file.groups.map((g) => ({
      ...g,
      rules: g.rules.map((r) => {
        const { annotations: _annotations, ...rest } = r as { annotations?: unknown };
        return rest;
      }),
    })),
  };
}
