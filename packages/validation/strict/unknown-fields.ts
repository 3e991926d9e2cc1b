/**
 * Unknown fields, as `kubectl apply --validate=strict` reports them, for kinds validated by the kubernetes-models
 * packages. Their JSON schemas (the Kubernetes OpenAPI definitions; the CRD schemas of the Istio and Argo
 * Rollouts packages) leave objects open: a misspelt `spec.replicaz` validates, and the API server would drop it.
 * The packages ship their schemas compiled into validation functions, so the schemas cannot be closed by
 * editing them. What a validation function does reveal is which fields it knows: a JSON Schema validator reads
 * every property its schema declares for an object (ajv's code checks each one, present or not), enumerates the
 * keys of a map (`additionalProperties: {schema}`, labels, annotations, ConfigMap data) and reads nothing of a
 * free-form object (`type: object` without properties: RawExtension, `x-kubernetes-preserve-unknown-fields`).
 *
 * {@link KnownFields} runs the package's own validation function on a read-only view of the object that records
 * those reads, then reports every key of a declared-fields object that the validator never read.
 * The verdicts come from the same schema the package validates with; nothing is generated, cached or evaluated.
 * Covered by unknown-fields.test.ts (maps, free-form objects, arrays, int-or-string, shared sub-objects).
 */
import { editDistance } from '../../shared/edit-distance';

/** What a validator did with one object of the input. */
interface Reads {
  /** Keys the validator read: the fields its schema declares for this object. */
  readonly keys: Set<string>;
  /** True when it enumerated the keys: the object is a map, every key is allowed. */
  enumerated: boolean;
}

/** An unknown field: its dotted path, its key and the fields its object declares (for a "did you mean" hint). */
export interface UnknownField {
  readonly path: string;
  readonly key: string;
  readonly known: readonly string[];
}

/**
 * The fields one kind's validator knows, learnt from the validator and remembered by position: `spec.template`,
 * `spec.template.spec.containers[]`, `metadata.labels{}`. In the Kubernetes and CRD schemas a position always
 * has the same definition, so what a validator read at a position once holds for every object of the kind.
 * An object is observed (validated through the recording view) only when it has a position not seen before;
 * otherwise it is validated directly and its keys checked against the remembered fields, which is about as
 * fast as the validation itself. Reads are recorded per path, so a sub-object shared by two positions (one
 * labels object as `selector.matchLabels` and `template.metadata.labels`) is judged at each by its own
 * definition.
 */
export class KnownFields {
  private readonly root: Position = newPosition();

  /** @param alsoKnown fields the upstream API serves but the package's schema lacks (see {@link AlsoKnown}) */
  constructor(private readonly alsoKnown: AlsoKnown = () => false) {}

  /**
   * Validates `data` with `validate` and lists its unknown fields.
   *
   * @param data the object to check; never modified
   * @param validate the package's validation function; returns its verdict (or errors) for the object it is given
   */
  check<T>(data: object, validate: (obj: object) => T): { result: T; unknown: UnknownField[] } {
    const unknown: UnknownField[] = [];
    if (this.walk(data, this.root, [], unknown)) return { result: validate(data), unknown };
    const observed = observe(data, validate);
    this.learn(data, '', this.root, observed.reads);
    return { result: observed.result, unknown: unknownFields(data, '', observed.reads, this.alsoKnown, []) };
  }

  /** Checks `node` against the remembered fields; false when a position has not been learnt yet. */
  private walk(node: unknown, at: Position, path: (string | number)[], out: UnknownField[]): boolean {
    if (node === null || typeof node !== 'object') return true;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const ok = this.walk(node[i], (at.items ??= newPosition()), path, out);
        path.pop();
        if (!ok) return false;
      }
      return true;
    }
    const reads = at.reads;
    if (reads === undefined) return false;
    // A free-form object declares no field, so the validator read none: any key is allowed, and not checked.
    if (!reads.enumerated && reads.keys.size === 0) return true;
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      if (value === undefined) continue;
      if (reads.enumerated || reads.keys.has(key)) {
        if (value === null || typeof value !== 'object') continue;
        path.push(key);
        const ok = this.walk(value, reads.enumerated ? (at.values ??= newPosition()) : child(at, key), path, out);
        path.pop();
        if (!ok) return false;
      } else if (!this.alsoKnown(positionText(path), key, reads.keys)) {
        out.push({ path: pathText([...path, key]), key, known: [...reads.keys].sort() });
      }
    }
    return true;
  }

  /** Remembers what the validator read at each position of `node` (objects it never reached are skipped). */
  private learn(node: unknown, path: string, at: Position, reads: ReadonlyMap<string, Reads>): void {
    if (node === null || typeof node !== 'object') return;
    const record = reads.get(path);
    if (record === undefined) return;
    if (Array.isArray(node)) {
      node.forEach((item: unknown, i) => this.learn(item, `${path}[${i}]`, (at.items ??= newPosition()), reads));
      return;
    }
    at.reads ??= { keys: new Set(record.keys), enumerated: record.enumerated };
    if (!record.enumerated && record.keys.size === 0) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      if (record.enumerated) this.learn(value, childPath, (at.values ??= newPosition()), reads);
      else if (record.keys.has(key)) this.learn(value, childPath, child(at, key), reads);
    }
  }
}

/** What is remembered for one position of a kind: the reads there, and the positions below it. */
interface Position {
  reads?: Reads;
  readonly fields: Map<string, Position>;
  /** The items of an array. */
  items?: Position;
  /** The values of a map. */
  values?: Position;
}

function newPosition(): Position {
  return { fields: new Map() };
}

function child(at: Position, key: string): Position {
  let next = at.fields.get(key);
  if (next === undefined) {
    next = newPosition();
    at.fields.set(key, next);
  }
  return next;
}

/** `['spec', 'containers', 0, 'image']` -> `spec.containers[0].image`. */
function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

/** The position of a path as {@link AlsoKnown} receives it: `spec.containers[]` (map keys stay as they are). */
function positionText(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[]` : acc ? `${acc}.${seg}` : seg), '');
}

/** The unknown fields of an observed object: keys of a declared-fields object that its validator never read. */
function unknownFields(
  node: unknown,
  path: string,
  reads: ReadonlyMap<string, Reads>,
  alsoKnown: AlsoKnown,
  out: UnknownField[],
): UnknownField[] {
  if (node === null || typeof node !== 'object') return out;
  // Objects the validator never reached lie under an unknown field or a free-form object: nothing to say.
  const record = reads.get(path);
  if (record === undefined) return out;
  if (Array.isArray(node)) {
    node.forEach((item: unknown, i) => unknownFields(item, `${path}[${i}]`, reads, alsoKnown, out));
    return out;
  }
  if (!record.enumerated && record.keys.size === 0) return out;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (value === undefined) continue;
    const fieldPath = path ? `${path}.${key}` : key;
    if (record.enumerated || record.keys.has(key)) unknownFields(value, fieldPath, reads, alsoKnown, out);
    else if (!alsoKnown(path.replace(/\[\d+\]/g, '[]'), key, record.keys)) out.push({ path: fieldPath, key, known: [...record.keys].sort() });
  }
  return out;
}

/**
 * Runs `validate` on a read-only view of `data` that records what was read, per path (`spec.template`,
 * `spec.containers[0]`): a sub-object shared by two paths gets one record for each.
 */
function observe<T>(data: object, validate: (view: object) => T): { result: T; reads: Map<string, Reads> } {
  const reads = new Map<string, Reads>();
  const views = new Map<string, object>();
  const view = (target: object, path: string): object => {
    let proxy = views.get(path);
    if (proxy === undefined) {
      const record: Reads = { keys: new Set(), enumerated: false };
      reads.set(path, record);
      const isArray = Array.isArray(target);
      proxy = new Proxy(target, {
        get(t, key) {
          const value = Reflect.get(t, key) as unknown;
          if (typeof key !== 'string') return value;
          record.keys.add(key);
          if (value === null || typeof value !== 'object') return value;
          return view(value, isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key);
        },
        has(t, key) {
          if (typeof key === 'string') record.keys.add(key);
          return Reflect.has(t, key);
        },
        ownKeys(t) {
          record.enumerated = true;
          return Reflect.ownKeys(t);
        },
        set: () => false,
        defineProperty: () => false,
        deleteProperty: () => false,
      });
      views.set(path, proxy);
    }
    return proxy;
  };
  return { result: validate(view(data, '')), reads };
}

/**
 * A field the upstream API serves at `position` (`spec.metrics[]`) that the package's schema does not declare:
 * accepted (its value is not checked). `known` holds the fields the schema declares there.
 */
export type AlsoKnown = (position: string, key: string, known: ReadonlySet<string>) => boolean;

/**
 * The Kubernetes extensions of a CRD's JSON schema (JSONSchemaProps in apiextensions.k8s.io/v1): the Kubernetes
 * OpenAPI declares them, but kubernetes-models 4.5.0 leaves every `x-kubernetes-*` property out of its
 * JSONSchemaProps schema. They are known on an object whose declared fields are a JSON schema's (`$schema`).
 * Their values are not checked.
 */
export function schemaExtensionFields(_position: string, key: string, known: ReadonlySet<string>): boolean {
  return known.has('$schema') && JSON_SCHEMA_EXTENSIONS.has(key);
}

const JSON_SCHEMA_EXTENSIONS: ReadonlySet<string> = new Set([
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);

/** The declared field closest to a misspelt one (at most a third of its letters differ), for a hint. */
export function closestField(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
