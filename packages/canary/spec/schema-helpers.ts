/**
 * Small zod building blocks with our message style, and the conversion of zod issues into {@link Problem}s:
 * `<service>: <path> <value> <rule>`, e.g. `podinfo: strategy.maxWeight (120) must be 1-100`.
 *
 * Convention: a rule message never repeats the value; the converter puts the value in front of it (strings
 * quoted, numbers and lists in parentheses). Issues whose message is already complete carry
 * `params: { complete: true }`.
 */
import { z } from 'zod';
import type { Problem } from '../../shared';
import { Duration, DURATION_RULE } from './duration';
import type { DurationInput } from './props';

/** Lower-case letters, digits and '-', starting and ending with a letter or digit. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain (dot-separated labels). */
export const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** What a DNS-1123 label is, for messages. */
export const DNS_LABEL_RULE = "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";

/** Formats a value for a message: strings and durations quoted, other values in parentheses. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Duration.isDuration(value)) return JSON.stringify(value.toString());
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `(${String(value)})`;
  if (Array.isArray(value)) return `(${JSON.stringify(value)})`;
  return '';
}

/** Formats a path: `strategy.stepWeights[2]`, `labels["app.kubernetes.io/name"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** A complete message: `<value> <rule>`, as custom issues carry it. */
export function describe(value: unknown, rule: string): string {
  const v = formatValue(value);
  return v === '' ? rule : `${v} ${rule}`;
}

/** Adds a complete custom issue at `path` (relative to the value being checked). */
export function addProblem(ctx: { issues: unknown[] }, path: PropertyKey[], value: unknown, rule: string): void {
  ctx.issues.push({ code: 'custom', path, message: describe(value, rule), input: value, params: { complete: true } });
}

/** A whole number in [min, max], with the message `must be min-max`. */
export function intRange(min: number, max: number): z.ZodNumber {
  const range = `must be ${min}-${max}`;
  return z.number().int({ error: 'must be a whole number' }).min(min, { error: range }).max(max, { error: range });
}

/** A number in [min, max] (fractions allowed). */
export function numberRange(min: number, max: number): z.ZodNumber {
  const range = `must be ${min}-${max}`;
  return z.number().min(min, { error: range }).max(max, { error: range });
}

/** A strict object: unknown fields are problems that list the valid ones. */
export function strict<T extends z.ZodRawShape>(shape: T) {
  const valid = Object.keys(shape).sort().join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `is not a known field (valid fields: ${valid})` : undefined),
  });
}

/** A string matching `pattern`, else `rule`. */
export function matching(pattern: RegExp, rule: string): z.ZodString {
  return z.string().regex(pattern, { error: rule });
}

/** A DNS-1123 label of at most `maxLength` characters. */
export function dnsLabel(maxLength = 63, why = ''): z.ZodString {
  return z
    .string()
    .regex(DNS_1123_LABEL, { error: DNS_LABEL_RULE })
    .max(maxLength, { error: `must be at most ${maxLength} characters${why}` });
}

/** Options of {@link duration}. */
export interface DurationRule {
  /** Smallest allowed duration (inclusive). @default 1ms */
  readonly min?: Duration;
  /** Require a whole number of seconds. @default false */
  readonly wholeSeconds?: boolean;
  /** Why `min` applies, appended to the message. @default '' */
  readonly why?: string;
}

/**
 * A {@link Duration} or a strictly validated string; output is always a Duration. Never clamps. The input type is
 * {@link DurationInput} (what props declare); any other value is a problem, reported by the transform.
 */
export function duration(rule: DurationRule = {}) {
  const min = rule.min ?? Duration.millis(1);
  return z.custom<DurationInput>().transform((value: unknown, ctx): Duration => {
    const parsed = Duration.isDuration(value) ? value : typeof value === 'string' ? Duration.tryParse(value) : undefined;
    if (parsed === undefined) {
      addProblem(ctx, [], value, value === undefined ? 'is required' : DURATION_RULE);
      return z.NEVER;
    }
    if (rule.wholeSeconds === true && !parsed.isWholeSeconds()) {
      addProblem(ctx, [], value, 'must be a whole number of seconds');
      return z.NEVER;
    }
    if (parsed.toMilliseconds() < min.toMilliseconds()) {
      addProblem(ctx, [], value, `must be at least ${min.toString()}${rule.why ?? ''}`);
      return z.NEVER;
    }
    return parsed;
  });
}

/** `schema`, or `false` to turn the feature off. Input: `schema`'s input or `false`. */
export function orFalse<T extends z.ZodType>(schema: T) {
  return z.custom<z.input<T> | false>().transform((value: unknown, ctx): z.output<T> | false => {
    if (value === false) return false;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      addProblem(ctx, [], value, 'must be an object, or false to turn it off');
      return z.NEVER;
    }
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    forwardIssues(ctx, result.error.issues);
    return z.NEVER;
  });
}

/**
 * An object with exactly one of the keys of `options` (e.g. `{ secretKeyRef: ... }`), or a string when
 * `allowString`. Unlike z.union, a mistake inside the chosen form is reported at its own path.
 */
export function keyedUnion<T extends Record<string, z.ZodType>, S extends boolean>(options: T, allowString: S, rule: string) {
  type KeyedInput = { [K in keyof T]: { [P in K]: z.input<T[K]> } }[keyof T];
  type Keyed = { [K in keyof T]: { [P in K]: z.output<T[K]> } }[keyof T];
  return z.custom<S extends true ? string | KeyedInput : KeyedInput>().transform((value: unknown, ctx): S extends true ? string | Keyed : Keyed => {
    if (allowString && typeof value === 'string') return value as never;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const key = keys[0];
      if (keys.length === 1 && key !== undefined && Object.prototype.hasOwnProperty.call(options, key)) {
        const result = strict({ [key]: options[key] as z.ZodType }).safeParse(value, { reportInput: true });
        if (result.success) return result.data as never;
        forwardIssues(ctx, result.error.issues);
        return z.NEVER;
      }
    }
    addProblem(ctx, [], typeof value === 'object' ? undefined : value, rule);
    return z.NEVER;
  });
}

/**
 * Adds the issues of a nested parse to `ctx`, at their own paths (relative to the value being checked). A
 * finished issue is a raw issue with its message already set (zod keeps a given message); zod's types only
 * declare `input` more loosely on finished issues.
 */
function forwardIssues(ctx: z.core.$RefinementCtx, issues: readonly z.core.$ZodIssue[]): void {
  ctx.issues.push(...(issues as readonly z.core.$ZodRawIssue[]));
}

/** Converts zod issues into problems about `subject`, one per issue (unknown fields: one per field). */
export function toProblems(subject: string, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ subject, path: formatPath([...path, key]), message: issue.message });
      continue;
    }
    if (issue.code === 'invalid_key') {
      // The key is already in the path: report the key's rule without repeating it.
      for (const inner of issue.issues) problems.push({ subject, path: formatPath(path), message: inner.message });
      continue;
    }
    if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator !== undefined) {
      const input = (issue as { input?: unknown }).input;
      const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[issue.discriminator] : undefined;
      const options = ((issue as { options?: unknown[] }).options ?? []).map((o) => JSON.stringify(o)).join(', ');
      const rule = value === undefined ? `is required: one of ${options}` : `must be one of ${options}`;
      const at = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
      problems.push({ subject, path: formatPath(at), message: describe(value, rule) });
      continue;
    }
    problems.push({ subject, path: formatPath(path), message: messageOf(issue) });
  }
  return problems;
}

function messageOf(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if ((issue as { params?: { complete?: boolean } }).params?.complete === true) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined ? 'is required' : describe(input, `must be ${article(issue.expected)}`);
    case 'invalid_value':
      return describe(input, `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`);
    default:
      return describe(input, issue.message);
  }
}

function article(expected: string): string {
  switch (expected) {
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'an object';
    case 'boolean':
      return 'true or false';
    case 'int':
      return 'a whole number';
    default:
      return `a ${expected}`;
  }
}
