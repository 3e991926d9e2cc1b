/** Hostile inputs shared by the `check` and stack-file reader tests. */

/** A "billion laughs" YAML document: each level refers to the previous one nine times (9^4 = 6561 leaves). */
export const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '',
].join('\n');

/** A small, valid ConfigMap document (7 lines). */
export const CONFIG_MAP = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\ndata:\n  key: value\n`;

/** A Node.js system error as `fs` throws it. */
export function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
}
