/**
 * Test helper: compiles the upstream CRDs in a folder (read there, never copied) into ajv validators that treat
 * unknown fields as errors, as `kubectl apply --validate=strict` treats structural schemas: every object with
 * `properties` is closed unless it says `x-kubernetes-preserve-unknown-fields`. `x-kubernetes-int-or-string`
 * becomes integer-or-string, `nullable` allows null, and the root gets `apiVersion`, `kind` and `metadata` (Istio's
 * root schemas declare only `spec` and `status`). CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

type Schema = Record<string, unknown>;

interface CrdDocument {
  kind: string;
  spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema?: { openAPIV3Schema?: Schema } }[] };
}

/** `apiVersion kind` -> strict validator, for every served version of every CRD under `dir`. */
export function crdValidators(dir: string, ajv: Ajv): Map<string, ValidateFunction> {
  const validators = new Map<string, ValidateFunction>();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      // Flagger's CRD has multi-line single-quoted descriptions the `yaml` package flags but still reads.
      const crd = doc.toJS({ maxAliasCount: -1 }) as CrdDocument | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions) {
        const schema = v.schema?.openAPIV3Schema;
        if (!v.served || !schema) continue;
        validators.set(`${crd.spec.group}/${v.name} ${crd.spec.names.kind}`, ajv.compile(strictCrdSchema(schema)));
      }
    }
  }
  return validators;
}

/** A CRD's openAPIV3Schema, closed and with the root fields every object carries. */
export function strictCrdSchema(schema: Schema): Schema {
  const root = strict(schema);
  const properties = { ...((root.properties as Schema | undefined) ?? {}), apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
  return { ...root, type: 'object', properties, additionalProperties: false };
}

function strict(node: unknown): Schema {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node as Schema;
  const s = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, strict(ps)]));
    } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') {
      out[k] = strict(v);
    } else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) {
      out[k] = v.map((x) => strict(x));
    } else if (k !== 'description' && k !== 'x-kubernetes-validations') {
      out[k] = v;
    }
  }
  if (s.nullable === true && typeof s.type === 'string') out.type = [s.type, 'null'];
  if (s['x-kubernetes-int-or-string'] === true && !s.anyOf && !s.oneOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (s['x-kubernetes-preserve-unknown-fields'] !== true && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
