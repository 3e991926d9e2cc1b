/**
 * The guard every public constructor and function runs first: props, args, inputs, options and specs must be
 * objects. Plain JavaScript, JSON and YAML callers can pass anything; `undefined`, `null`, a string, a number or
 * an array is reported as a {@link ValidationError} naming the receiver and the field, never as a bare
 * `TypeError` from reading a property of it. For example `x: props must be an object (got undefined)`.
 *
 * Each boundary adds these problems to its own error, so the title stays that boundary's: `CanaryService at c/x
 * has 1 problem`, `GkeCluster x: invalid arguments`, `renderCanaryService: invalid arguments`.
 */
import { isValidationError, ValidationError, type Problem } from './problems';

/** What a value is, for messages: `undefined`, `null`, `a string ("nginx")`, `a number (3)`, `an array`, `an object`. */
export function describeKind(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)})`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `a ${typeof value} (${String(value)})`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return 'an object';
  }
}

/** True for a value whose fields can be read: an object that is neither `null` nor an array. */
export function isObjectRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which of the guarded fields may be `undefined` (their parameter has a default) or must hold an array. */
export interface FieldRules {
  /** Fields that accept `undefined`. @default [] */
  readonly optional?: readonly string[];
  /** Fields that must hold an array rather than an object. @default [] */
  readonly arrays?: readonly string[];
}

/**
 * The problems of fields that must hold objects (or arrays): none when every field does. Fields are checked in
 * the order given; each problem reads `<subject>: <field> must be an object (got <kind>)`.
 *
 * @param subject who receives the fields: a construct id, a component name, or a function's name
 * @param fields the values received, by field name (`props`, `args`, `input`, `options`, `spec`, ...)
 * @param rules which fields are optional or arrays; every other field is a required object
 */
export function objectProblems(subject: string, fields: Readonly<Record<string, unknown>>, rules: FieldRules = {}): Problem[] {
  const problems: Problem[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined && rules.optional?.includes(field) === true) continue;
    const array = rules.arrays?.includes(field) === true;
    if (array ? Array.isArray(value) : isObjectRecord(value)) continue;
    problems.push({ subject, path: field, message: `must be ${array ? 'an array' : 'an object'} (got ${describeKind(value)})` });
  }
  return problems;
}

/**
 * The guard of a public function that has no name of its own to report: throws one {@link ValidationError}
 * titled `<fn>: invalid arguments` when a field does not hold what it must.
 *
 * @example
 * requireObjectArguments('serviceTimeline', { spec });
 * // serviceTimeline: invalid arguments
 * //   - serviceTimeline: spec must be an object (got undefined)
 */
export function requireObjectArguments(fn: string, fields: Readonly<Record<string, unknown>>, rules: FieldRules = {}): void {
  // Fast path (renderers call this for every object they render): every field an object, no arrays expected.
  let allObjects = rules.arrays === undefined;
  for (const field in fields) allObjects &&= isObjectRecord(fields[field]);
  if (allObjects) return;
  const problems = objectProblems(fn, fields, rules);
  if (problems.length > 0) throw new ValidationError(`${fn}: invalid arguments`, problems);
}

/** `1 problem`, `2 problems`. */
export function problemCount(count: number): string {
  return `${count} problem${count === 1 ? '' : 's'}`;
}

/**
 * Runs `build` and re-titles any {@link ValidationError} it throws with the construct's path, as every cdk8s
 * construct reports its problems: `CanaryService at shop/podinfo has 2 problems`.
 */
export function withConstructPath<T>(kind: string, path: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (isValidationError(err)) throw new ValidationError(`${kind} at ${path} has ${problemCount(err.problems.length)}`, err.problems);
    throw err;
  }
}
