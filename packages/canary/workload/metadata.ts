/**
 * Metadata shared by every object of a service: the selector label, the recommended Kubernetes labels and the
 * user's labels, keys sorted.
 */
import type { KubeObject } from '../../shared';
import { SELECTOR_LABEL, type ResolvedCanaryService } from '../spec';

/** Sorted common labels per spec (specs are frozen, so this never goes stale). */
const LABELS = new WeakMap<ResolvedCanaryService, Readonly<Record<string, string>>>();

/**
 * Labels on every object: Flagger's selector label, the recommended Kubernetes labels and the user's (which may
 * not override ours: validated), keys sorted. A fresh object on every call.
 */
export function commonLabels(spec: ResolvedCanaryService): Record<string, string> {
  let labels = LABELS.get(spec);
  if (labels === undefined) {
    labels = sortedRecord({ ...spec.labels, [SELECTOR_LABEL]: spec.name, 'app.kubernetes.io/managed-by': 'canary-platform', 'app.kubernetes.io/name': spec.name });
    LABELS.set(spec, labels);
  }
  return { ...labels };
}

/** A copy of `record` with its keys sorted (for maps whose keys users choose). */
export function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as T;
  return out;
}

/** Metadata of an object of the service. */
export function objectMetadata(spec: ResolvedCanaryService, name: string = spec.name): KubeObject['metadata'] {
  return { labels: commonLabels(spec), name, namespace: spec.namespace };
}
