import { objectId, requireObjectArguments, type KubeObject, type Problem } from '../shared';
import { FLAGGER_API_VERSION, FLAGGER_GROUP, flaggerKinds, validateFlaggerObject } from './flagger';
import { validateWithModel, type FieldError } from './model-schemas';

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Validates one Kubernetes object against its schema, strictly (unknown fields are errors, as with
 * `kubectl apply --validate=strict`):
 * - built-in kinds with kubernetes-models (the Kubernetes OpenAPI schema),
 * - Prometheus Operator, Istio and Argo Rollouts kinds with @kubernetes-models/prometheus-operator,
 *   @kubernetes-models/istio and @kubernetes-models/argo-rollouts,
 * - Flagger kinds with the project's own schemas of Flagger's API (packages/validation/flagger).
 * An `apiVersion`/`kind` that no schema knows is itself a problem, so typos cannot slip through.
 *
 * @param obj the object to check
 * @param subject how messages name the object; defaults to `namespace/Kind/name`
 * @returns one problem per schema error; empty when valid
 */
export function validateObject(obj: KubeObject, subject?: string): Problem[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    return [{ subject: subject ?? safeId(obj), path: '', message: 'is not a Kubernetes object (expected a mapping)' }];
  }
  const errors = schemaErrors(obj);
  if (errors.length === 0) return [];
  // Most objects are valid: their id is built only when there is something to report.
  const id = subject ?? safeId(obj);
  return errors.map((e) => ({ subject: id, path: e.path, message: e.message }));
}

/** What {@link validateObject} finds, before the object's id is attached. */
function schemaErrors(obj: KubeObject): FieldError[] {
  const problems: FieldError[] = [];
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') problems.push({ path: 'apiVersion', message: 'is required' });
  if (typeof obj.kind !== 'string' || obj.kind === '') problems.push({ path: 'kind', message: 'is required' });
  validateMetadata(obj, problems);
  if (problems.length > 0) return problems;

  const [group] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : [''];
  if (group === FLAGGER_GROUP) {
    const errors = validateFlaggerObject(obj.apiVersion, obj.kind, obj);
    if (errors === undefined) {
      const kinds = flaggerKinds();
      problems.push(
        kinds.includes(obj.kind)
          ? { path: 'apiVersion', message: `(${obj.apiVersion}) is not served for ${obj.kind}; use ${FLAGGER_API_VERSION}` }
          : { path: 'kind', message: `(${obj.apiVersion} ${obj.kind}) is not a Flagger kind; use one of: ${kinds.join(', ')}` },
      );
      return problems;
    }
    return dedupe(errors);
  }
  const errors = validateWithModel(obj.apiVersion, obj.kind, obj);
  if (errors === undefined) {
    problems.push({ path: 'kind', message: `(${obj.apiVersion} ${obj.kind}) has no known schema; check apiVersion and kind` });
    return problems;
  }
  return errors.length === 0 ? problems : dedupe(errors);
}

/** Validates many objects; problems come in input order. */
export function validateObjects(objects: readonly KubeObject[]): Problem[] {
  requireObjectArguments('validateObjects', { objects }, { arrays: ['objects'] });
  return objects.flatMap((o) => validateObject(o));
}

/**
 * True when `apiVersion`/`kind` is a custom resource this package validates: a Flagger kind, or an Istio, Argo
 * Rollouts or Prometheus Operator kind (used by callers that need to know a kind is not built in).
 */
export function isCustomResource(apiVersion: string, kind: string): boolean {
  const [group, version] = apiVersion.split('/');
  if (version === undefined || !group.includes('.') || group.endsWith('.k8s.io')) return false;
  if (group === FLAGGER_GROUP) return apiVersion === FLAGGER_API_VERSION && flaggerKinds().includes(kind);
  return validateWithModel(apiVersion, kind, { apiVersion, kind, metadata: { name: 'probe' } }) !== undefined;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Adds the problems of `obj.metadata` to `out`. */
function validateMetadata(obj: KubeObject, out: FieldError[]): void {
  const md = obj.metadata as unknown;
  if (typeof md !== 'object' || md === null) {
    out.push({ path: 'metadata', message: 'is required' });
    return;
  }
  const { name, namespace, labels } = md as { name?: unknown; namespace?: unknown; labels?: unknown };
  if (typeof name !== 'string' || name === '') {
    out.push({ path: 'metadata.name', message: 'is required' });
  } else if (name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    out.push({
      path: 'metadata.name',
      message: `("${name}") must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', at most 253 characters`,
    });
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length > 63 || !DNS_1123_LABEL.test(namespace))) {
    out.push({
      path: 'metadata.namespace',
      message: `(${JSON.stringify(namespace)}) must be a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters`,
    });
  }
  if (labels !== undefined) {
    for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
      if (typeof v !== 'string' || v.length > 63 || !LABEL_VALUE.test(v)) {
        out.push({
          path: `metadata.labels.${k}`,
          message: `(${JSON.stringify(v)}) must be a label value: at most 63 characters, alphanumerics, '-', '_' or '.'`,
        });
      }
    }
  }
}

function safeId(obj: KubeObject): string {
  try {
    return objectId({ kind: String(obj.kind ?? '?'), metadata: { name: String(obj.metadata?.name ?? '?'), namespace: obj.metadata?.namespace } });
  } catch {
    return 'object';
  }
}

function dedupe<T extends { path: string; message: string }>(errors: T[]): T[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
