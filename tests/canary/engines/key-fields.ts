/**
 * A small, readable digest of a render for snapshots: each object as `apiVersion kind/name` with the few fields
 * that say what it does (selectors, ports, targets, schedule, checks, hooks). The targeted assertions of each
 * engine's tests hold the details; the snapshot shows at a glance what a change to the default render moved.
 */
import type { KubeObject } from '../../../packages/shared';

/** Dotted paths of the key fields of each kind (`[]` after a name maps a list to that field of its items). */
const KEY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  ServiceAccount: ['automountServiceAccountToken'],
  Deployment: ['spec.replicas', 'spec.selector', 'spec.template.spec.containers[].image', 'spec.template.spec.containers[].ports'],
  Rollout: [
    'spec.replicas',
    'spec.selector',
    'spec.template.spec.containers[].image',
    'spec.strategy.canary.stableService',
    'spec.strategy.canary.canaryService',
    'spec.strategy.canary.analysis.templates[].templateName',
    'spec.strategy.canary.analysis.startingStep',
    'spec.strategy.canary.steps',
    'spec.strategy.blueGreen',
  ],
  Service: ['spec.selector', 'spec.ports'],
  HorizontalPodAutoscaler: ['spec.scaleTargetRef', 'spec.minReplicas', 'spec.maxReplicas'],
  PodDisruptionBudget: ['spec.selector', 'spec.maxUnavailable'],
  MetricTemplate: ['spec.provider.address'],
  AnalysisTemplate: ['spec.metrics[].interval', 'spec.metrics[].failureLimit', 'spec.metrics[].successCondition'],
  AlertProvider: ['spec.type', 'spec.channel'],
  VirtualService: ['spec.hosts', 'spec.gateways', 'spec.http[].name'],
  DestinationRule: ['spec.host', 'spec.subsets[].name'],
  Canary: [
    'spec.targetRef',
    'spec.autoscalerRef',
    'spec.service.port',
    'spec.service.hosts',
    'spec.service.gateways',
    'spec.analysis.interval',
    'spec.analysis.threshold',
    'spec.analysis.stepWeights',
    'spec.analysis.metrics[].name',
    'spec.analysis.webhooks[].name',
  ],
};

/** The value at a dotted path; `name[]` maps the list `name` to the rest of the path (items without it left out). */
function pick(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0 || value === undefined || value === null) return value ?? undefined;
  const [head, ...rest] = path as [string, ...string[]];
  if (!head.endsWith('[]')) return pick((value as Record<string, unknown>)[head], rest);
  const list = (value as Record<string, unknown>)[head.slice(0, -2)];
  if (!Array.isArray(list)) return undefined;
  const picked = list.map((item) => pick(item, rest)).filter((v) => v !== undefined);
  return picked.length > 0 ? picked : undefined;
}

/** Each object as `apiVersion kind/name` and its kind's key fields (absent fields left out). */
export function keyFields(objects: readonly KubeObject[]): Record<string, unknown>[] {
  return objects.map((o) => {
    const fields: Record<string, unknown> = { object: `${o.apiVersion} ${o.kind}/${o.metadata.name}` };
    for (const path of KEY_FIELDS[o.kind] ?? []) {
      const value = pick(o, path.split('.'));
      if (value !== undefined) fields[path] = value;
    }
    return fields;
  });
}
