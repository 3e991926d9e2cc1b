/**
 * The Flagger `Canary` (flagger.app/v1beta1) for Istio: the strategy's analysis fields, the metric list, the
 * webhooks in the order a release meets them, the alerts, and the `service` block from which Flagger writes the
 * VirtualService and DestinationRules (Flagger 1.44, pkg/apis/flagger/v1beta1/canary.go).
 */
import { PLATFORM_CONTRACT } from '../../../shared/platform-contract';
import type { KubeObject } from '../../../shared';
import { API_VERSIONS } from '../../../shared/versions';
import {
  analysisChecks,
  canaryServiceNames,
  type AnalysisCheck,
  type CanaryServiceNames,
  type ResolvedCanaryService,
  type ResolvedMatchRule,
} from '../../spec';
import { objectMetadata, sortedRecord } from '../../workload';

/** Escapes RE2 metacharacters. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An Istio HTTPMatchRequest. Cookies are matched on the `cookie` header; unlike the regex in Flagger's docs
 * (`^(.*?;)?(canary=always)(;.*)?$`) ours allows the space browsers put after `;`.
 */
function matchRequest(rule: ResolvedMatchRule): Record<string, unknown> {
  if (rule.kind === 'header') return { headers: { [rule.name]: { [rule.match]: rule.value } } };
  return { headers: { cookie: { regex: `^(.*?;\\s*)?(${escapeRegex(rule.name)}=${escapeRegex(rule.value)})(;.*)?$` } } };
}

/** The `analysis` fields that select Flagger's strategy (see Canary.DeploymentStrategy in canary.go). */
function strategyFields(spec: ResolvedCanaryService): Record<string, unknown> {
  const s = spec.strategy;
  const schedule = (w: { stepWeight?: number; maxWeight?: number; stepWeights?: readonly number[] }): Record<string, unknown> =>
    w.stepWeights !== undefined ? { stepWeights: [...w.stepWeights] } : { stepWeight: w.stepWeight, maxWeight: w.maxWeight };
  switch (s.kind) {
    case 'canary':
      return schedule(s);
    case 'mirror':
      // One mirrored step (weight 0, live traffic copied), then the schedule (scheduler.go runCanary).
      return { mirror: true, mirrorWeight: s.mirrorWeight, ...schedule(s) };
    case 'abTesting':
      // match + iterations = A/B testing; weights are ignored.
      return { iterations: s.iterations, match: s.match.map(matchRequest) };
    case 'blueGreen':
      // iterations without match = blue/green: traffic switches to the canary after the last iteration.
      return { iterations: s.iterations, ...(s.mirrorWeight !== undefined ? { mirror: true, mirrorWeight: s.mirrorWeight } : {}) };
  }
}

/** URL of a flagger-loadtester endpoint. */
function loadTesterEndpoint(spec: ResolvedCanaryService, path: string): string {
  return `${spec.platform.loadTesterUrl.replace(/\/+$/, '')}/${path}`;
}

/** Flagger's wait for a judge answer: the judge's Prometheus queries stay well under it (4 s each by default). */
const JUDGE_HOOK_TIMEOUT = '10s';

/** Flagger webhooks, in the order a release meets them. */
function webhooks(spec: ResolvedCanaryService, names: CanaryServiceNames): Record<string, unknown>[] {
  const w = spec.webhooks;
  const hooks: Record<string, unknown>[] = [];
  // Gates use the loadtester's in-memory gate: closed until `/gate/open` is posted for this canary.
  if (w.confirmRollout) hooks.push({ name: 'confirm-rollout', type: 'confirm-rollout', url: loadTesterEndpoint(spec, 'gate/check') });
  if (w.acceptanceTest !== false) {
    hooks.push({ metadata: { cmd: w.acceptanceTest.command, type: 'bash' }, name: 'acceptance-test', timeout: w.acceptanceTest.timeout.toString(), type: 'pre-rollout', url: loadTesterEndpoint(spec, '') });
  }
  if (w.loadTest !== false) {
    const t = w.loadTest;
    const target = `http://${names.canaryService}.${spec.namespace}:${spec.servicePort}${t.path}`;
    const cmd = `hey -z ${t.duration} -q ${t.ratePerWorker} -c ${t.workers} ${target}`;
    hooks.push({ metadata: { cmd, type: 'cmd' }, name: 'load-test', timeout: t.timeout.toString(), type: 'rollout', url: loadTesterEndpoint(spec, '') });
  }
  // The canary judge: a 200 lets the weight rise / the promotion happen; a 200 on `rollback` rolls back now. A hold
  // answers 403 to both confirms and to rollback, so the weight stays where it is without a failed check.
  const judge = spec.analysis.judge;
  const judgeHook = (name: string, type: string, route: string) => ({
    metadata: { settings: JSON.stringify(judge) },
    name,
    timeout: JUDGE_HOOK_TIMEOUT,
    type,
    url: `${PLATFORM_CONTRACT.judgeUrl}/flagger/${route}`,
  });
  if (judge !== false) hooks.push(judgeHook('judge-traffic-increase', 'confirm-traffic-increase', 'confirm-traffic-increase'));
  if (w.confirmPromotion) hooks.push({ name: 'confirm-promotion', type: 'confirm-promotion', url: loadTesterEndpoint(spec, 'gate/check') });
  if (judge !== false) hooks.push(judgeHook('judge-promotion', 'confirm-promotion', 'confirm-promotion'));
  // Closed by default; on-call posts `/rollback/open` and Flagger rolls back at the next step.
  if (w.rollbackGate) hooks.push({ name: 'rollback-gate', type: 'rollback', url: loadTesterEndpoint(spec, 'rollback/check') });
  if (judge !== false) hooks.push(judgeHook('judge-rollback', 'rollback', 'rollback'));
  if (w.postRollout !== undefined) hooks.push({ name: 'post-rollout', timeout: w.postRollout.timeout.toString(), type: 'post-rollout', url: w.postRollout.url });
  return hooks;
}

/** The Canary's metric list: builtin checks by name, custom checks by MetricTemplate reference. */
function metrics(spec: ResolvedCanaryService, checks: readonly AnalysisCheck[]): Record<string, unknown>[] {
  return checks.map((q) => ({
    interval: q.interval.toString(),
    name: q.check,
    ...(q.metricTemplate !== undefined ? { templateRef: { name: q.metricTemplate, namespace: spec.namespace } } : {}),
    thresholdRange: { ...q.thresholdRange },
  }));
}

/** The Flagger Canary for Istio. */
export function renderCanary(
  spec: ResolvedCanaryService,
  names: CanaryServiceNames = canaryServiceNames(spec.name),
  checks: readonly AnalysisCheck[] = analysisChecks(spec),
): KubeObject {
  const hosts = [...new Set([...(spec.ingress?.hosts ?? []), names.apexService])];
  // Flagger adds the `mesh` gateway only when no gateway is listed; keep in-mesh callers on the VirtualService.
  const gateways = spec.ingress !== undefined ? [spec.ingress.gateway, 'mesh'] : ['mesh'];
  const retries = spec.traffic.retries;
  return {
    apiVersion: API_VERSIONS.flagger,
    kind: 'Canary',
    metadata: objectMetadata(spec, names.resource),
    spec: {
      // Keys in sorted order: the strategy's fields (iterations, match, maxWeight, mirror...) sit between them.
      analysis: sortedRecord({
        ...(spec.alerts.length > 0
          ? { alerts: spec.alerts.map((a) => ({ name: a.name, providerRef: { name: names.alertProvider(a.name), namespace: spec.namespace }, severity: a.severity })) }
          : {}),
        interval: spec.analysis.interval.toString(),
        metrics: metrics(spec, checks),
        ...strategyFields(spec),
        threshold: spec.analysis.threshold,
        webhooks: webhooks(spec, names),
      }),
      ...(spec.scaling.kind === 'autoscaled' ? { autoscalerRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: names.resource } } : {}),
      metricsServer: spec.platform.prometheusUrl,
      progressDeadlineSeconds: spec.analysis.progressDeadline.toSeconds(),
      provider: 'istio',
      service: {
        gateways,
        hosts,
        port: spec.servicePort,
        portDiscovery: false,
        portName: 'http',
        ...(retries !== false ? { retries: { attempts: retries.attempts, perTryTimeout: retries.perTryTimeout.toString(), retryOn: retries.retryOn } } : {}),
        targetPort: spec.port,
        timeout: spec.traffic.timeout.toString(),
        trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      },
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: names.deployment },
    },
  };
}
