import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import type { ChartData } from './chart-data';

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Helm's coalescing of user values onto a chart's values.yaml: maps merge key by key, anything else replaces,
 * and a user `null` deletes the chart's key.
 */
export function coalesceValues(chart: unknown, user: unknown): unknown {
  if (!isMap(chart) || !isMap(user)) return user === undefined ? chart : user;
  const out: Record<string, unknown> = { ...chart };
  for (const [key, value] of Object.entries(user)) {
    if (value === null) delete out[key];
    else out[key] = coalesceValues(chart[key], value);
  }
  return out;
}

/**
 * Whether a subchart is on, as Helm decides from its `condition`: the first of the comma-separated paths that
 * holds a boolean in the parent's coalesced values; on when none does.
 */
export function conditionHolds(values: unknown, condition: string): boolean {
  for (const path of condition.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    let at: unknown = values;
    for (const key of path.split('.')) at = isMap(at) ? at[key] : undefined;
    if (typeof at === 'boolean') return at;
  }
  return true;
}

/** The JSON Schema draft a values.schema.json declares, as this check compiles it. */
export type SchemaDraft = 'draft-07' | '2019-09' | '2020-12';

/**
 * The draft of a chart schema: `$schema` naming 2019-09 or 2020-12 selects those; draft-07, draft-06 and the
 * versionless `http://json-schema.org/schema#` (Istio's gateway chart) compile as draft-07, as Helm 3's
 * validator does; draft-04 and drafts this check does not know are refused with the URI.
 */
export function schemaDraft(schema: Readonly<Record<string, unknown>>): SchemaDraft | { readonly unsupported: string } {
  const uri = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (uri.includes('2020-12')) return '2020-12';
  if (uri.includes('2019-09')) return '2019-09';
  if (uri === '' || /draft-0[67]\/schema#?$/.test(uri) || /json-schema\.org\/schema#?$/.test(uri)) return 'draft-07';
  return { unsupported: uri };
}

/** Compiles a chart schema for its draft; formats are not checked (Helm 3 does not check them either). */
function compile(schema: Readonly<Record<string, unknown>>, draft: SchemaDraft): ValidateFunction {
  const options = { strict: false, allErrors: true, validateFormats: false, logger: false } as const;
  const ajv = draft === '2020-12' ? new Ajv2020(options) : draft === '2019-09' ? new Ajv2019(options) : new Ajv(options);
  const { $schema: _ignored, ...body } = schema;
  // draft-06 keywords are a subset of draft-07's; the versionless URI is not registered in Ajv, so it is dropped.
  return ajv.compile(draft === 'draft-07' ? body : schema);
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath.slice(1).replace(/\//g, '.');
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})` : '';
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

/**
 * Validates values against the chart's values.schema.json and every enabled subchart's, as `helm template` does
 * (user values coalesced onto the chart's own, each subchart with its part and `global`).
 * @param at prefix of messages for subcharts (their values' path in the parent)
 * @returns one message per schema error, `<path> <message>`
 */
export function schemaProblems(values: Readonly<Record<string, unknown>>, chart: ChartData, at = ''): string[] {
  const merged = coalesceValues(chart.rawValues, values) as Record<string, unknown>;
  const problems: string[] = [];
  if (chart.schema !== undefined) {
    const draft = schemaDraft(chart.schema);
    if (typeof draft !== 'string') {
      problems.push(`${at}(schema) ${chart.name} ${chart.version}: values.schema.json declares ${draft.unsupported}, which this check cannot compile (supported: draft-06, draft-07, 2019-09, 2020-12)`);
    } else {
      const validate = compile(chart.schema, draft);
      if (!validate(merged)) problems.push(...(validate.errors ?? []).map((e) => `${at}${describe(e)}`));
    }
  }
  for (const [key, sub] of chart.subcharts) {
    const condition = chart.subchartConditions.get(key);
    if (condition !== undefined && !conditionHolds(merged, condition)) continue;
    const part = isMap(merged[key]) ? merged[key] : {};
    const subValues = merged.global === undefined ? part : { ...part, global: coalesceValues(sub.rawValues.global, merged.global) };
    problems.push(...schemaProblems(subValues as Record<string, unknown>, sub, `${at}${key}.`));
  }
  return problems;
}
