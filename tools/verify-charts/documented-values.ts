/**
 * Values a chart documents only in comments of its values.yaml, where they sit in the tree:
 *
 * ```yaml
 * persistence:
 *   enabled: false
 *   # storageClassName: default      <- persistence.storageClassName
 * storage:
 *   # bucketNames:                   <- storage.bucketNames
 *   #   chunks: FIXME                <- storage.bucketNames.chunks
 * ```
 *
 * The chart's templates read them (that is why they are documented), so setting one is not a typo. A commented
 * key's depth is the column of its `#` plus the spaces after it, less the one space that follows `#` by
 * convention. Prose comments that look like `word:` add harmless extra keys; block scalars and lists are not
 * entered.
 */

/** A documented value without documented children. */
export const DOCUMENTED_LEAF = '(documented in a comment)';

const KEY = /^([A-Za-z0-9_][A-Za-z0-9_.\-/]*|"[^"]+"|'[^']+'):(\s|$)/;

interface Frame {
  readonly indent: number;
  readonly node: Record<string, unknown>;
}

/**
 * The tree of keys of a values.yaml text, commented-out keys included (real keys too: the caller unions it with
 * the parsed values). Leaves hold {@link DOCUMENTED_LEAF}.
 */
export function documentedValues(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const stack: Frame[] = [{ indent: -1, node: root }];
  let blockScalarIndent: number | undefined;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const commented = /^(\s*)#(\s*)(.*)$/.exec(raw);
    const indent = commented !== null ? commented[1].length + Math.max(0, commented[2].length - 1) : raw.length - raw.trimStart().length;
    const body = commented !== null ? commented[3] : raw.trimStart();
    if (blockScalarIndent !== undefined) {
      if (commented === null && indent <= blockScalarIndent) blockScalarIndent = undefined;
      else continue;
    }
    const key = KEY.exec(body);
    if (key === null) continue;
    const name = key[1].replace(/^["']|["']$/g, '');
    while (stack.length > 1 && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack[stack.length - 1].node;
    const rest = body.slice(key[0].length).trim();
    if (rest === '' || rest.startsWith('#')) {
      const existing = parent[name];
      const node = existing !== null && typeof existing === 'object' ? (existing as Record<string, unknown>) : {};
      parent[name] = node;
      stack.push({ indent, node });
    } else {
      if (!(name in parent)) parent[name] = DOCUMENTED_LEAF;
      // Lines indented below a key that has a value (`resources: {}` followed by commented examples) are examples
      // of that value: they go to a detached node, not to the key's parent.
      stack.push({ indent, node: {} });
      // `key: |` and `key: >` start block scalars: their lines are text, not keys.
      if (/^[|>][-+0-9]*\s*(#.*)?$/.test(rest) && commented === null) blockScalarIndent = indent;
    }
  }
  return prune(root);
}

/** Maps that stayed empty are leaves (a key followed by a list or nothing documented below it). */
function prune(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = v !== null && typeof v === 'object' ? (Object.keys(v).length === 0 ? DOCUMENTED_LEAF : prune(v as Record<string, unknown>)) : v;
  }
  return out;
}
