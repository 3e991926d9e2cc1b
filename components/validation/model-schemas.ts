/**
 * Validation of built-in Kubernetes kinds (kubernetes-models) and Prometheus Operator kinds
 * (@kubernetes-models/prometheus-operator). Both packages ship compiled JSON-schema validators per kind; a
 * module is required lazily the first time one of its kinds is seen.
 */

/** A model class as exported by kubernetes-models: constructing it and calling `validate()` throws on errors. */
interface ModelClass {
  new (data: unknown): { validate(): void };
  /** `validate()` checks `this` against the kind's compiled schema and throws on errors. */
  readonly prototype: { validate(this: unknown): void };
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

/** apiVersion -> module path. Core `v1` lives at the package root folder `v1`. */
function modulePath(apiVersion: string): string | undefined {
  if (apiVersion.startsWith('monitoring.coreos.com/')) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  if (apiVersion === 'v1') return 'kubernetes-models/v1';
  const [group, version] = apiVersion.split('/');
  if (!group || !version) return undefined;
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

/**
 * Validates a built-in or Prometheus Operator object. Returns undefined when no model knows the kind (the
 * caller reports it), otherwise the list of errors (empty when valid).
 */
export function validateWithModel(apiVersion: string, kind: string, obj: unknown): FieldError[] | undefined {
  const key = `${apiVersion} ${kind}`;
  let Model = models.get(key);
  if (Model === undefined) {
    Model = findModel(apiVersion, kind);
    models.set(key, Model);
  }
  if (Model === null) return undefined;
  try {
    // `validate` checks `this`: calling it on the object itself skips the deep copy the Model constructor makes
    // (about half the cost of validating a Deployment). The constructor only adds apiVersion and kind, which
    // validateObject has already required; the copy drops `undefined` values, which the schemas treat as absent.
    Model.prototype.validate.call(obj);
    return [];
  } catch (err) {
    const e = err as ModelValidationError;
    if (!e.errors) return [{ path: '', message: e.message }];
    return describeAjvErrors(e.errors);
  }
}

/** The model class per `apiVersion kind` (null: none), looked up once. */
const models = new Map<string, ModelClass | null>();

function findModel(apiVersion: string, kind: string): ModelClass | null {
  const path = modulePath(apiVersion);
  if (!path) return null;
  // Both packages ship one module per kind (`kubernetes-models/apps/v1/Deployment`); loading only that one
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
