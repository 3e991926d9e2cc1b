/**
 * Rules across fields of one object, as zod checks: Flagger's CRD states them with `oneOf`, which a field-level
 * schema cannot say.
 */
import type * as z from 'zod/v4/core';

/** The keys of `fields` that are set on `value`. */
function present(value: unknown, fields: readonly string[]): string[] {
  const obj = value as Record<string, unknown>;
  return fields.filter((f) => obj[f] !== undefined);
}

/** At most one of `fields` may be set. */
export function atMostOneOf(fields: readonly string[]): z.CheckFn<object> {
  return (ctx) => {
    const set = present(ctx.value, fields);
    if (set.length > 1) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `sets ${set.join(' and ')}; set at most one of ${fields.join(', ')}` });
    }
  };
}

/** Exactly one of `fields` must be set. */
export function exactlyOneOf(fields: readonly string[], why = ''): z.CheckFn<object> {
  return (ctx) => {
    const set = present(ctx.value, fields);
    if (set.length === 1) return;
    const got = set.length === 0 ? 'sets none' : `sets ${set.join(' and ')}`;
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `${got}; set exactly one of ${fields.join(', ')}${why}` });
  };
}
