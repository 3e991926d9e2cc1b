/**
 * Helm's output read as Kubernetes reads it.
 *
 * YAML 1.2 requires the continuation lines of a multi-line quoted scalar to be indented past the key that holds it
 * (`s-flow-line-prefix(n)`; the yaml-test-suite case QB6E "Wrong indented multiline quoted scalar" is an error), and
 * the `yaml` package enforces it. The readers of helm and Kubernetes (sigs.k8s.io/yaml on go-yaml, a port of
 * libyaml) do not: their quoted-scalar scanner (`yaml_parser_scan_flow_scalar`) reads to the closing quote and checks
 * only for a document marker (`---`, `...`) at column 0 and the end of the stream, never the indentation. Upstream
 * CRDs use this: Flagger 1.44's `crds/crd.yaml` continues the `description` of `apiVersion` and `kind` on lines
 * indented like their key. Such a document is read here as go-yaml reads it: the continuation lines of each
 * unterminated quoted scalar are indented one column past its key and the document is parsed again. Leading spaces
 * of a continuation line are folded away (YAML 1.2 section 7.3), so the value is the one Kubernetes reads.
 */
import { Parser, parseAllDocuments, parseDocument, type Document } from 'yaml';
import type { KubeObject } from '../../packages/shared';

/** At most this many alias expansions per document (the `yaml` library's default). */
const MAX_ALIAS_COUNT = 100;

/**
 * A document of helm's output that cannot be parsed even as Kubernetes reads YAML (so Kubernetes would refuse it
 * too): it cannot be validated.
 */
export interface UnparsedDocument {
  /** The chart file it came from (helm's `# Source:` line). @default '(unknown source)' */
  readonly source: string;
  /** Which document of that file it is, from 1. */
  readonly document: number;
  /** Line of the first error in the document, from 1 (its first line after `---` and helm's `# Source:` comment). */
  readonly line: number;
  /** The parser's first message line, without its position. */
  readonly message: string;
}

/** What {@link readHelmOutput} found: the objects, and the documents that cannot be parsed. */
export interface HelmOutput {
  readonly objects: readonly KubeObject[];
  readonly unparsed: readonly UnparsedDocument[];
}

/** A token of the `yaml` package's concrete syntax tree, as far as this file reads it. */
interface QuotedToken {
  readonly type: 'single-quoted-scalar' | 'double-quoted-scalar';
  readonly offset: number;
  readonly indent: number;
  readonly source: string;
}

function isQuoted(token: { readonly type?: unknown }): token is QuotedToken {
  return token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar';
}

/** True when a quoted token's source ends with its closing quote (an escaped or doubled quote does not count). */
function isTerminated(token: QuotedToken): boolean {
  return closingQuote(token.source, 0) === token.source.length - 1;
}

/** Offset of the quote closing the scalar opened at `start` in `text`, or -1 when it is never closed. */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') i++;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** The first quoted scalar below `node` (a syntax tree) that is not terminated, in document order, or undefined. */
function unterminatedBelow(node: unknown): QuotedToken | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  if (isQuoted(node)) return isTerminated(node) ? undefined : node;
  const children = Array.isArray(node) ? (node as unknown[]) : Object.entries(node).filter(([key]) => key !== 'source').map(([, value]) => value as unknown);
  for (const child of children) {
    const found = unterminatedBelow(child);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The first quoted scalar of `text` that the `yaml` lexer cut before its closing quote, or undefined. */
function firstUnterminatedQuote(text: string): QuotedToken | undefined {
  return unterminatedBelow([...new Parser().parse(text)]);
}

/**
 * `text` with the continuation lines of its first unterminated quoted scalar indented one column past the scalar's
 * key, as go-yaml reads them; undefined when there is no such scalar, it is never closed, a continuation line starts
 * with a document marker (go-yaml refuses that too) or nothing needs indenting.
 */
export function indentQuotedContinuations(text: string): string | undefined {
  const token = firstUnterminatedQuote(text);
  if (token === undefined) return undefined;
  const end = closingQuote(text, token.offset);
  if (end === -1) return undefined;
  const needed = token.indent + 1;
  const lines = text.slice(token.offset, end + 1).split('\n');
  let changed = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^(?:---|\.\.\.)(?:[ \t\r]|$)/.test(line)) return undefined;
    const content = line.trimStart();
    if (content === '' || content === '\r') continue;
    const indent = line.length - content.length;
    if (indent < needed) {
      lines[i] = ' '.repeat(needed - indent) + line;
      changed = true;
    }
  }
  return changed ? text.slice(0, token.offset) + lines.join('\n') + text.slice(end + 1) : undefined;
}

/**
 * Parses one document of helm's output as Kubernetes does: when it is not valid YAML 1.2, its under-indented quoted
 * scalars are indented (one at a time, each fix parsed again) until it parses or nothing is left to indent.
 */
function parseLikeKubernetes(doc: Document.Parsed, text: string): Document.Parsed {
  let parsed = doc;
  let current = text;
  while (parsed.errors.length > 0) {
    const indented = indentQuotedContinuations(current);
    if (indented === undefined) return doc;
    current = indented;
    parsed = parseDocument(current);
  }
  return parsed;
}

/**
 * The objects of `helm template`'s output, read as Kubernetes reads them (see the file comment), and the documents
 * that cannot be parsed, named by their chart file (helm prints `# Source: <file>` before the first document of
 * each file; later documents of a file have none).
 */
export function readHelmOutput(stdout: string): HelmOutput {
  const objects: KubeObject[] = [];
  const unparsed: UnparsedDocument[] = [];
  let source = '(unknown source)';
  let document = 0;
  for (const doc of parseAllDocuments(stdout)) {
    const text = stdout.slice(doc.range[0], doc.range[2]);
    const named = /# Source: (\S+)/.exec(text)?.[1];
    source = named ?? source;
    document = named === undefined ? document + 1 : 1;
    const parsed = doc.errors.length > 0 ? parseLikeKubernetes(doc, text) : doc;
    if (parsed.errors.length > 0) {
      // The original document's errors: positions are offsets in stdout.
      const error = doc.errors[0];
      const header = /^(?:(?:---|#)[^\n]*\n)*/.exec(text)?.[0] ?? '';
      const line = lineCount(stdout.slice(doc.range[0], error.pos[0])) - lineCount(header) + 1;
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
      unparsed.push({ source, document, line, message });
      continue;
    }
    const value: unknown = parsed.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (value !== null && value !== undefined) objects.push(value as KubeObject);
  }
  return { objects, unparsed };
}

/** Number of line breaks in `text`. */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
