/**
 * The plain shape every renderer in this project returns: a Kubernetes object as data.
 *
 * Pure render functions (`renderCanaryService`, `renderArgoRollout`, ...) return arrays of these; the cdk8s
 * constructs wrap them in `ApiObject`s and the Pulumi bridge hands them to `@pulumi/kubernetes`.
 */
export interface KubeObject {
  /** API group and version, for example `apps/v1` or `flagger.app/v1beta1`. */
  readonly apiVersion: string;
  /** Object kind, for example `Deployment`. */
  readonly kind: string;
  /** Object metadata; `name` is always set, `namespace` for namespaced kinds. */
  readonly metadata: KubeMetadata;
  /** Every other top-level field (`spec`, `data`, `stringData`, `type`, ...). */
  readonly [field: string]: unknown;
}

/** The metadata fields our renderers set. */
export interface KubeMetadata {
  /** Object name (a DNS-1123 name). */
  readonly name: string;
  /** Namespace; absent for cluster-scoped kinds. @default - none */
  readonly namespace?: string;
  /** Labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Any other metadata field. */
  readonly [field: string]: unknown;
}

/** `namespace/kind/name` (or `kind/name` when cluster-scoped): how messages and files name an object. */
export function objectId(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.kind}/${obj.metadata.name}` : `${obj.kind}/${obj.metadata.name}`;
}

/**
 * Returns a deep copy of `value` with object keys sorted, so that serialising it is deterministic.
 * Arrays keep their order (order is meaningful in Kubernetes lists). `undefined` properties are dropped.
 */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v)) as unknown as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out as T;
  }
  return value;
}
