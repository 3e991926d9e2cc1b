/**
 * Validation problems as people read them: `<field> (<value>) <rule>`, e.g. `alpha (1.5) must be a number in
 * (0, 0.5]` or `detect.errorRate.kind ("ratio") must be one of "absolute", "relative"`. Built from zod issues;
 * the value is looked up in the input so it is always the value the user wrote.
 */
import type { z } from 'zod';

/** One validation problem. */
export interface Problem {
  /** Field path, e.g. `detect.errorRate.kind`. */
  readonly field: string;
  /** The complete message. */
  readonly text: string;
}

/** `a.b[2]["x.y"]` from path segments. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(root)' : out;
}

/** A value as messages show it: strings quoted, numbers and booleans in parentheses, objects as JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `(${String(value)})`;
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return JSON.stringify(value);
  }
  try {
    return `(${JSON.stringify(value)})`;
  } catch {
    return '';
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function line(field: string, value: unknown, rule: string): Problem {
  const shown = formatValue(value);
  return { field, text: `${field}${shown === '' ? '' : ` ${shown}`} ${rule}` };
}

/** One {@link Problem} per zod issue (one per unknown key), in input order, prefixed with `prefix`. */
export function formatProblems(issues: readonly z.core.$ZodIssue[], input: unknown, prefix: readonly PropertyKey[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const value = valueAt(input, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) problems.push(line(formatPath([...path, key]), undefined, issue.message));
        break;
      case 'invalid_union': {
        const options = 'options' in issue && Array.isArray(issue.options) ? (issue.options as unknown[]) : undefined;
        if (options !== undefined) {
          problems.push(line(formatPath(path), value, `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}`));
          break;
        }
        // `false | <schema>`: report the branch that is not a literal mismatch (the one the user meant).
        const meant = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_value'));
        if (meant.length === 1) {
          const root = meant[0][0];
          if (meant.length < issue.errors.length && meant[0].length === 1 && root.code === 'invalid_type' && root.path.length === 0) {
            problems.push(line(formatPath(path), value, root.message.startsWith('must') ? root.message : `must be ${article(root.expected)} ${root.expected}, or false`));
          } else {
            problems.push(...formatProblems(meant[0], value, path));
          }
          break;
        }
        problems.push(line(formatPath(path), value, value === undefined ? 'is required' : issue.message));
        break;
      }
      case 'invalid_type':
        problems.push(line(formatPath(path), value, value === undefined ? 'is required' : issue.message.startsWith('must') ? issue.message : `must be ${article(issue.expected)} ${issue.expected}`));
        break;
      default:
        problems.push(line(formatPath(path), value, issue.message));
    }
  }
  return problems;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
