/**
 * Rules that relate two or more props. Each rule runs only when every section it reads parsed, so a problem in
 * one section never hides the problems of the others. Every rule has a test asserting its message.
 */
import { unsupportedByArgoRollouts } from '../argo-rollouts/parity';
import type { Problem } from '../shared';
import { Duration } from './duration';
import type { Sections } from './schema';
import { describe, formatPath } from './schema-helpers';
import { isZeroAmount, parseQuantity } from './values';

/** Labels CanaryService sets itself: `app` is Flagger's pod selector. */
export const RESERVED_LABELS = ['app', 'app.kubernetes.io/name', 'app.kubernetes.io/managed-by'] as const;

/** Built-in MetricTemplate suffixes that business metric names must not reuse. */
export const BUILTIN_TEMPLATE_SUFFIXES = ['error-rate', 'latency-p95', 'relative-latency'] as const;

type Check = (s: Partial<Sections>, problem: (path: PropertyKey[], value: unknown, rule: string) => void) => void;

const RULES: readonly Check[] = [
  // engine argoRollouts: features Argo Rollouts cannot express (parity table in components/argo-rollouts/parity.ts).
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
