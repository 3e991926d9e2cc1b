/**
 * Rules that relate two or more props, and the engine parity rules (parity.ts). Each rule runs only when every
 * section it reads parsed, so a problem in one section never hides the problems of the others. Every rule has a
 * test asserting its message.
 */
import type { Problem } from '../../shared';
import { unsupportedByArgoRollouts } from './parity';
import { Duration } from './duration';
import type { Sections } from './schema';
import { describe, formatPath } from './schema-helpers';
import { METRICS_PORT_NAME } from './names';
import { isZeroAmount, parseQuantity } from './values';

/** Labels CanaryService sets itself: `app` is Flagger's pod selector. */
export const RESERVED_LABELS = ['app', 'app.kubernetes.io/name', 'app.kubernetes.io/managed-by'] as const;

/** Prometheus annotation keys Istio's metrics merging reads, as Istio sanitizes them. */
const PROMETHEUS_ANNOTATIONS = ['prometheus_io_scrape', 'prometheus_io_port', 'prometheus_io_path'];

/**
 * Longest service name whose pods keep the name `<name>-<pod-template-hash>-<5 random>`: 58 - 1 - 10 - 1.
 * Kubernetes' name generator keeps at most 58 characters of the prefix (63 minus 5 random); the hash has up to 10.
 */
export const MAX_NAME_FOR_POD_PATTERNS = 46;

/** Built-in MetricTemplate suffixes that business metric names must not reuse. */
export const BUILTIN_TEMPLATE_SUFFIXES = ['error-rate', 'latency-p95', 'relative-latency'] as const;

type Check = (s: Partial<Sections>, problem: (path: PropertyKey[], value: unknown, rule: string) => void) => void;

/**
 * Whether the relative-latency check is on when `analysis.checks.relativeLatency` is not given. It compares the
 * canary's production requests with the primary's (the load tester's are left out on both sides), so it is on
 * only where the canary serves a share of the same production traffic: `canary`, `mirror` and blue/green with
 * mirroring. A/B testing sends the canary one segment of users (not like the primary's), blue/green without
 * mirroring sends the green pods no production traffic at all before the switch.
 */
export function relativeLatencyByDefault(strategy: Sections['strategy']): boolean {
  return strategy.kind === 'canary' || strategy.kind === 'mirror' || (strategy.kind === 'blueGreen' && strategy.mirrorWeight !== undefined);
}

const RULES: readonly Check[] = [
  // engine argoRollouts: features Argo Rollouts cannot express (parity table in parity.ts).
  (s, problem) => {
    if (s.engine !== 'argoRollouts') return;
    for (const u of unsupportedByArgoRollouts(s)) problem([...u.path], u.value, u.rule);
  },
  (s, problem) => {
    if (s.port === undefined) return;
    s.extraPorts?.forEach((p, i) => {
      if (p.port === s.port) problem(['extraPorts', i, 'port'], p.port, 'is the main port; extra ports must differ from it');
      const firstSame = s.extraPorts?.findIndex((q) => q.port === p.port) ?? i;
      if (firstSame < i) problem(['extraPorts', i, 'port'], p.port, `repeats extraPorts[${firstSame}]`);
      const firstName = s.extraPorts?.findIndex((q) => q.name === p.name) ?? i;
      if (firstName < i) problem(['extraPorts', i, 'name'], p.name, `repeats extraPorts[${firstName}]`);
    });
  },
  (s, problem) => {
    const m = s.metrics;
    if (m === undefined) return;
    const same = s.extraPorts?.findIndex((p) => p.port === m.port) ?? -1;
    const declared = s.extraPorts?.[same];
    if (declared?.protocol === 'UDP') {
      problem(['metrics', 'port'], m.port, `is extraPorts[${same}], a UDP port; Prometheus scrapes metrics over HTTP (TCP)`);
    }
    if (m.port !== s.port && declared === undefined) {
      const named = s.extraPorts?.findIndex((p) => p.name === METRICS_PORT_NAME) ?? -1;
      if (named >= 0) {
        problem(['extraPorts', named, 'name'], METRICS_PORT_NAME, `is the container port name given to metrics.port (${m.port}); rename this port, or give it port ${m.port}`);
      }
    }
    for (const key of Object.keys(s.podAnnotations ?? {})) {
      // Istio compares annotation keys sanitized to label names (`prometheus.io/port` = `prometheus_io_port`).
      if (PROMETHEUS_ANNOTATIONS.includes(key.replace(/[^a-zA-Z0-9_]/g, '_'))) {
        problem(['podAnnotations', key], undefined, 'is set from metrics (port and path) for Istio\'s metrics merging; remove it');
      }
    }
  },
  (s, problem) => {
    // Kubernetes cuts a generated pod name's prefix (`<deployment>-<pod-template-hash>-`, the hash up to 10
    // characters) to 58 characters before the 5 random ones, so pod names of longer Deployments lose their shape.
    const name = s.name;
    if (name === undefined || name.length <= MAX_NAME_FOR_POD_PATTERNS) return;
    (s.analysis?.checks.business ?? []).forEach((m, i) => {
      if (/pod\s*=~\s*"\{\{\s*target\s*\}\}-/.test(m.query)) {
        problem(
          ['analysis', 'checks', 'business', i, 'query'],
          undefined,
          `selects the canary's pods by name, but Kubernetes shortens the pod names of a Deployment whose name is longer than ${MAX_NAME_FOR_POD_PATTERNS} characters (${name.length} here), so "{{ target }}-<hash>-<suffix>" would not find them; use a service name of at most ${MAX_NAME_FOR_POD_PATTERNS} characters`,
        );
      }
    });
  },
  (s, problem) => {
    const r = s.resources;
    if (r === undefined) return;
    for (const kind of ['cpu', 'memory'] as const) {
      const request = parseQuantity(r.requests[kind]);
      const limit = parseQuantity(r.limits[kind]);
      if (request !== undefined && limit !== undefined && request > limit) {
        problem(['resources', 'requests', kind], r.requests[kind], `must not exceed resources.limits.${kind} (${r.limits[kind]})`);
      }
    }
  },
  (s, problem) => {
    const sd = s.shutdown;
    if (sd !== undefined && sd.terminationGracePeriod.toMilliseconds() <= sd.preStopSleep.toMilliseconds()) {
      problem(['shutdown', 'terminationGracePeriod'], sd.terminationGracePeriod, `must be longer than shutdown.preStopSleep (${sd.preStopSleep}), or the app is killed before it can finish requests`);
    }
  },
  (s, problem) => {
    const ru = s.rollingUpdate;
    if (ru !== undefined && isZeroAmount(ru.maxSurge) && isZeroAmount(ru.maxUnavailable)) {
      problem(['rollingUpdate'], undefined, 'maxSurge and maxUnavailable cannot both be 0: the rollout could never make progress');
    }
  },
  (s, problem) => {
    if (s.scaling?.kind === 'autoscaled' && s.scaling.minReplicas > s.scaling.maxReplicas) {
      problem(['scaling', 'minReplicas'], s.scaling.minReplicas, `must be at most scaling.maxReplicas (${s.scaling.maxReplicas})`);
    }
  },
  (s, problem) => {
    for (const key of Object.keys(s.labels ?? {})) {
      if ((RESERVED_LABELS as readonly string[]).includes(key)) {
        problem(['labels', key], undefined, 'is set by CanaryService (Flagger selects pods by app=<name>); remove it');
      }
    }
  },
  (s, problem) => {
    const t = s.traffic;
    if (t === undefined || t.retries === false) return;
    const needed = (t.retries.attempts + 1) * t.retries.perTryTimeout.toMilliseconds();
    if (t.timeout.toMilliseconds() < needed) {
      problem(
        ['traffic', 'timeout'],
        t.timeout,
        `must be at least (retries.attempts + 1) x retries.perTryTimeout = ${t.retries.attempts + 1} x ${t.retries.perTryTimeout} = ${msText(needed)}, or the last retries never run`,
      );
    }
  },
  (s, problem) => {
    const hosts = s.ingress?.hosts ?? [];
    hosts.forEach((h, i) => {
      const first = hosts.indexOf(h);
      if (first < i) problem(['ingress', 'hosts', i], h, `repeats ingress.hosts[${first}]`);
    });
  },
  (s, problem) => {
    const a = s.analysis;
    const startup = s.probes?.startup;
    if (a === undefined || startup === undefined) return;
    const budget = startup.initialDelay.toMilliseconds() + startup.period.toMilliseconds() * startup.failureThreshold;
    if (a.progressDeadline.toMilliseconds() <= budget) {
      problem(
        ['analysis', 'progressDeadline'],
        a.progressDeadline,
        `must be longer than the startup probe budget (initialDelay + period x failureThreshold = ${startup.initialDelay} + ${startup.period} x ${startup.failureThreshold} = ${msText(budget)}), or a slow but healthy start is rolled back`,
      );
    }
  },
  (s, problem) => {
    const a = s.analysis;
    const load = s.webhooks?.loadTest;
    if (a === undefined || load === undefined || load === false) return;
    if (load.duration.toMilliseconds() < a.interval.toMilliseconds()) {
      problem(['webhooks', 'loadTest', 'duration'], load.duration, `must be at least analysis.interval (${a.interval}), so the canary never runs out of traffic between checks`);
    }
    if (load.timeout.toMilliseconds() >= a.interval.toMilliseconds()) {
      problem(['webhooks', 'loadTest', 'timeout'], load.timeout, `must be shorter than analysis.interval (${a.interval}): rollout webhooks run inside every analysis step`);
    }
  },
  (s, problem) => {
    const business = s.analysis?.checks.business ?? [];
    business.forEach((m, i) => {
      const first = business.findIndex((o) => o.name === m.name);
      if (first < i) problem(['analysis', 'checks', 'business', i, 'name'], m.name, `repeats analysis.checks.business[${first}]`);
      if ((BUILTIN_TEMPLATE_SUFFIXES as readonly string[]).includes(m.name)) {
        problem(['analysis', 'checks', 'business', i, 'name'], m.name, `is the name of a built-in check (${BUILTIN_TEMPLATE_SUFFIXES.join(', ')}); choose another`);
      }
    });
  },
  (s, problem) => {
    const alerts = s.alerts ?? [];
    alerts.forEach((alert, i) => {
      const first = alerts.findIndex((o) => o.name === alert.name);
      if (first < i) problem(['alerts', i, 'name'], alert.name, `repeats alerts[${first}]`);
    });
  },
  (s, problem) => {
    const strategy = s.strategy;
    const relative = s.analysis?.checks.relativeLatency;
    if (strategy?.kind === 'blueGreen' && strategy.mirrorWeight === undefined && relative !== undefined && relative !== false) {
      problem(
        ['analysis', 'checks', 'relativeLatency'],
        undefined,
        "cannot be on for blueGreen without strategy.mirrorWeight: it compares production requests only (the load tester's are left out on both sides) and the green pods get none before the switch, so it would never have data; set it to false, or mirror live traffic",
      );
    }
  },
  (s, problem) => {
    const strategy = s.strategy;
    if (strategy?.kind === 'blueGreen' && strategy.mirrorWeight !== undefined && s.webhooks?.loadTest === false) {
      return; // mirrored live traffic feeds the checks
    }
    if ((strategy?.kind === 'blueGreen' || strategy?.kind === 'abTesting') && s.webhooks?.loadTest === false) {
      problem(
        ['webhooks', 'loadTest'],
        false,
        `cannot be off for ${strategy.kind}: ${strategy.kind === 'blueGreen' ? 'the green pods get no live traffic before the switch' : 'only matching requests reach the canary'}, and checks without traffic fail with "no values"`,
      );
    }
  },
];

/** Runs every cross-prop rule on the sections that parsed; one problem per broken rule. */
export function crossPropProblems(subject: string, sections: Partial<Sections>): Problem[] {
  const problems: Problem[] = [];
  for (const rule of RULES) {
    rule(sections, (path, value, message) => problems.push({ subject, path: formatPath(path), message: describe(value, message) }));
  }
  return problems;
}

function msText(ms: number): string {
  return Duration.millis(ms).toString();
}
