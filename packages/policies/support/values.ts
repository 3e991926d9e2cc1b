/**
 * Small helpers for reading untyped object and resource data safely. Rules receive whatever a user wrote, so
 * every access goes through these instead of trusting shapes.
 */

/**
 * The sentinels Pulumi uses for values not known during preview: the language SDK's string sentinel (also
 * @pulumi/policy's unknown string) and the typed sentinels of @pulumi/policy (boolean, number, array, asset,
 * archive, object).
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  '04da6b54-80e4-46f7-96ec-b56ff0331ba9',
  '1c4a061d-8072-4f0a-a4cb-0ff528b18fe7',
  '3eeb2bf0-c639-47a8-9e75-3b44932eb421',
  '6a19a0b0-7e62-4c92-b797-7f8e31da9cc2',
  '030794c1-ac77-496b-92df-f27374a8bd58',
  'e48ece36-62e2-4504-bad9-02848725956a',
  'dd056dcd-154b-4c76-9bd3-c8f88648b5ff',
]);

/** The key and value Pulumi marks serialized secrets with (`{ "4dabf1...": "1b4706...", value }`). */
const SPECIAL_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

/** How the offline render and this project's outputs write a secret value. */
export const REDACTED_SECRET = '[secret]';

/** How the offline render writes a value that is only known after deployment. */
export const UNKNOWN_PLACEHOLDER = '[unknown]';

/** Plain-object view of an unknown value; `undefined` when it is not a plain object. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Array view of an unknown value; empty when it is not an array. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reads `a.b.c` from untyped data; `undefined` when any step is missing. */
export function getPath(value: unknown, path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = asRecord(current);
    if (!record) return undefined;
    current = record[key];
  }
  return current;
}

/**
 * True when the value is not known yet: a Pulumi unknown sentinel string, the offline render's `"[unknown]"`, or
 * an `Unknown` object from
 * @pulumi/pulumi (recognised the way the SDK recognises it across copies, by its `__pulumiUnknown` marker).
 */
export function isUnknown(value: unknown): boolean {
  if (typeof value === 'string') return value === UNKNOWN_PLACEHOLDER || UNKNOWN_SENTINELS.has(value);
  const record = asRecord(value);
  return record !== undefined && record.__pulumiUnknown === true;
}

/** True when the value is a serialized Pulumi secret (as runtime mocks deliver them) or was redacted as one. */
export function isSecretValue(value: unknown): boolean {
  if (value === REDACTED_SECRET) return true;
  const record = asRecord(value);
  if (!record) return false;
  return record[SPECIAL_SIG_KEY] === SECRET_SIG;
}

/** Renders a value for a message: `not set` for undefined, strings quoted, the rest as JSON, long values shortened. */
export function show(value: unknown): string {
  const text = value === undefined ? 'not set' : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Joins path segments the way problems print them: `spec.containers[0].image`. */
export function joinPath(...segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (segment === '') continue;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Appends relative segments to an already joined path. */
export function subPath(base: string, ...segments: ReadonlyArray<string | number>): string {
  const rest = joinPath(...segments);
  if (base === '') return rest;
  if (rest === '') return base;
  return rest.startsWith('[') ? `${base}${rest}` : `${base}.${rest}`;
}
