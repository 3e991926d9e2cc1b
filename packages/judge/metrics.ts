/**
 * The judge's own metrics in the Prometheus text exposition format (version 0.0.4), kept in memory:
 * - `canary_judge_verdicts_total{namespace, service, gate, verdict}`: verdicts given;
 * - `canary_judge_invalid_requests_total{route}`: requests rejected as invalid;
 * - `canary_judge_prometheus_unavailable_total{namespace, service}`: judgements held because Prometheus failed.
 * Series are sorted, so the output is deterministic. The number of distinct services is capped (requests come from
 * inside the cluster, but a typo loop should not grow memory without bound): beyond the cap they count under
 * `service="_other"`.
 */

/** Label values of a verdict counter. */
export interface VerdictLabels {
  readonly namespace: string;
  readonly service: string;
  readonly gate: string;
  readonly verdict: string;
}

/** Escapes a label value for the text format (backslash, double quote, line feed). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function series(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabelValue(labels[k])}"`)
    .join(',');
}

/** Counters of the judge server. */
export class JudgeMetrics {
  private readonly verdicts = new Map<string, number>();
  private readonly invalid = new Map<string, number>();
  private readonly unavailable = new Map<string, number>();
  private readonly services = new Set<string>();

  constructor(private readonly maxServices = 5000) {}

  private service(namespace: string, service: string): string {
    const key = `${namespace}/${service}`;
    if (this.services.has(key)) return service;
    if (this.services.size >= this.maxServices) return '_other';
    this.services.add(key);
    return service;
  }

  /** Counts one verdict. */
  countVerdict(labels: VerdictLabels): void {
    const key = series({ ...labels, service: this.service(labels.namespace, labels.service) });
    this.verdicts.set(key, (this.verdicts.get(key) ?? 0) + 1);
  }

  /** Counts one invalid request on `route`. */
  countInvalid(route: string): void {
    const key = series({ route });
    this.invalid.set(key, (this.invalid.get(key) ?? 0) + 1);
  }

  /** Counts one judgement held because Prometheus failed. */
  countUnavailable(namespace: string, service: string): void {
    const key = series({ namespace, service: this.service(namespace, service) });
    this.unavailable.set(key, (this.unavailable.get(key) ?? 0) + 1);
  }

  /** The text exposition. */
  render(): string {
    const family = (name: string, help: string, values: Map<string, number>): string[] => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} counter`,
      ...[...values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([labels, v]) => `${name}{${labels}} ${v}`),
    ];
    return [
      ...family('canary_judge_verdicts_total', 'Verdicts given, by service, gate and verdict.', this.verdicts),
      ...family('canary_judge_invalid_requests_total', 'Requests rejected as invalid, by route.', this.invalid),
      ...family('canary_judge_prometheus_unavailable_total', 'Judgements held because Prometheus did not answer, by service.', this.unavailable),
      '',
    ].join('\n');
  }
}
