/**
 * Validation with the kubernetes-models packages, which ship a JSON-schema validator per kind:
 * - built-in kinds: kubernetes-models (the Kubernetes v1.33 OpenAPI definitions),
 * - Prometheus Operator kinds: @kubernetes-models/prometheus-operator (Prometheus Operator v0.65.1 CRDs),
 * - Istio kinds: @kubernetes-models/istio (Istio 1.18 CRDs; see {@link ISTIO_SAME_SCHEMA} for `v1`),
 * - Argo Rollouts kinds: @kubernetes-models/argo-rollouts (Argo Rollouts v1.5 CRDs),
 * - Flux kinds: @kubernetes-models/flux-cd (see {@link FLUX_SAME_SCHEMA} for the versions Flux v2.8 serves),
 * - Argo CD kinds (Application, ApplicationSet, AppProject): @kubernetes-models/argo-cd.
 * These are the packages' newest CommonJS builds, older than the releases the platform deploys; the newer builds
 * are ES modules that `require()` cannot resolve (docs/synth.md). tests/validation/model-versions.test.ts states
 * which upstream release each package matches.
 * A kind's module is required lazily the first time the kind is seen. Unknown fields are errors for every kind
 * (see unknown-fields.ts): the packages' schemas leave objects open, the API server's strict validation does not.
 */
import { closestField, KnownFields, schemaExtensionFields, type AlsoKnown } from './strict/unknown-fields';

/** A model class as exported by kubernetes-models: constructing it and calling `validate()` throws on errors. */
interface ModelClass {
  new (data: unknown): { validate(): void };
  /** `validate()` checks `this` against the kind's schema and throws on errors. */
  readonly prototype: { validate(this: unknown): void };
  /** The apiVersion the model's schema requires. */
  readonly apiVersion?: string;
}

/** The error `validate()` throws: ajv errors under `errors`. */
interface ModelValidationError extends Error {
  errors?: AjvLikeError[];
}

/** The fields of an ajv error this module reads. */
export interface AjvLikeError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/**
 * Istio serves each kind in several versions with one schema (every served version of a CRD in Istio's
 * `crd-all.gen.yaml` has the same `openAPIV3Schema`). @kubernetes-models/istio 2.3.0, the newest build that
 * loads with `require`, was generated from Istio 1.18, before `networking.istio.io/v1`, `telemetry.istio.io/v1`
 * and `security.istio.io/v1` PeerAuthentication existed: a kind missing from its version is validated with the
 * same kind's schema of the next version below.
 */
export const ISTIO_SAME_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  'networking.istio.io/v1': ['networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'],
  'networking.istio.io/v1beta1': ['networking.istio.io/v1alpha3'],
  'security.istio.io/v1': ['security.istio.io/v1beta1'],
  'telemetry.istio.io/v1': ['telemetry.istio.io/v1alpha1'],
};

/**
 * Flux v2.8 (the pinned flux2 chart) serves only `helm.toolkit.fluxcd.io/v2` and `source.toolkit.fluxcd.io/v1`.
 * @kubernetes-models/flux-cd 2.3.4, the newest build that loads with `require` (3.x and later are ES modules for
 * node >= 22), was generated before those versions were complete: it has `v2beta2` HelmRelease and `v1beta2`
 * HelmRepository and OCIRepository only. A kind missing from its version is validated with the same kind's
 * schema of the version below, which has every field the GitOps tree renders (GA kept them unchanged);
 * GitRepository `v1` and Kustomization `v1` have their own schemas.
 */
export const FLUX_SAME_SCHEMA: Readonly<Record<string, readonly string[]>> = {
  'helm.toolkit.fluxcd.io/v2': ['helm.toolkit.fluxcd.io/v2beta2'],
  'source.toolkit.fluxcd.io/v1': ['source.toolkit.fluxcd.io/v1beta2'],
};

/** Every "validate this version with an older version's schema" rule: Istio's and Flux's. */
const SAME_SCHEMA: Readonly<Record<string, readonly string[]>> = { ...ISTIO_SAME_SCHEMA, ...FLUX_SAME_SCHEMA };

/** Argo CD's kinds in `argoproj.io` (the group it shares with Argo Rollouts). */
const ARGO_CD_KINDS: ReadonlySet<string> = new Set(['Application', 'ApplicationSet', 'AppProject']);

/**
 * Fields Argo Rollouts v1.9.0 serves that @kubernetes-models/argo-rollouts 0.3.2 (generated from the v1.5.0 CRDs,
 * the newest build that loads with `require`) does not declare; accepted without checking their values. Each is
 * rendered by the platform, and tests/validation/conformance.test.ts checks them against the upstream CRDs.
 * - `consecutiveSuccessLimit` of an analysis metric (Argo Rollouts v1.8);
 * - `sleep` of a container lifecycle hook in the Rollout's pod template (Kubernetes 1.29; the v1.5.0 CRDs embed
 *   an older pod schema).
 */
const NEWER_ARGO_ROLLOUTS_FIELDS: AlsoKnown = (position, key) =>
  (key === 'consecutiveSuccessLimit' && position === 'spec.metrics[]') ||
  (key === 'sleep' && /\.lifecycle\.(preStop|postStart)$/.test(position));

const argoRolloutsFields: AlsoKnown = (position, key, known) =>
  NEWER_ARGO_ROLLOUTS_FIELDS(position, key, known) || schemaExtensionFields(position, key, known);

/**
 * `description`: the kubernetes-models packages drop every schema property named `description` when they strip
 * documentation from their schemas, so the field a PriorityClass, a CRD's JSON schema or a printer column
 * declares is missing from them. It is accepted wherever it appears (its value is not checked); without this every
 * CRD would be rejected.
 */
const withDescription =
  (alsoKnown: AlsoKnown): AlsoKnown =>
  (position, key, known) =>
    key === 'description' || alsoKnown(position, key, known);

/** apiVersion and kind -> module path (group index; `<path>/<Kind>` is the kind's own module). */
function modulePath(apiVersion: string, kind: string): string | undefined {
  const [group, version] = apiVersion.split('/');
  if (apiVersion === 'v1') return 'kubernetes-models/v1';
  if (!group || !version) return undefined;
  if (group === 'monitoring.coreos.com') return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  if (group.endsWith('.istio.io')) return `@kubernetes-models/istio/${apiVersion}`;
  if (group === 'argoproj.io') return `@kubernetes-models/${ARGO_CD_KINDS.has(kind) ? 'argo-cd' : 'argo-rollouts'}/${apiVersion}`;
  if (group.endsWith('.toolkit.fluxcd.io')) return `@kubernetes-models/flux-cd/${apiVersion}`;
  // Built-in groups either have no dot (apps, batch, autoscaling, policy) or end in `.k8s.io`.
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined;
  return `kubernetes-models/${group}/${version}`;
}

const modules = new Map<string, Record<string, ModelClass> | null>();
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function loadModule(path: string): Record<string, ModelClass> | null {
  if (!modules.has(path)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      modules.set(path, require(path) as Record<string, ModelClass>);
    } catch {
      modules.set(path, null);
    }
  }
  return modules.get(path) ?? null;
}

/** One schema error: a dotted field path and what is wrong. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** A kind's model, the apiVersion its schema requires, and the fields learnt from its validator. */
interface KindValidator {
  readonly Model: ModelClass;
  readonly schemaApiVersion: string;
  readonly fields: KnownFields;
}

/**
 * Validates an object with its kubernetes-models model, unknown fields included. Returns undefined when no
 * model knows the kind (the caller reports it), otherwise the list of errors (empty when valid).
 */
export function validateWithModel(apiVersion: string, kind: string, obj: object): FieldError[] | undefined {
  const key = `${apiVersion} ${kind}`;
  let validator = validators.get(key);
  if (validator === undefined) {
    validator = findValidator(apiVersion, kind);
    validators.set(key, validator);
  }
  if (validator === null) return undefined;
  const { Model, schemaApiVersion, fields } = validator;
  // A model instance over the object's own values: `validate` checks `this`, and the older model base (Istio,
  // Argo Rollouts packages) finds the kind's schema id on the prototype. Not constructing the model skips the
  // deep copy its constructor makes (about half the cost of validating a Deployment). The constructor only adds
  // apiVersion and kind, which validateObject has already required; the copy drops `undefined` values, which the
  // schemas treat as absent.
  const subject: object = Object.assign(Object.create(Model.prototype) as object, obj, { apiVersion: schemaApiVersion });
  const { result, unknown } = fields.check(subject, (data) => {
    try {
      Model.prototype.validate.call(data);
      return [];
    } catch (err) {
      const e = err as ModelValidationError;
      return e.errors ? describeAjvErrors(e.errors) : [{ path: '', message: e.message }];
    }
  });
  const notAField = `is not a field of ${kind} (${apiVersion})`;
  return [
    ...result,
    ...unknown.map((u) => {
      const hint = closestField(u.key, u.known);
      return { path: u.path, message: hint !== undefined ? `${notAField}; did you mean "${hint}"?` : notAField };
    }),
  ];
}

/** The validator per `apiVersion kind` (null: none), looked up once. */
const validators = new Map<string, KindValidator | null>();

function findValidator(apiVersion: string, kind: string): KindValidator | null {
  for (const schemaApiVersion of [apiVersion, ...(SAME_SCHEMA[apiVersion] ?? [])]) {
    const Model = findModel(schemaApiVersion, kind);
    if (Model !== null) {
      const rollouts = schemaApiVersion.startsWith('argoproj.io/') && !ARGO_CD_KINDS.has(kind);
      const alsoKnown = withDescription(rollouts ? argoRolloutsFields : schemaExtensionFields);
      return { Model, schemaApiVersion, fields: new KnownFields(alsoKnown) };
    }
  }
  return null;
}

function findModel(apiVersion: string, kind: string): ModelClass | null {
  const path = modulePath(apiVersion, kind);
  if (!path) return null;
  // The packages ship one module per kind (`kubernetes-models/apps/v1/Deployment`); loading only that one
  // instead of the group index (every kind of the group) saves ~0.2 s of first use. The group index stays the
  // fallback, and the kind must look like a kind before it becomes part of a module path.
  const Model = (KIND.test(kind) ? loadModule(`${path}/${kind}`)?.[kind] : undefined) ?? loadModule(path)?.[kind];
  return typeof Model === 'function' ? Model : null;
}

/** `/spec/template/spec/containers/0/image` -> `spec.template.spec.containers[0].image`. */
export function jsonPointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** Turns an ajv error into a sentence that says what would be valid. */
export function describeAjvError(e: { keyword: string; message?: string; params?: Record<string, unknown> }): string {
  const p = e.params ?? {};
  switch (e.keyword) {
    case 'additionalProperties':
      return `has unknown field "${String(p.additionalProperty)}"`;
    case 'required':
      return `is missing required field "${String(p.missingProperty)}"`;
    case 'enum':
      return `${e.message ?? 'is not allowed'}: ${JSON.stringify(p.allowedValues)}`;
    case 'type':
      return `must be of type ${Array.isArray(p.type) ? p.type.join(' or ') : String(p.type)}`;
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * Turns ajv errors into field errors. Errors inside `oneOf`/`anyOf` alternatives are noise when a concrete
 * error exists elsewhere (a typo also makes every alternative fail); they are kept, folded into one message
 * listing what each alternative requires, only when nothing else explains the failure.
 */
export function describeAjvErrors(errors: readonly AjvLikeError[]): FieldError[] {
  const inBranch = (e: AjvLikeError): boolean => /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath);
  const isCombinator = (e: AjvLikeError): boolean => e.keyword === 'oneOf' || e.keyword === 'anyOf';
  const concrete = errors.filter((e) => !inBranch(e) && !isCombinator(e));
  if (concrete.length > 0) {
    return concrete.map((e) => ({ path: jsonPointerToPath(e.instancePath), message: describeAjvError(e) }));
  }
  return errors.filter(isCombinator).map((c) => {
    const alternatives = new Map<string, string[]>();
    for (const e of errors) {
      const m = /\/(oneOf|anyOf)\/(\d+)\//.exec(e.schemaPath);
      if (!m || e.instancePath !== c.instancePath || e.keyword !== 'required') continue;
      const list = alternatives.get(m[2]) ?? [];
      list.push(String(e.params?.missingProperty));
      alternatives.set(m[2], list);
    }
    const hint = [...alternatives.values()].map((fields) => fields.join(' + ')).join(' | ');
    const rule = c.keyword === 'oneOf' ? 'must match exactly one alternative' : 'must match at least one alternative';
    return { path: jsonPointerToPath(c.instancePath), message: hint ? `${rule}; missing: ${hint}` : rule };
  });
}
