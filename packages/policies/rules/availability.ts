import type { KubeObject } from '../../shared';
import { minimumReplicas, podSpecOf } from '../support/pod-specs';
import type { Finding, ObjectContext, PolicyRule } from '../types';
import { asArray, asRecord, getPath, isUnknown } from '../support/values';

/** The labels Flagger rewrites to `<value>-primary` on the primary workload, in the order Flagger looks for them. */
const FLAGGER_SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'] as const;

/** True when a label selector (`matchLabels` + `matchExpressions`) selects pods with these labels. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const sel = asRecord(selector);
  if (!sel) return false;
  const matchLabels = asRecord(sel.matchLabels) ?? {};
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const raw of asArray(sel.matchExpressions)) {
    const expr = asRecord(raw);
    if (!expr || typeof expr.key !== 'string') return false;
    const values = asArray(expr.values);
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(labels[expr.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[expr.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The Flagger Canary (if any) in the set that targets this workload. */
function flaggerCanaryFor(obj: KubeObject, objectsOfKind: ObjectContext['objectsOfKind']): KubeObject | undefined {
  return objectsOfKind('Canary', obj.metadata.namespace).find((o) => {
    if (!o.apiVersion.startsWith('flagger.app/')) return false;
    const target = asRecord(getPath(o, ['spec', 'targetRef']));
    return target?.kind === obj.kind && target.name === obj.metadata.name;
  });
}

/**
 * The pod labels of the Flagger primary workload: the first of `app`, `name`, `app.kubernetes.io/name` found in
 * the target's selector gets the suffix `-primary`.
 */
export function flaggerPrimaryLabels(obj: KubeObject, labels: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const selector = asRecord(getPath(obj, ['spec', 'selector', 'matchLabels'])) ?? {};
  const key = FLAGGER_SELECTOR_LABELS.find((k) => typeof selector[k] === 'string');
  if (!key) return undefined;
  return { ...labels, [key]: `${String(selector[key])}-primary` };
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '(no labels)' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

export const workloadPdbForReplicas: PolicyRule = {
  id: 'workload-pdb-for-replicas',
  severity: 'error',
  description:
    'Every workload that runs two or more replicas (spec.replicas, or its HPA minReplicas) has a PodDisruptionBudget selecting its pods; for a Flagger canary target a PDB selecting the `-primary` pods counts.',
  rationale: 'Without a PDB a node upgrade or autoscaler drain may evict every replica at once, turning routine maintenance into an outage.',
  remediation: 'Add a `policy/v1` PodDisruptionBudget in the same namespace with `maxUnavailable: 1` whose selector matches the pod labels.',
  usesObjectSet: true,
  checkObject: (obj, { objectsOfKind }) => {
    const replicas = minimumReplicas(obj, objectsOfKind);
    const pod = podSpecOf(obj);
    if (replicas === undefined || replicas < 2 || !pod) return [];
    const candidates: Record<string, string>[] = [pod.labels];
    const canary = flaggerCanaryFor(obj, objectsOfKind);
    const primary = canary ? flaggerPrimaryLabels(obj, pod.labels) : undefined;
    if (primary) candidates.push(primary);
    const covered = objectsOfKind('PodDisruptionBudget', obj.metadata.namespace).some((o) => {
      const selector = getPath(o, ['spec', 'selector']);
      return isUnknown(selector) || candidates.some((labels) => selectorMatches(selector, labels));
    });
    if (covered) return [];
    const namespace = obj.metadata.namespace ?? 'default';
    const wanted = candidates.map(describeLabels).join(' or ');
    return [
      {
        path: 'spec.selector',
        message: `selects pods that run at least ${replicas} replicas but no PodDisruptionBudget in namespace "${namespace}" selects them (${wanted}); add a policy/v1 PodDisruptionBudget with maxUnavailable: 1 and that selector`,
      },
    ];
  },
};

function checkMinMax(min: unknown, max: unknown, minPath: string, what: string): Finding[] {
  if (isUnknown(min) || isUnknown(max) || typeof max !== 'number') return [];
  const effectiveMin = typeof min === 'number' ? min : 1;
  if (effectiveMin <= max) return [];
  return [{ path: minPath, message: `(${effectiveMin}) is above ${what} (${max}); lower the minimum or raise the maximum` }];
}

export const hpaMinNotAboveMax: PolicyRule = {
  id: 'hpa-min-not-above-max',
  severity: 'error',
  description:
    'A HorizontalPodAutoscaler\'s minReplicas (default 1) is not above its maxReplicas; the same holds for a Flagger Canary\'s `autoscalerRef.primaryScalerReplicas`.',
  rationale: 'The API server accepts min > max, but the autoscaler then pins the workload at an unintended size and never scales.',
  remediation: 'Make `minReplicas` less than or equal to `maxReplicas`.',
  checkObject: (obj) => {
    if (obj.kind === 'HorizontalPodAutoscaler') {
      return checkMinMax(getPath(obj, ['spec', 'minReplicas']), getPath(obj, ['spec', 'maxReplicas']), 'spec.minReplicas', 'spec.maxReplicas');
    }
    if (obj.kind === 'Canary' && obj.apiVersion.startsWith('flagger.app/')) {
      const replicas = asRecord(getPath(obj, ['spec', 'autoscalerRef', 'primaryScalerReplicas']));
      if (!replicas) return [];
      return checkMinMax(
        replicas.minReplicas,
        replicas.maxReplicas,
        'spec.autoscalerRef.primaryScalerReplicas.minReplicas',
        'spec.autoscalerRef.primaryScalerReplicas.maxReplicas',
      );
    }
    return [];
  },
};
