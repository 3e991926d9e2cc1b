/**
 * Turns zod issues about `canary-platform:*` values into {@link Problem}s in the house style:
 * `Pulumi.prod.yaml: canary-platform:cluster.nodePools[0].maxNodes (0) must be >= 1`.
 * Values of secret keys are never echoed.
 */
import type { z } from 'zod';
import type { Problem } from '../../packages/shared';
import { PROJECT, SECRET_KEYS } from './config-schema';

/** Formats a value for a message: strings quoted, other values in parentheses, long values shortened. */
export function formatConfigValue(value: unknown, secret: boolean): string {
  if (value === undefined) return '';
  if (secret) return '(secret)';
  const text = typeof value === 'string' ? JSON.stringify(value) : `(${JSON.stringify(value)})`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `cluster.nodePools[0].maxNodes` from `['cluster', 'nodePools', 0, 'maxNodes']`, prefixed with the project. */
export function configPath(path: readonly PropertyKey[]): string {
  let out = PROJECT;
  path.forEach((segment, i) => {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += i === 0 ? `:${String(segment)}` : `.${String(segment)}`;
  });
  return out;
}

const DEFAULT_MESSAGE = /^(Too small|Too big|Invalid|Unrecognized|Expected)/;

/** The problems one zod issue stands for (one per unknown key for `unrecognized_keys`). */
export function issueToProblem(file: string, issue: z.core.$ZodIssue, root: z.ZodType): Problem[] {
  const secret = (SECRET_KEYS as readonly PropertyKey[]).includes(issue.path[0]);
  const input = (issue as { input?: unknown }).input;
  const value = formatConfigValue(input, secret);
  const at = (message: string, path: readonly PropertyKey[] = issue.path): Problem => ({
    subject: file,
    path: configPath(path),
    message: value && !message.startsWith('is ') ? `${value} ${message}` : message,
  });
  const custom = !DEFAULT_MESSAGE.test(issue.message);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(root, issue.path);
      return issue.keys.map((key) => ({
        subject: file,
        path: configPath([...issue.path, key]),
        message: `is not a known key${known.length > 0 ? `; known keys: ${known.join(', ')}` : ''}`,
      }));
    }
    case 'invalid_type':
      if (input === undefined) return [at('is required')];
      return [at(custom ? issue.message : `must be ${article(issue.expected)}`)];
    case 'too_small':
      if (custom) return [at(issue.message)];
      if (issue.origin === 'array') return [at(`must have at least ${String(issue.minimum)} item(s)`)];
      if (issue.origin === 'string') return [at(`must be at least ${String(issue.minimum)} characters`)];
      return [at(`must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`)];
    case 'too_big':
      if (custom) return [at(issue.message)];
      if (issue.origin === 'array') return [at(`must have at most ${String(issue.maximum)} item(s)`)];
      if (issue.origin === 'string') return [at(`must be at most ${String(issue.maximum)} characters`)];
      return [at(`must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`)];
    case 'invalid_value':
      return [at(`must be one of ${issue.values.map((v) => String(v)).join(', ')}`)];
    case 'invalid_union': {
      // Report the branch that matches the value's shape (for `false | { ... }`: the mapping's own problems).
      const branches = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (branches.length === 1) {
        return branches[0].flatMap((i) => issueToProblem(file, { ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, root));
      }
      return [at('does not match any accepted form')];
    }
    default:
      return [at(issue.message)];
  }
}

function article(expected: string): string {
  if (expected === 'object') return 'a mapping';
  if (expected === 'array') return 'a list';
  if (expected === 'int') return 'a whole number';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

interface DefHolder {
  _zod: { def: { type: string; innerType?: DefHolder; element?: DefHolder; shape?: Record<string, unknown>; options?: DefHolder[] } };
}

/** Keys an object schema accepts at `path` (for "known keys" in messages). */
export function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: DefHolder | undefined = root as unknown as DefHolder;
  const unwrap = (n: DefHolder | undefined): DefHolder | undefined => {
    let current = n;
    while (current && ['optional', 'default', 'nullable'].includes(current._zod.def.type)) current = current._zod.def.innerType;
    if (current?._zod.def.type === 'union') current = current._zod.def.options?.find((o) => o._zod.def.type === 'object');
    return current;
  };
  for (const segment of path) {
    node = unwrap(node);
    if (!node) return [];
    if (typeof segment === 'number') node = node._zod.def.element;
    else node = node._zod.def.shape?.[String(segment)] as DefHolder | undefined;
  }
  // A union of mappings (`controlPlaneEndpoint`: one mapping per kind) accepts the keys of every branch.
  let last = node;
  while (last && ['optional', 'default', 'nullable'].includes(last._zod.def.type)) last = last._zod.def.innerType;
  if (last?._zod.def.type === 'union') {
    return [...new Set((last._zod.def.options ?? []).flatMap((o) => Object.keys(o._zod.def.shape ?? {})))];
  }
  node = unwrap(node);
  return Object.keys(node?._zod.def.shape ?? {});
}
