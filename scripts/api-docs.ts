/**
 * Generates the API reference in `docs/api/` from the package's public entry points (`index.ts` and `api/*.ts`)
 * with the TypeScript compiler API: every export with its signature, its TSDoc summary and tags, and for
 * interfaces and classes a table of properties with their `@default`. It also lists documentation gaps (exports
 * or properties without a summary, optional properties without `@default`, exported declarations that name a
 * type the package does not export).
 *
 *   npm run docs:api            writes docs/api/*.md
 *   npm run docs:api -- --check exits 1 when the committed files differ from what would be generated
 *
 * Output is deterministic (sorted, no dates, no line numbers), so a test can compare it with the committed files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/** A public entry point of the package. */
export interface ApiEntry {
  /** Import path users write, e.g. `canary-platform/canary`. */
  readonly importPath: string;
  /** Source file, relative to the repository root. */
  readonly source: string;
  /** Markdown file written under docs/api/. */
  readonly doc: string;
  /** One line on what the entry is for. */
  readonly title: string;
}

/** The subpath entry points; the root (`index.ts`) re-exports all of them. Keep in sync with package.json `exports`. */
export const API_ENTRIES: readonly ApiEntry[] = [
  { importPath: 'canary-platform/canary', source: 'api/canary.ts', doc: 'canary.md', title: 'CanaryService construct, props and renderer (no Pulumi)' },
  { importPath: 'canary-platform/platform', source: 'api/platform.ts', doc: 'platform.md', title: 'Pulumi components and the cdk8s-to-Pulumi bridge' },
  { importPath: 'canary-platform/policies', source: 'api/policies.ts', doc: 'policies.md', title: 'Policy rules and evaluatePolicies' },
  { importPath: 'canary-platform/validation', source: 'api/validation.ts', doc: 'validation.md', title: 'Offline schema and PromQL validation' },
  { importPath: 'canary-platform/argo-rollouts', source: 'api/argo-rollouts.ts', doc: 'argo-rollouts.md', title: 'The Argo Rollouts engine (root namespace `argoRollouts`)' },
];

/** The root entry point. */
export const ROOT_ENTRY = 'index.ts';

/** A documentation gap found while generating. */
export interface DocGap {
  /** Source file of the declaration, relative to the repository root. */
  readonly file: string;
  /** `Export` or `Export.property`. */
  readonly symbol: string;
  /** What is missing. */
  readonly problem: 'no summary' | 'no @default' | 'not exported';
  /** For `not exported`: the type that is referenced. */
  readonly detail?: string;
}

/** The generated reference. */
export interface ApiDocs {
  /** File name under docs/api/ -> markdown. */
  readonly files: ReadonlyMap<string, string>;
  /** Every gap, sorted by file and symbol. */
  readonly gaps: readonly DocGap[];
  /** Names exported by each entry (import path -> names), sorted. */
  readonly exports: ReadonlyMap<string, readonly string[]>;
  /** The names among {@link ApiDocs.exports} that are values at run time (not types only), sorted. */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

/** Creates a program over the entry points with the repository's compiler options. */
function createProgram(root: string): ts.Program {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const rootNames = [ROOT_ENTRY, ...API_ENTRIES.map((e) => e.source)].map((f) => join(root, f));
  return ts.createProgram({ rootNames, options: { ...parsed.options, noEmit: true, types: ['node'] } });
}

/** Collapses whitespace of source text to single spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\(\s/g, '(').replace(/\s\)/g, ')').trim();
}

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim();
}

/** Renders TSDoc display parts, with `{@link X}` as `X` in code. */
function partsText(parts: readonly ts.SymbolDisplayPart[] | undefined): string {
  if (!parts) return '';
  let out = '';
  let link: string | undefined;
  for (const part of parts) {
    if (part.kind === 'link') {
      if (part.text.startsWith('{@link')) link = '';
      else if (link !== undefined) {
        const target = link.trim();
        out += target === '' ? '' : `\`${target}\``;
        link = undefined;
      }
    } else if (link !== undefined) {
      // linkName then optional linkText: prefer the text a writer gave
      link = part.kind === 'linkText' && part.text.trim() !== '' ? part.text : link + (part.kind === 'linkName' ? part.text : '');
    } else {
      out += part.text;
    }
  }
  return out.trim();
}

interface Doc {
  readonly summary: string;
  readonly tags: ReadonlyArray<{ readonly name: string; readonly text: string }>;
}

function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): Doc {
  return {
    summary: partsText(symbol.getDocumentationComment(checker)),
    tags: symbol.getJsDocTags(checker).map((t) => ({ name: t.name, text: partsText(t.text) })),
  };
}

function tag(doc: Doc, name: string): string | undefined {
  const found = doc.tags.find((t) => t.name === name);
  return found ? found.text : undefined;
}

/** Markdown of the summary and the tags worth showing under a heading. */
function docBlock(doc: Doc): string[] {
  const lines: string[] = [];
  if (doc.summary) lines.push(doc.summary, '');
  for (const t of doc.tags) {
    if (t.name === 'default') lines.push(`**Default:** ${t.text.startsWith('-') ? t.text.replace(/^-\s*/, '') : `\`${t.text}\``}`, '');
    else if (t.name === 'throws') lines.push(`**Throws:** ${t.text}`, '');
    else if (t.name === 'returns') lines.push(`**Returns:** ${t.text}`, '');
    else if (t.name === 'see') lines.push(`**See:** ${t.text}`, '');
    else if (t.name === 'example') lines.push('**Example:**', '', '```ts', t.text, '```', '');
  }
  return lines;
}

function defaultCell(doc: Doc): string {
  const d = tag(doc, 'default');
  if (d === undefined) return '';
  return d.startsWith('-') ? cell(d.replace(/^-\s*/, '')) : `\`${cell(d)}\``;
}

function descriptionCell(doc: Doc): string {
  const see = tag(doc, 'see');
  return cell(doc.summary + (see ? ` See ${see}.` : ''));
}

/** Context of one generation run. */
class Generator {
  readonly gaps: DocGap[] = [];
  private readonly exported = new Set<ts.Symbol>();

  constructor(
    private readonly root: string,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** Registers every symbol exported by any entry, so references to them are not reported. */
  markExported(symbols: readonly ts.Symbol[]): void {
    for (const s of symbols) this.exported.add(this.resolve(s));
  }

  resolve(symbol: ts.Symbol): ts.Symbol {
    return symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  fileOf(decl: ts.Node): string {
    return relative(this.root, decl.getSourceFile().fileName).split('\\').join('/');
  }

  gap(decl: ts.Node, symbol: string, problem: DocGap['problem'], detail?: string): void {
    this.gaps.push({ file: this.fileOf(decl), symbol, problem, ...(detail !== undefined ? { detail } : {}) });
  }

  /** Reports type references in `node` to this repository's types that no entry exports. */
  checkReferences(node: ts.Node | undefined, owner: string): void {
    if (!node) return;
    const visit = (n: ts.Node): void => {
      if (ts.isTypeReferenceNode(n) || ts.isExpressionWithTypeArguments(n)) {
        const name = ts.isTypeReferenceNode(n) ? n.typeName : n.expression;
        const raw = this.checker.getSymbolAtLocation(name);
        const target = raw ? this.resolve(raw) : undefined;
        const decl = target?.declarations?.[0];
        if (target && decl && !(target.flags & ts.SymbolFlags.TypeParameter) && !this.exported.has(target)) {
          const file = this.fileOf(decl);
          if (!file.startsWith('..') && !file.includes('node_modules') && !file.endsWith('.d.ts')) {
            this.gap(decl, owner, 'not exported', target.getName());
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
  }

  /** Markdown for one exported symbol. */
  render(name: string, exportSymbol: ts.Symbol): string[] {
    const symbol = this.resolve(exportSymbol);
    const decls = symbol.declarations ?? [];
    const decl = decls[0];
    if (!decl) return [`### ${name}`, '', '(no declaration)', ''];
    const doc = docOf(symbol, this.checker);
    if (!doc.summary && !ts.isModuleDeclaration(decl) && !ts.isSourceFile(decl)) this.gap(decl, name, 'no summary');
    const lines = [`### ${name}`, ''];
    if (ts.isSourceFile(decl)) {
      lines.push(`Namespace: the exports of \`${this.fileOf(decl)}\`; see the entry point that re-exports it.`, '');
      return lines;
    }
    lines.push(...docBlock(doc));
    lines.push(`<sub>Source: \`${this.fileOf(decl)}\`</sub>`, '');
    if (ts.isInterfaceDeclaration(decl)) lines.push(...this.renderInterface(name, decl));
    else if (ts.isClassDeclaration(decl)) lines.push(...this.renderClass(name, decl));
    else if (ts.isTypeAliasDeclaration(decl)) lines.push(...this.renderTypeAlias(name, decl));
    else if (ts.isFunctionDeclaration(decl)) lines.push(...this.renderFunctions(name, decls.filter(ts.isFunctionDeclaration)));
    else if (ts.isVariableDeclaration(decl)) lines.push(...this.renderVariable(name, decl, symbol));
    else lines.push('```ts', oneLine(decl.getText()), '```', '');
    return lines;
  }

  private signatureOf(name: string, node: ts.SignatureDeclarationBase): string {
    const typeParams = node.typeParameters ? `<${node.typeParameters.map((p) => oneLine(p.getText())).join(', ')}>` : '';
    const params = node.parameters.map((p) => oneLine(p.getText())).join(', ');
    const ret = node.type ? `: ${oneLine(node.type.getText())}` : '';
    return `${name}${typeParams}(${params})${ret}`;
  }

  private paramLines(owner: string, node: ts.SignatureDeclarationBase): string[] {
    const rows: string[] = [];
    for (const p of node.parameters) {
      this.checkReferences(p.type, owner);
      const text = ts
        .getJSDocParameterTags(p)
        .map((t) => (typeof t.comment === 'string' ? t.comment : ts.getTextOfJSDocComment(t.comment) ?? ''))
        .join(' ');
      rows.push(`| \`${p.name.getText()}\` | \`${cell(oneLine(p.type?.getText() ?? 'unknown'))}\` | ${cell(text.replace(/^-\s*/, ''))} |`);
    }
    return rows.length > 0 ? ['| Parameter | Type | Description |', '| --- | --- | --- |', ...rows, ''] : [];
  }

  private renderFunctions(name: string, decls: readonly ts.FunctionDeclaration[]): string[] {
    const withBody = decls.length > 1 ? decls.filter((d) => !d.body) : decls;
    const lines = ['```ts', ...withBody.map((d) => `function ${this.signatureOf(name, d)}`), '```', ''];
    for (const d of withBody) {
      this.checkReferences(d.type, name);
      lines.push(...this.paramLines(name, d));
    }
    return lines;
  }

  private memberRows(owner: string, members: readonly ts.Node[], requireDefaults: boolean): string[] {
    requireDefaults &&= isInputType(owner);
    const rows: string[] = [];
    for (const m of members) {
      if (!(ts.isPropertySignature(m) || ts.isPropertyDeclaration(m) || ts.isMethodSignature(m))) continue;
      if (ts.isPropertyDeclaration(m) && !isPublic(m)) continue;
      const memberName = m.name.getText();
      const symbol = this.checker.getSymbolAtLocation(m.name);
      const doc = symbol ? docOf(symbol, this.checker) : { summary: '', tags: [] };
      const optional = m.questionToken !== undefined;
      if (!doc.summary) this.gap(m, `${owner}.${memberName}`, 'no summary');
      const excluded = m.type?.kind === ts.SyntaxKind.NeverKeyword; // `x?: never` excludes a field from a union member
      if (requireDefaults && optional && !excluded && tag(doc, 'default') === undefined) this.gap(m, `${owner}.${memberName}`, 'no @default');
      this.checkReferences(m.type, `${owner}.${memberName}`);
      const type = ts.isMethodSignature(m) ? this.signatureOf('', m) : oneLine(m.type?.getText() ?? this.checker.typeToString(this.checker.getTypeAtLocation(m)));
      const flags = [ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Readonly ? 'readonly' : '', optional ? 'optional' : ''].filter(Boolean).join(', ');
      rows.push(`| \`${memberName}\`${flags ? ` <sub>${flags}</sub>` : ''} | \`${cell(type)}\` | ${defaultCell(doc)} | ${descriptionCell(doc)} |`);
    }
    return rows.length > 0 ? ['| Property | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows, ''] : [];
  }

  private renderInterface(name: string, decl: ts.InterfaceDeclaration): string[] {
    const heritage = decl.heritageClauses?.map((h) => oneLine(h.getText())).join(' ') ?? '';
    const typeParams = decl.typeParameters ? `<${decl.typeParameters.map((p) => oneLine(p.getText())).join(', ')}>` : '';
    decl.heritageClauses?.forEach((h) => this.checkReferences(h, name));
    return ['```ts', `interface ${name}${typeParams}${heritage ? ` ${heritage}` : ''}`, '```', '', ...this.memberRows(name, decl.members, true)];
  }

  private renderTypeAlias(name: string, decl: ts.TypeAliasDeclaration): string[] {
    this.checkReferences(decl.type, name);
    const typeParams = decl.typeParameters ? `<${decl.typeParameters.map((p) => oneLine(p.getText())).join(', ')}>` : '';
    const lines = ['```ts', `type ${name}${typeParams} = ${oneLine(decl.type.getText())}`, '```', ''];
    if (ts.isTypeLiteralNode(decl.type)) lines.push(...this.memberRows(name, decl.type.members, true));
    return lines;
  }

  private renderVariable(name: string, decl: ts.VariableDeclaration, symbol: ts.Symbol): string[] {
    // Literal defaults (`{ ... } as const`, `[...] as const`) read best as written: show the source.
    const literal = decl.type ? undefined : literalInitializer(decl.initializer);
    if (literal && literal.getText().length <= MAX_LITERAL_CHARS) return ['```ts', `const ${name} = ${dedent(literal.getText())}`, '```', ''];
    const type = decl.type
      ? oneLine(decl.type.getText())
      : this.checker.typeToString(this.checker.getTypeOfSymbolAtLocation(symbol, decl), undefined, ts.TypeFormatFlags.NoTypeReduction);
    this.checkReferences(decl.type, name);
    return ['```ts', `const ${name}: ${oneLine(type)}`, '```', ''];
  }

  private renderClass(name: string, decl: ts.ClassDeclaration): string[] {
    const heritage = decl.heritageClauses?.map((h) => oneLine(h.getText())).join(' ') ?? '';
    const lines = ['```ts', `class ${name}${heritage ? ` ${heritage}` : ''}`];
    const ctor = decl.members.find(ts.isConstructorDeclaration);
    if (ctor) lines.push(`  constructor(${ctor.parameters.map((p) => oneLine(p.getText())).join(', ')})`);
    const methods = decl.members.filter(
      (m): m is ts.MethodDeclaration | ts.GetAccessorDeclaration => (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && isPublic(m),
    );
    for (const m of methods) {
      if (ts.isGetAccessorDeclaration(m)) lines.push(`  get ${m.name.getText()}(): ${oneLine(m.type?.getText() ?? 'unknown')}`);
      else lines.push(`  ${this.signatureOf(m.name.getText(), m)}`);
    }
    lines.push('```', '');
    if (ctor) lines.push(...this.paramLines(name, ctor));
    lines.push(...this.memberRows(name, decl.members, false));
    const methodRows: string[] = [];
    for (const m of methods) {
      const symbol = this.checker.getSymbolAtLocation(m.name);
      const doc = symbol ? docOf(symbol, this.checker) : { summary: '', tags: [] };
      if (!doc.summary) this.gap(m, `${name}.${m.name.getText()}`, 'no summary');
      methodRows.push(`| \`${m.name.getText()}\` | ${descriptionCell(doc)} |`);
    }
    if (methodRows.length > 0) lines.push('| Method | Description |', '| --- | --- |', ...methodRows, '');
    return lines;
  }
}

/** Longest literal initializer shown as source; longer ones show their type. */
const MAX_LITERAL_CHARS = 4000;

/** The object or array literal `initializer` holds (through `as const` and `satisfies`), if any. */
function literalInitializer(initializer: ts.Expression | undefined): ts.Expression | undefined {
  if (!initializer) return undefined;
  const inner = ts.isAsExpression(initializer) || ts.isSatisfiesExpression(initializer) ? initializer.expression : initializer;
  return ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner) ? initializer : undefined;
}

/** Removes the common indentation of every line but the first (which starts mid-line in the source). */
function dedent(text: string): string {
  const lines = text.split('\n');
  const rest = lines.slice(1).filter((l) => l.trim() !== '');
  const indent = Math.min(...rest.map((l) => l.length - l.trimStart().length));
  return [lines[0], ...lines.slice(1).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))].join('\n');
}

/**
 * Input types by the naming convention (`XxxProps`, `XxxArgs`, `XxxSettings`, `XxxOptions`, `XxxInput`, `XxxSpec`):
 * their optional properties must document a `@default`. Other types (outputs, `Resolved...` results) need summaries only.
 */
export function isInputType(name: string): boolean {
  return !name.startsWith('Resolved') && /(Props|Args|Settings|Options|Input|Spec)$/.test(name);
}

function isPublic(node: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(node);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  const name = (node as ts.NamedDeclaration).name;
  return !(name && ts.isPrivateIdentifier(name));
}

/** The exports of `file` (aliases kept), sorted by name. */
function exportsOf(program: ts.Program, checker: ts.TypeChecker, file: string): ts.Symbol[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`api-docs: ${file} is not part of the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`api-docs: ${file} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).sort((a, b) => compare(a.getName(), b.getName()));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kindOf(symbol: ts.Symbol): string {
  const decl = symbol.declarations?.[0];
  if (!decl) return 'export';
  if (ts.isSourceFile(decl)) return 'namespace';
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isVariableDeclaration(decl)) return 'const';
  return 'export';
}

/** The first sentence of a summary, for index tables. */
function firstSentence(summary: string): string {
  const paragraph = summary.split(/\n\s*\n/)[0].replace(/\s+/g, ' ');
  const match = /^(.*?[.!?])(\s|$)/.exec(paragraph);
  return (match ? match[1] : paragraph).trim();
}

const HEADER = '<!-- Generated by scripts/api-docs.ts (npm run docs:api). Do not edit by hand: a test compares it with the sources. -->';

/** Generates the reference (in memory; nothing is written). */
export function generateApiDocs(root: string = resolve(__dirname, '..')): ApiDocs {
  const program = createProgram(root);
  const checker = program.getTypeChecker();
  const generator = new Generator(root, checker);
  const entryExports = API_ENTRIES.map((entry) => ({ entry, symbols: exportsOf(program, checker, join(root, entry.source)) }));
  for (const { symbols } of entryExports) generator.markExported(symbols);
  const rootExports = exportsOf(program, checker, join(root, ROOT_ENTRY));

  const files = new Map<string, string>();
  const exportsByEntry = new Map<string, readonly string[]>();
  const valuesByEntry = new Map<string, readonly string[]>();
  const valueNames = (symbols: readonly ts.Symbol[]): string[] => symbols.filter((s) => generator.resolve(s).flags & ts.SymbolFlags.Value).map((s) => s.getName());
  exportsByEntry.set('canary-platform', rootExports.map((s) => s.getName()));
  valuesByEntry.set('canary-platform', valueNames(rootExports));
  for (const { entry, symbols } of entryExports) {
    exportsByEntry.set(entry.importPath, symbols.map((s) => s.getName()));
    valuesByEntry.set(entry.importPath, valueNames(symbols));
    const moduleDoc = moduleSummary(program, join(root, entry.source));
    const lines = [HEADER, '', `# \`${entry.importPath}\``, '', moduleDoc, '', `Also exported by the package root \`canary-platform\`${entry.importPath.endsWith('argo-rollouts') ? ' as the namespace `argoRollouts`' : ''}.`, ''];
    lines.push('| Export | Kind | Summary |', '| --- | --- | --- |');
    for (const s of symbols) {
      const resolved = generator.resolve(s);
      lines.push(`| [\`${s.getName()}\`](#${anchor(s.getName())}) | ${kindOf(resolved)} | ${cell(firstSentence(docOf(resolved, checker).summary))} |`);
    }
    lines.push('');
    for (const s of symbols) lines.push(...generator.render(s.getName(), s));
    files.set(entry.doc, `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
  }

  const gaps = dedupeGaps(generator.gaps);
  files.set('README.md', indexPage(program, join(root, ROOT_ENTRY), entryExports.map((e) => ({ entry: e.entry, count: e.symbols.length })), gaps));
  return { files, gaps, exports: exportsByEntry, values: valuesByEntry };
}

function anchor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

function moduleSummary(program: ts.Program, file: string): string {
  const source = program.getSourceFile(file) as ts.SourceFile;
  const first = source.statements[0];
  const comment = first ? ts.getLeadingCommentRanges(source.text, first.getFullStart())?.[0] : undefined;
  if (!comment) return '';
  return source.text
    .slice(comment.pos, comment.end)
    .replace(/^\/\*\*|\*\/$/g, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .filter((l) => !l.startsWith('@packageDocumentation'))
    .join('\n')
    .replace(/\{@link\s+([^}\s|]+)(?:[\s|]+([^}]*))?\}/g, (_, target: string, text?: string) => `\`${text?.trim() || target}\``)
    .trim();
}

function dedupeGaps(gaps: readonly DocGap[]): DocGap[] {
  const seen = new Map<string, DocGap>();
  for (const g of gaps) seen.set(`${g.file}\u0000${g.symbol}\u0000${g.problem}\u0000${g.detail ?? ''}`, g);
  return [...seen.entries()].sort(([a], [b]) => compare(a, b)).map(([, g]) => g);
}

function indexPage(program: ts.Program, rootFile: string, entries: ReadonlyArray<{ entry: ApiEntry; count: number }>, gaps: readonly DocGap[]): string {
  const lines = [HEADER, '', '# canary-platform API reference', '', moduleSummary(program, rootFile), '', '## Entry points', ''];
  lines.push('| Import | Exports | For |', '| --- | --- | --- |');
  lines.push('| `canary-platform` | everything below | the whole API (loads Pulumi) |');
  for (const { entry, count } of entries) lines.push(`| [\`${entry.importPath}\`](${entry.doc}) | ${count} | ${entry.title} |`);
  lines.push('', '## Documentation gaps', '');
  if (gaps.length === 0) {
    lines.push('None: every export and property has a summary, and every optional property its `@default`.');
  } else {
    lines.push(
      'Exports or properties without a summary, optional properties without `@default`, and types the public API names but the package does not export. Fix them in the source and run `npm run docs:api`.',
      '',
      '| File | Symbol | Problem |',
      '| --- | --- | --- |',
    );
    for (const g of gaps) lines.push(`| \`${g.file}\` | \`${g.symbol}\` | ${g.problem}${g.detail ? `: \`${g.detail}\`` : ''} |`);
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Folder the reference is written to. */
export function docsDir(root: string = resolve(__dirname, '..')): string {
  return join(root, 'docs', 'api');
}

/** Files under docs/api/ that differ from (or are missing in, or extra to) the generated reference. */
export function staleFiles(docs: ApiDocs, dir: string = docsDir()): string[] {
  const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
  const stale = new Set<string>(present.filter((f) => !docs.files.has(f)));
  for (const [file, text] of docs.files) {
    const path = join(dir, file);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.add(file);
  }
  return [...stale].sort();
}

/** Writes the reference, removing markdown files that are no longer generated. */
export function writeApiDocs(docs: ApiDocs, dir: string = docsDir()): void {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.md') && !docs.files.has(f)) rmSync(join(dir, f));
  for (const [file, text] of docs.files) writeFileSync(join(dir, file), text);
}

if (require.main === module) {
  const docs = generateApiDocs();
  if (process.argv.includes('--check')) {
    const stale = staleFiles(docs);
    if (stale.length > 0) {
      process.stderr.write(`docs/api is out of date (${stale.join(', ')}): run npm run docs:api\n`);
      process.exitCode = 1;
    }
  } else {
    writeApiDocs(docs);
    process.stdout.write(`docs/api: ${docs.files.size} files, ${docs.gaps.length} documentation gaps\n`);
  }
}
