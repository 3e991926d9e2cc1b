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
import type { KubeObject } from '../../../shared';
import { API_VERSIONS } from '../../../shared/versions';
import { analysisChecks, canaryServiceNames, type AnalysisCheck, type CanaryServiceNames, type ResolvedCanaryService } from '../../spec';
import {
  objectMetadata,
  renderDeployment,
  renderHorizontalPodAutoscaler,
  renderPodDisruptionBudget,
  renderService,
  renderServiceAccount,
} from '../../workload';
import { renderCanary } from './canary';

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
      apiVersion: API_VERSIONS.flagger,
      kind: 'MetricTemplate',
      metadata: objectMetadata(spec, q.metricTemplate),
      spec: { provider: { address: spec.platform.prometheusUrl, type: 'prometheus' }, query: q.template },
    }));
}

/** One AlertProvider per alert; the webhook address comes from the Secret's `address` key (not rendered here). */
export function renderAlertProviders(spec: ResolvedCanaryService, names: CanaryServiceNames = canaryServiceNames(spec.name)): KubeObject[] {
  return spec.alerts.map((alert) => ({
    apiVersion: API_VERSIONS.flagger,
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
