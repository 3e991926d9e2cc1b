import { stringify } from 'yaml';
import { yamlDocuments } from './read-text';
import type { KubeObject } from '../../packages/shared';
import { SECRET_PLACEHOLDER } from './wire-values';

/**
 * Helpers for Kubernetes objects found in resource inputs: what a `kubernetes:*` type token means, which
 * kinds are cluster-scoped, and masking of `Secret` data.
 */

/** `kubernetes:*` types that hold objects or charts rather than being one object. */
export const KUBERNETES_CONTAINER_TYPES = {
  configGroup: 'kubernetes:yaml/v2:ConfigGroup',
  configFile: 'kubernetes:yaml/v2:ConfigFile',
  helmRelease: 'kubernetes:helm.sh/v3:Release',
  helmChart: 'kubernetes:helm.sh/v4:Chart',
  kustomizeDirectory: 'kubernetes:kustomize/v2:Directory',
} as const;

const CONTAINER_TYPES: ReadonlySet<string> = new Set(Object.values(KUBERNETES_CONTAINER_TYPES));

/** Built-in and common custom kinds that are not namespaced. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterAnalysisTemplate',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'GatewayClass',
  'IngressClass',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeSnapshotClass',
]);

/** True for kinds that live outside namespaces. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/**
 * The `apiVersion` and `kind` a `kubernetes:<group>/<version>:<Kind>` type token registers, or undefined for
 * anything that is not a single object (providers, ConfigGroups, Helm releases, `*Patch` and `*List` types).
 * `core` is the legacy group (`kubernetes:core/v1:Service` -> `v1`).
 */
export function objectTypeOf(type: string): { apiVersion: string; kind: string } | undefined {
  if (CONTAINER_TYPES.has(type)) return undefined;
  const m = /^kubernetes:([^:]+)\/([^/:]+):([A-Z][A-Za-z0-9]*)$/.exec(type);
  if (!m) return undefined;
  const [, group, version, kind] = m;
  if (kind.endsWith('Patch') || kind.endsWith('List')) return undefined;
  return { apiVersion: group === 'core' ? version : `${group}/${version}`, kind };
}

/** API group of an apiVersion (`''` for the core group). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** True for `v1 Secret` objects. */
export function isSecretObject(value: unknown): value is KubeObject {
  const v = value as Partial<KubeObject> | null;
  return v !== null && typeof v === 'object' && v.kind === 'Secret' && v.apiVersion === 'v1';
}

/** A copy of a Secret with every `data` and `stringData` value replaced by `[secret]`. */
export function maskSecretObject<T extends Record<string, unknown>>(secret: T): T {
  const out: Record<string, unknown> = { ...secret };
  for (const field of ['data', 'stringData']) {
    const values = secret[field];
    if (values && typeof values === 'object' && !Array.isArray(values)) {
      out[field] = Object.fromEntries(Object.keys(values).map((k) => [k, SECRET_PLACEHOLDER]));
    } else if (values !== undefined) {
      out[field] = SECRET_PLACEHOLDER;
    }
  }
  return out as T;
}

/**
 * Masks Secret data wherever a Secret object appears in a (plain) value: nested objects, lists, and YAML
 * text holding Secret documents (the `yaml` input of a ConfigGroup).
 */
export function maskSecretObjectsDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecretObjectsDeep);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const masked = isSecretObject(record) ? maskSecretObject(record) : record;
    return Object.fromEntries(Object.entries(masked).map(([k, v]) => [k, maskSecretObjectsDeep(v)]));
  }
  if (typeof value === 'string' && /^\s*kind:\s*Secret\s*$/m.test(value)) {
    const docs = parseYamlObjects(value);
    if (docs !== undefined && docs.some(isSecretObject)) {
      return docs.map((d) => stringify(maskSecretObjectsDeep(d), { lineWidth: 0 })).join('---\n');
    }
  }
  return value;
}

/** Parses multi-document YAML into objects; undefined when it does not parse. */
export function parseYamlObjects(text: string): unknown[] | undefined {
  const out: unknown[] = [];
  for (const doc of yamlDocuments(text)) {
    if (!doc.ok) return undefined; // a syntax error or an alias bomb
    if (doc.value !== null && doc.value !== undefined) out.push(doc.value);
  }
  return out;
}

/** Flattens lists of objects, nested arrays and `*List` kinds (`items`) into single objects. */
export function flattenObjects(values: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    const o = v as Partial<KubeObject> & { items?: unknown };
    if (o && typeof o === 'object' && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach(visit);
      return;
    }
    if (v !== null && v !== undefined) out.push(v);
  };
  values.forEach(visit);
  return out;
}
