/**
 * The Flagger engine: the workload objects wired the way Flagger expects, plus the Flagger `Canary`,
 * `MetricTemplate`s and `AlertProvider`s (flagger.app/v1beta1, every field checked against packages/validation/flagger).
 *
 * What we do NOT render, and why (Flagger 1.44 source):
 * - Services `<name>-primary` and `<name>-canary`: Flagger's Kubernetes router creates them on initialisation.
 * - The VirtualService and DestinationRules: Flagger's Istio router creates and shifts them from `spec.service`;
 *   a competing VirtualService would be overwritten at every step.
 * - The primary Deployment and HPA: Flagger creates `<name>-primary` copies of ours.
 *
 * The apex Service `<name>` IS rendered, exactly as Flagger reconciles it (pkg/router/kubernetes_default.go):
 * Flagger creates it when missing and, when it exists, overwrites its selector and ports with
 * `{app: <name>-primary}` and one TCP port named `portName` (default `http`) from `service.port` to
 * `service.targetPort`. It leaves metadata alone on Services it does not own. Rendering the same selector and
 * port means Flagger never has to update it and a re-apply by Pulumi never points it back at the canary pods
 * (which are scaled to zero between releases). `portDiscovery` stays false so no extra ports are added.
 */
import type { KubeObject } from '../shared';
import { canaryServiceNames, type CanaryServiceNames } from './names';
import { analysisChecks, type AnalysisCheck } from './queries';
import type { ResolvedCanaryService, ResolvedMatchRule } from './resolved';
import {
  objectMetadata,
  renderDeployment,
  renderHorizontalPodAutoscaler,
  renderPodDisruptionBudget,
  renderService,
  renderServiceAccount,
  sortedRecord,
} from './render-workload';

const FLAGGER_API = 'flagger.app/v1beta1';

/** Every object of a CanaryService on the Flagger engine, in apply order (the Canary last). */
export function renderFlaggerObjects(spec: ResolvedCanaryService): KubeObject[] {
  const names = canaryServiceNames(spec.name);
  const checks = analysisChecks(spec);
  const objects: (KubeObject | undefined)[] = [
    renderServiceAccount(spec),
    renderDeployment(spec),
    renderService(spec, names.apexService, names.primaryPodLabel),
    renderHorizontalPodAutoscaler(spec, { apiVersion: 'apps/v1', kind: 'Deployment', name: names.deployment }),
    // Production traffic is served by the primary pods (the canary Deployment is scaled to zero between
    // releases), so the budget protects `app=<name>-primary`.
    renderPodDisruptionBudget(spec, names.primaryPodLabel),
    ...renderMetricTemplates(spec, checks),
    ...renderAlertProviders(spec, names),
    renderCanary(spec, names, checks),
  ];
  return objects.filter((o): o is KubeObject => o !== undefined);
}

/** One Prometheus MetricTemplate per custom check (error rate, p95, relative latency, business metrics). */
export function renderMetricTemplates(spec: ResolvedCanaryService, checks: readonly AnalysisCheck[] = analysisChecks(spec)): KubeObject[] {
  return checks
    .filter((q) => q.source === 'metricTemplate')
    .map((q) => ({
      apiVersion: FLAGGER_API,
      kind: 'MetricTemplate',
      metadata: objectMetadata(spec, q.metricTemplate),
      spec: { provider: { address: spec.platform.prometheusUrl, type: 'prometheus' }, query: q.template },
    }));
}

/** One AlertProvider per alert; the webhook address comes from the Secret's `address` key (not rendered here). */
export function renderAlertProviders(spec: ResolvedCanaryService, names: CanaryServiceNames = canaryServiceNames(spec.name)): KubeObject[] {
  return spec.alerts.map((alert) => ({
    apiVersion: FLAGGER_API,
    kind: 'AlertProvider',
    metadata: objectMetadata(spec, names.alertProvider(alert.name)),
    spec: {
      ...(alert.channel !== undefined ? { channel: alert.channel } : {}),
      secretRef: { name: alert.secretName },
      type: alert.type,
      ...(alert.username !== undefined ? { username: alert.username } : {}),
    },
  }));
}

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
  if (w.confirmPromotion) hooks.push({ name: 'confirm-promotion', type: 'confirm-promotion', url: loadTesterEndpoint(spec, 'gate/check') });
  // Closed by default; on-call posts `/rollback/open` and Flagger rolls back at the next step.
  if (w.rollbackGate) hooks.push({ name: 'rollback-gate', type: 'rollback', url: loadTesterEndpoint(spec, 'rollback/check') });
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
    apiVersion: FLAGGER_API,
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
