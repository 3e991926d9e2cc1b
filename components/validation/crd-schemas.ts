import { readFileSync } from 'fs';
import { join } from 'path';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { hashOf, SchemaCache } from './schema-cache';

/**
 * Upstream CustomResourceDefinitions vendored unmodified under `schemas/` (see schemas/SOURCES.md), by API group.
 * Files are parsed lazily, the first time a kind of their group is validated.
 */
const CRD_FILES: Readonly<Record<string, readonly string[]>> = {
  'flagger.app': ['flagger/crd.yaml'],
  'argoproj.io': [
    'argo-rollouts/rollout-crd.yaml',
    'argo-rollouts/analysis-template-crd.yaml',
    'argo-rollouts/cluster-analysis-template-crd.yaml',
    'argo-rollouts/analysis-run-crd.yaml',
    'argo-rollouts/experiment-crd.yaml',
  ],
  'networking.istio.io': ['istio/crd-all.gen.yaml'],
  'security.istio.io': ['istio/crd-all.gen.yaml'],
  'telemetry.istio.io': ['istio/crd-all.gen.yaml'],
  'extensions.istio.io': ['istio/crd-all.gen.yaml'],
};

/** Folder holding the vendored schemas: `<repo>/schemas`, found relative to this file in source and build. */
function schemasDir(): string {
  for (const up of ['../..', '../../..']) {
    const dir = join(__dirname, up, 'schemas');
    try {
      readFileSync(join(dir, 'SOURCES.md'));
      return dir;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`canary-platform: vendored schemas not found next to ${__dirname}`);
}

interface CrdVersion {
  readonly kind: string;
  readonly scope: string;
  readonly schema: Record<string, unknown>;
}

const parsedFiles = new Map<string, Map<string, CrdVersion>>();
const compiled = new Map<string, ValidateFunction>();
let ajvInstance: Ajv | undefined;
/**
 * The ajv compiler, loaded only when a validator is not in the schema cache (like the `yaml` parser below: with
 * a warm cache neither is loaded). `code.source` keeps each validator's code, so the cache can store it.
 */
function ajv(): Ajv {
  if (!ajvInstance) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AjvClass = (require('ajv') as typeof import('ajv')).default;
    ajvInstance = new AjvClass({ allErrors: true, strict: false, validateFormats: false, code: { source: true } });
  }
  return ajvInstance;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;

let schemaCache: SchemaCache | undefined;
/** Parsed CRDs and compiled validators survive between processes in `node_modules/.cache` (see schema-cache.ts). */
function cache(): SchemaCache {
  schemaCache ??= new SchemaCache(join(schemasDir(), '..', 'node_modules', '.cache', 'canary-platform', 'schemas'));
  return schemaCache;
}

/** Parses one vendored CRD file into `group/version/Kind` -> schema (cached on disk by the file's hash). */
function loadFile(file: string): Map<string, CrdVersion> {
  const cached = parsedFiles.get(file);
  if (cached) return cached;
  const text = readFileSync(join(schemasDir(), file), 'utf8');
  const key = `crds-${file.replace(/[^A-Za-z0-9.-]/g, '_')}-${hashOf(text)}.json`;
  const byKey = new Map<string, CrdVersion>(cache().json(key, () => parseCrdFile(text)));
  parsedFiles.set(file, byKey);
  return byKey;
}

function parseCrdFile(text: string): [string, CrdVersion][] {
  const entries: [string, CrdVersion][] = [];
  // Flagger's CRD has multi-line single-quoted descriptions that the `yaml` package flags but still reads;
  // only those description strings differ from go-yaml (see schemas/SOURCES.md), so the errors are ignored.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJS({ maxAliasCount: -1 }) as CrdDocument | null;
    if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions) {
      const schema = v.schema?.openAPIV3Schema;
      if (!schema) continue;
      entries.push([
        `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`,
        { kind: crd.spec.names.kind, scope: crd.spec.scope, schema },
      ]);
    }
  }
  return entries;
}

interface CrdDocument {
  kind: string;
  spec: {
    group: string;
    scope: string;
    names: { kind: string };
    versions: { name: string; schema?: { openAPIV3Schema?: Record<string, unknown> } }[];
  };
}

/** True when the API group is served by one of the vendored CRDs. */
export function isCrdGroup(group: string): boolean {
  return group in CRD_FILES;
}

/** Looks up the CRD version for `apiVersion` + `kind`, or undefined when the vendored CRDs do not define it. */
export function findCrd(apiVersion: string, kind: string): CrdVersion | undefined {
  const [group, version] = apiVersion.split('/');
  for (const file of CRD_FILES[group] ?? []) {
    const found = loadFile(file).get(`${group}/${version}/${kind}`);
    if (found) return found;
  }
  return undefined;
}

/** The `apiVersion`s the vendored CRDs serve for `kind` in `group`, for "did you mean" messages. */
export function servedVersions(group: string, kind: string): string[] {
  const out = new Set<string>();
  for (const file of CRD_FILES[group] ?? []) {
    for (const [key, v] of loadFile(file)) if (v.kind === kind) out.add(key.split('/').slice(0, 2).join('/'));
  }
  return [...out].sort();
}

/**
 * Validates an object against its vendored CRD schema. The schema is made strict the way
 * `kubectl apply --validate=strict` treats structural schemas: unknown fields are errors unless the schema says
 * `x-kubernetes-preserve-unknown-fields`. CEL rules (`x-kubernetes-validations`) are not evaluated.
 */
export function validateAgainstCrd(apiVersion: string, kind: string, obj: unknown): ErrorObject[] | undefined {
  const key = `${apiVersion}/${kind}`;
  let validate = compiled.get(key);
  if (!validate) {
    const crd = findCrd(apiVersion, kind);
    if (!crd) return undefined;
    validate = cache().validator(ajv, strictRoot(crd.schema), AJV_VERSION);
    compiled.set(key, validate);
  }
  return validate(obj) ? [] : [...(validate.errors ?? [])];
}

/** Adds the root fields every object carries and makes the whole schema strict. */
function strictRoot(schema: Record<string, unknown>): Record<string, unknown> {
  const root = strict(schema);
  const properties = { ...((root.properties as Record<string, unknown>) ?? {}) };
  properties.apiVersion = { type: 'string' };
  properties.kind = { type: 'string' };
  properties.metadata = { type: 'object' };
  return { ...root, type: 'object', properties, additionalProperties: false };
}

function strict(node: unknown): Record<string, unknown> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node as Record<string, unknown>;
  const s = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([p, ps]) => [p, strict(ps)]));
    } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') {
      out[k] = strict(v);
    } else if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && Array.isArray(v)) {
      out[k] = v.map((x) => strict(x));
    } else if (k === 'description' || k.startsWith('x-kubernetes-validations')) {
      continue;
    } else {
      out[k] = v;
    }
  }
  if (s.nullable === true && typeof s.type === 'string') out.type = [s.type, 'null'];
  if (s['x-kubernetes-int-or-string'] === true && !s.anyOf && !s.oneOf) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (!preserve && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}
