import { objectId, requireObjectArguments, type KubeObject, type Problem } from '../shared';
import { findCrd, isCrdGroup, servedVersions, validateAgainstCrd } from './crd-schemas';
import { describeAjvErrors, validateWithModel, type FieldError } from './model-schemas';

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Validates one Kubernetes object against its upstream schema:
 * - built-in kinds with kubernetes-models (the Kubernetes OpenAPI schema),
 * - Prometheus Operator kinds with @kubernetes-models/prometheus-operator,
 * - Flagger, Argo Rollouts and Istio kinds with their upstream CRDs vendored in `schemas/`, strictly (unknown
 *   fields are errors).
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
  if (isCrdGroup(group)) {
    const errors = validateAgainstCrd(obj.apiVersion, obj.kind, obj);
    if (errors === undefined) {
      const served = servedVersions(group, obj.kind);
      problems.push({
        path: 'apiVersion',
        message:
          served.length > 0
            ? `(${obj.apiVersion}) is not served for ${obj.kind}; use one of: ${served.join(', ')}`
            : `(${obj.apiVersion}) has no kind ${obj.kind} in the vendored ${group} CRDs`,
      });
      return problems;
    }
    return errors.length === 0 ? problems : dedupe(describeAjvErrors(errors));
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

/** True when the vendored CRDs define `apiVersion`/`kind` (used by callers that need to know a kind is custom). */
export function isVendoredCustomResource(apiVersion: string, kind: string): boolean {
  return findCrd(apiVersion, kind) !== undefined;
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
