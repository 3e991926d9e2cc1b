/**
 * Reading user files safely: text must be UTF-8 (a binary file or another encoding is named as such, not
 * parsed as garbage), and YAML is read document by document with aliases limited, so that a "billion laughs"
 * file is a user error and a large file never holds every document's syntax tree at once.
 */
import { readFileSync } from 'node:fs';
import { Composer, Parser, type Document } from 'yaml';
import { withPath } from './fs-errors';

/** At most this many alias expansions per document (the `yaml` library's default); more is an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes `bytes` as UTF-8 text (a byte-order mark is dropped); returns why it is not text otherwise:
 * `is a binary file (it holds NUL bytes)` or `is not UTF-8 text (invalid byte sequence)`.
 */
export function decodeText(bytes: Uint8Array): { readonly text: string } | { readonly problem: string } {
  if (bytes.includes(0)) return { problem: 'is a binary file (it holds NUL bytes), not YAML or JSON text' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: 'is not UTF-8 text (invalid byte sequence); save it as UTF-8' };
  }
}

/**
 * Reads `path` as UTF-8 text.
 * @throws EnvironmentError when the file cannot be read (permission, missing, a folder, too many open files)
 */
export function readTextFile(path: string): { readonly text: string } | { readonly problem: string } {
  return decodeText(withPath('read', path, () => readFileSync(path)));
}

/** One YAML document read from a stream: its plain value, or why it could not be read. */
export type YamlDocumentResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly message: string; readonly line?: number; readonly col?: number };

/** Turns a parsed document into its plain value, naming an alias bomb instead of throwing. */
export function documentValue(doc: Document.Parsed): YamlDocumentResult {
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const message = `is not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '')}`;
    return e.linePos ? { ok: false, message, line: e.linePos[0].line, col: e.linePos[0].col } : { ok: false, message };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      return { ok: false, message: `is not valid YAML: more than ${MAX_ALIAS_COUNT} alias expansions (a YAML alias bomb?); write the values out` };
    }
    throw err;
  }
}

/**
 * The documents of a YAML stream, one at a time: each document's syntax tree is built, converted and dropped
 * before the next one is parsed, so memory follows the largest document, not the file.
 */
export function* yamlDocuments(text: string, options: { readonly uniqueKeys?: boolean } = {}): Generator<YamlDocumentResult> {
  const lines = new LineIndex(text);
  const composer = new Composer({ uniqueKeys: options.uniqueKeys ?? true });
  for (const doc of composer.compose(new Parser().parse(text), true, text.length)) {
    const result = documentValue(doc);
    if (!result.ok && result.line === undefined && doc.errors[0]?.pos !== undefined) {
      const { line, col } = lines.at(doc.errors[0].pos[0]);
      yield { ...result, line, col };
    } else yield result;
  }
}

/** Line and column (1-based) of an offset. */
class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  at(offset: number): { line: number; col: number } {
    if (this.starts === undefined) {
      this.starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] + 1 };
  }
}
