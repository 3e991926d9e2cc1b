/**
 * Engine-neutral objects: ServiceAccount, Deployment, Service, HPA and PodDisruptionBudget from a resolved spec.
 * Pure: no cdk8s, no I/O; keys written in sorted order. Engines (engines/flagger, engines/argo-rollouts) choose
 * selectors and targets.
 */
import type { KubeObject } from '../../shared';
import { SELECTOR_LABEL, type ResolvedCanaryService } from '../spec';
import { objectMetadata, sortedRecord } from './metadata';
import { renderPodTemplate } from './pod-template';

/** The service's own ServiceAccount (no API token unless asked for). */
export function renderServiceAccount(spec: ResolvedCanaryService): KubeObject {
  const annotations = spec.serviceAccount.annotations;
  return {
    apiVersion: 'v1',
    automountServiceAccountToken: spec.serviceAccount.automountToken,
    kind: 'ServiceAccount',
    metadata: { ...(Object.keys(annotations).length > 0 ? { annotations: sortedRecord(annotations) } : {}), ...objectMetadata(spec) },
  };
}

/** The Deployment. No `replicas` when an HPA owns scaling (a re-apply would otherwise fight the HPA). */
export function renderDeployment(spec: ResolvedCanaryService): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMetadata(spec),
    spec: {
      progressDeadlineSeconds: spec.analysis.progressDeadline.toSeconds(),
      ...(spec.scaling.kind === 'fixed' ? { replicas: spec.scaling.replicas } : {}),
      selector: { matchLabels: { [SELECTOR_LABEL]: spec.name } },
      strategy: { rollingUpdate: { maxSurge: spec.rollingUpdate.maxSurge, maxUnavailable: spec.rollingUpdate.maxUnavailable }, type: 'RollingUpdate' },
      template: renderPodTemplate(spec),
    },
  };
}

/** A ClusterIP Service named `name` on the service port, selecting pods whose selector label is `podLabel`. */
export function renderService(spec: ResolvedCanaryService, name: string, podLabel: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMetadata(spec, name),
    spec: {
      ports: [{ name: 'http', port: spec.servicePort, protocol: 'TCP', targetPort: spec.port }],
      selector: { [SELECTOR_LABEL]: podLabel },
      type: 'ClusterIP',
    },
  };
}

/** An autoscaling/v2 HPA on CPU utilisation for the workload `target`; undefined for fixed scaling. */
export function renderHorizontalPodAutoscaler(
  spec: ResolvedCanaryService,
  target: { readonly apiVersion: string; readonly kind: string; readonly name: string },
): KubeObject | undefined {
  if (spec.scaling.kind !== 'autoscaled') return undefined;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: objectMetadata(spec),
    spec: {
      maxReplicas: spec.scaling.maxReplicas,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: spec.scaling.targetCpuUtilization, type: 'Utilization' } }, type: 'Resource' }],
      minReplicas: spec.scaling.minReplicas,
      scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
    },
  };
}

/** The replicas that serve production traffic between releases. */
export function steadyReplicas(spec: ResolvedCanaryService): number {
  return spec.scaling.kind === 'autoscaled' ? spec.scaling.minReplicas : spec.scaling.replicas;
}

/**
 * A PodDisruptionBudget for the pods whose selector label is `podLabel`, when more than one replica runs
 * (with one replica a budget would block node drains forever). One pod may be evicted at a time; unhealthy
 * pods may always be evicted so they cannot block a drain.
 */
export function renderPodDisruptionBudget(spec: ResolvedCanaryService, podLabel: string): KubeObject | undefined {
  if (steadyReplicas(spec) <= 1) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMetadata(spec),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { [SELECTOR_LABEL]: podLabel } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
