import type { KubeObject } from '../../shared';
import type { ObjectContext } from '../types';
import { asArray, asRecord, getPath, subPath } from './values';

/** Where a workload keeps its pod template, by kind. */
const POD_SPEC_PATHS: Readonly<Record<string, { readonly spec: readonly string[]; readonly labels: readonly string[] }>> = {
  Pod: { spec: ['spec'], labels: ['metadata', 'labels'] },
  PodTemplate: { spec: ['template', 'spec'], labels: ['template', 'metadata', 'labels'] },
  Deployment: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  StatefulSet: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  DaemonSet: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  ReplicaSet: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  ReplicationController: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  Job: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
  CronJob: {
    spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    labels: ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels'],
  },
  Rollout: { spec: ['spec', 'template', 'spec'], labels: ['spec', 'template', 'metadata', 'labels'] },
};

/** Kinds whose pods run to completion: they need no readiness or liveness probes. */
const BATCH_KINDS: ReadonlySet<string> = new Set(['Job', 'CronJob']);

/** A pod spec found inside a workload object. */
export interface PodSpecLocation {
  /** Dotted path of the pod spec inside the object, for example `spec.template.spec`. */
  readonly path: string;
  /** The pod spec. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The pod template's labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** False for pods that run to completion (Jobs, CronJobs, Pods with restartPolicy Never/OnFailure). */
  readonly longRunning: boolean;
}

/** A container of a pod spec. */
export interface ContainerLocation {
  /** Dotted path of the container, for example `spec.template.spec.containers[0]`. */
  readonly path: string;
  /** The container. */
  readonly container: Readonly<Record<string, unknown>>;
  /** The container's name, or `#<index>` when it has none. */
  readonly name: string;
  /** True for init containers that run to completion before the app starts (not restartable sidecars). */
  readonly runsToCompletion: boolean;
}

/** True when the object is a workload kind that holds a pod template. Argo `Rollout`s only when Argo's. */
export function isWorkload(obj: KubeObject): boolean {
  if (!(obj.kind in POD_SPEC_PATHS)) return false;
  if (obj.kind === 'Rollout') return obj.apiVersion.startsWith('argoproj.io/');
  return true;
}

/**
 * The pod spec of a workload, or `undefined` when the object is not a workload or has none (for example an Argo
 * Rollout with `workloadRef`: the referenced Deployment is checked instead).
 */
export function podSpecOf(obj: KubeObject): PodSpecLocation | undefined {
  if (!isWorkload(obj)) return undefined;
  const where = POD_SPEC_PATHS[obj.kind];
  const spec = asRecord(getPath(obj, where.spec));
  if (!spec) return undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(getPath(obj, where.labels)) ?? {})) {
    if (typeof v === 'string') labels[k] = v;
  }
  const restartPolicy = spec.restartPolicy;
  const longRunning = !BATCH_KINDS.has(obj.kind) && !(obj.kind === 'Pod' && (restartPolicy === 'Never' || restartPolicy === 'OnFailure'));
  return { path: where.spec.join('.'), spec, labels, longRunning };
}

/** Every container of a pod spec: init containers first, then app containers, each with its path. */
export function containersOf(pod: PodSpecLocation): ContainerLocation[] {
  const out: ContainerLocation[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    asArray(pod.spec[field]).forEach((raw, index) => {
      const container = asRecord(raw);
      if (!container) return;
      const name = typeof container.name === 'string' && container.name !== '' ? container.name : `#${index}`;
      const runsToCompletion = field === 'initContainers' && container.restartPolicy !== 'Always';
      out.push({ path: subPath(pod.path, field, index), container, name, runsToCompletion });
    });
  }
  return out;
}

/**
 * The minimum number of replicas a workload runs with: its HorizontalPodAutoscaler's `minReplicas` (default 1)
 * when one targets it (directly, or its Flagger primary `<name>-primary`), else `spec.replicas` (default 1).
 * `undefined` for kinds that do not scale by replicas (DaemonSet, Job, CronJob, Pod).
 */
export function minimumReplicas(obj: KubeObject, objectsOfKind: ObjectContext['objectsOfKind']): number | undefined {
  if (!['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout'].includes(obj.kind)) return undefined;
  const hpa = objectsOfKind('HorizontalPodAutoscaler', obj.metadata.namespace).find((o) => {
    const target = asRecord(getPath(o, ['spec', 'scaleTargetRef']));
    if (!target || target.kind !== obj.kind) return false;
    return target.name === obj.metadata.name || target.name === `${obj.metadata.name}-primary`;
  });
  if (hpa) {
    const min = getPath(hpa, ['spec', 'minReplicas']);
    return typeof min === 'number' ? min : 1;
  }
  const replicas = getPath(obj, ['spec', 'replicas']);
  return typeof replicas === 'number' ? replicas : 1;
}
