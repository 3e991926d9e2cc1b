/**
 * Validation of Flagger's kinds (flagger.app/v1beta1 Canary, MetricTemplate, AlertProvider) with the project's
 * own strict schemas. No registry package models Flagger's API, and its CRD is not copied into this project.
 */
import type { z } from 'zod';
import type { FieldError } from '../model-schemas';
import { closestField } from '../strict/unknown-fields';
import { alertProviderSchema } from './alert-provider';
import { canarySchema } from './canary';
import { metricTemplateSchema } from './metric-template';

export { FLAGGER_ALERT_PROVIDERS } from './alert-provider';
export { FLAGGER_HOOK_TYPES, FLAGGER_MESH_PROVIDERS } from './canary';
export { FLAGGER_METRIC_PROVIDERS } from './metric-template';

/** Flagger's API group and the only version it serves (Flagger 1.44.0). */
export const FLAGGER_GROUP = 'flagger.app';
export const FLAGGER_API_VERSION = 'flagger.app/v1beta1';

/** The schema of each Flagger kind. */
export const FLAGGER_SCHEMAS = {
  AlertProvider: alertProviderSchema,
  Canary: canarySchema,
  MetricTemplate: metricTemplateSchema,
} as const;

/**
 * Validates a flagger.app object. Returns undefined when Flagger has no such kind or does not serve the
 * apiVersion (the caller reports it), otherwise every problem (empty when valid).
 */
export function validateFlaggerObject(apiVersion: string, kind: string, obj: object): FieldError[] | undefined {
  if (apiVersion !== FLAGGER_API_VERSION || !Object.hasOwn(FLAGGER_SCHEMAS, kind)) return undefined;
  const schema = FLAGGER_SCHEMAS[kind as keyof typeof FLAGGER_SCHEMAS];
  const result = schema.safeParse(obj);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => describeIssue(issue, obj, schema, `is not a field of ${kind} (${apiVersion})`));
}

/** The kinds Flagger serves, for "did you mean" messages. */
export function flaggerKinds(): string[] {
  return Object.keys(FLAGGER_SCHEMAS).sort();
}

/** `['spec', 'analysis', 'metrics', 0]` -> `spec.analysis.metrics[0]`. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let node = obj;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  return node;
}

/** Turns one zod issue into field errors worded like the other validators' (path, value, rule). */
function describeIssue(issue: z.core.$ZodIssue, obj: object, schema: SchemaNode, notAField: string): FieldError[] {
  const path = pathText(issue.path);
  const value = valueAt(obj, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) {
        const field = String(issue.path[issue.path.length - 1]);
        return [{ path: pathText(issue.path.slice(0, -1)), message: `is missing required field "${field}"` }];
      }
      return [{ path, message: `must be of type ${issue.expected === 'int' || isInteger(schemaAt(schema, issue.path)) ? 'integer' : issue.expected}` }];
    case 'unrecognized_keys': {
      const known = Object.keys(schemaAt(schema, issue.path)?._zod.def.shape ?? {});
      return issue.keys.map((key) => {
        const hint = closestField(key, known);
        return { path: path ? `${path}.${key}` : key, message: hint !== undefined ? `${notAField}; did you mean "${hint}"?` : notAField };
      });
    }
    case 'invalid_value':
      return [{ path, message: `(${JSON.stringify(value)}) must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'invalid_format':
      return [{ path, message: `(${JSON.stringify(value)}) must match ${issue.format === 'regex' && 'pattern' in issue ? String(issue.pattern) : issue.format}` }];
    case 'too_small':
      return [{ path, message: `(${JSON.stringify(value)}) must be ${issue.origin === 'string' ? `at least ${String(issue.minimum)} characters` : `>= ${String(issue.minimum)}`}` }];
    case 'too_big':
      return [{ path, message: `(${JSON.stringify(value)}) must be ${issue.origin === 'string' ? `at most ${String(issue.maximum)} characters` : `<= ${String(issue.maximum)}`}` }];
    case 'invalid_union': {
      const expected = [...new Set(issue.errors.flat().flatMap((e) => (e.code === 'invalid_type' ? [e.expected === 'int' ? 'an integer' : `a ${e.expected}`] : [])))];
      return [{ path, message: expected.length > 0 ? `(${JSON.stringify(value)}) must be ${expected.join(' or ')}` : issue.message }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/** The parts of a zod schema's definition that {@link fieldsAt} reads. */
interface SchemaNode {
  readonly _zod: {
    readonly def: {
      readonly type: string;
      readonly shape?: Readonly<Record<string, SchemaNode>>;
      readonly element?: SchemaNode;
      readonly valueType?: SchemaNode;
      readonly innerType?: SchemaNode;
      readonly format?: string;
    };
  };
}

function unwrap(node: SchemaNode): SchemaNode {
  let n = node;
  while (n._zod.def.innerType !== undefined) n = n._zod.def.innerType;
  return n;
}

/** The schema of the value at `path` (for a "did you mean" hint and the wording of a type error). */
function schemaAt(schema: SchemaNode, path: readonly PropertyKey[]): SchemaNode | undefined {
  let node: SchemaNode = unwrap(schema);
  for (const seg of path) {
    const def: SchemaNode['_zod']['def'] = node._zod.def;
    const next = def.type === 'object' ? def.shape?.[String(seg)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
    if (next === undefined) return undefined;
    node = unwrap(next);
  }
  return node;
}

function isInteger(node: SchemaNode | undefined): boolean {
  return node?._zod.def.type === 'number' && node._zod.def.format?.includes('int') === true;
}
