import * as fs from 'fs';
import * as path from 'path';
import type { KubeObject } from '../../packages/shared';
import { asEnvironmentError, withPath } from '../offline/fs-errors';
import { readTextFile, yamlDocuments } from '../offline/read-text';
import { UsageError } from '../shared/errors';

/** Extensions `check` reads. */
const EXTENSIONS: ReadonlySet<string> = new Set(['.yaml', '.yml', '.json']);
/** Folders `check` never walks into. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);
/** Kustomize build files: not Kubernetes objects, skipped with a note. */
const KUSTOMIZE_FILES: ReadonlySet<string> = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** A Kubernetes object read from a file. */
export interface FileObject {
  /** The file, as given or found (relative paths stay relative). */
  readonly file: string;
  /** 1-based position of the YAML document in the file (1 for JSON). */
  readonly document: number;
  /** For objects inside a `kind: List`, the item's index. @default - absent outside `kind: List` documents */
  readonly item?: number;
  /** The object. */
  readonly object: KubeObject;
}

/** A document `check` did not treat as a Kubernetes object, and why. */
export interface SkippedDocument {
  /** The file. */
  readonly file: string;
  /** 1-based document position. @default - absent when the whole file is skipped */
  readonly document?: number;
  /** Why it was skipped. */
  readonly reason: string;
}

/** A file that cannot be parsed. */
export interface UnreadableDocument {
  /** The file. */
  readonly file: string;
  /** 1-based document position. @default - absent when the whole file (JSON) does not parse */
  readonly document?: number;
  /** What the parser said. */
  readonly message: string;
}

/** Pulumi stack configuration (`Pulumi.<stack>.yaml`) found among the files: checked for plaintext secrets. */
export interface StackConfigFile {
  /** The stack file. */
  readonly file: string;
  /** The `config:` block as written (`secure:` values stay encrypted). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Everything read from the paths given to `check`. */
export interface CheckInput {
  /** Every file read, in order. */
  readonly files: readonly string[];
  /** The Kubernetes objects found. */
  readonly objects: readonly FileObject[];
  /** The `Pulumi.<stack>.yaml` files found. */
  readonly stackConfigs: readonly StackConfigFile[];
  /** Documents that are not Kubernetes objects. */
  readonly skipped: readonly SkippedDocument[];
  /** Files or documents that do not parse. */
  readonly unreadable: readonly UnreadableDocument[];
}

/**
 * Every .yaml/.yml/.json file under the paths (files as given, folders walked recursively without node_modules
 * and .git; pipes, sockets and devices inside folders are left alone), sorted within each folder so runs are
 * reproducible.
 * @throws UsageError when a path does not exist or no path is given
 * @throws EnvironmentError naming the path and the cause when a path or a folder cannot be read (EACCES, EMFILE, ...)
 */
export function collectFiles(paths: readonly string[]): string[] {
  if (paths.length === 0) throw new UsageError('give at least one file or folder to check');
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = withPath('read the folder', dir, () => fs.readdirSync(dir, { withFileTypes: true }));
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        // A pipe, socket or device found in a folder is never read (reading a FIFO would wait forever).
        out.push(full);
      }
    }
  };
  for (const p of paths) {
    if (p === '') throw new UsageError('an empty path was given (an unset variable?): give files or folders to check');
    // A file given by name is read whatever it is (`check <(kubectl kustomize .)` reads a pipe).
    const stat = statOrMissing(p);
    if (stat === undefined) throw new UsageError(`${p} does not exist`);
    if (stat.isDirectory()) walk(p);
    else out.push(p);
  }
  return [...new Set(out)];
}

/** The path's stat, `undefined` when nothing is there; any other failure names the path and the cause. */
function statOrMissing(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw asEnvironmentError(err, 'inspect', p);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Why a parsed document is not a Kubernetes object, or `undefined` when it is one. */
function notAnObject(doc: unknown): string | undefined {
  if (!isRecord(doc)) return 'not a mapping';
  if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') return 'no apiVersion/kind: not a Kubernetes object';
  return undefined; // anything else wrong (a missing metadata.name) is for schema validation to name
}

/** Reads the files: Kubernetes objects (multi-document YAML, JSON, `kind: List`), stack configs, and what was skipped. */
export function readCheckInput(files: readonly string[]): CheckInput {
  const objects: FileObject[] = [];
  const stackConfigs: StackConfigFile[] = [];
  const skipped: SkippedDocument[] = [];
  const unreadable: UnreadableDocument[] = [];
  for (const file of files) {
    const base = path.basename(file);
    if (KUSTOMIZE_FILES.has(base)) {
      skipped.push({ file, reason: 'a Kustomize build file, not a Kubernetes object' });
      continue;
    }
    const read = readTextFile(file);
    if ('problem' in read) {
      unreadable.push({ file, message: read.problem });
      continue;
    }
    const documents: unknown[] = [];
    if (path.extname(file).toLowerCase() === '.json') {
      try {
        documents.push(JSON.parse(read.text));
      } catch (err) {
        unreadable.push({ file, message: `is not valid JSON: ${(err as Error).message}` });
        continue;
      }
    } else {
      // Document by document: only plain values are kept, never a whole file's syntax trees.
      let index = 0;
      for (const doc of yamlDocuments(read.text)) {
        index += 1;
        if (doc.ok) documents.push(doc.value);
        else {
          unreadable.push({ file, document: index, message: doc.line === undefined ? doc.message : `${doc.message} at line ${doc.line}, column ${doc.col}` });
          documents.push(undefined);
        }
      }
    }
    if (/^Pulumi\.[^.]+\.ya?ml$/.test(base)) {
      const config = isRecord(documents[0]) && isRecord(documents[0].config) ? documents[0].config : {};
      stackConfigs.push({ file, config });
      continue;
    }
    if (base === 'Pulumi.yaml' || base === 'Pulumi.yml') {
      skipped.push({ file, reason: 'a Pulumi project file, not a Kubernetes object' });
      continue;
    }
    documents.forEach((doc, index) => {
      const document = index + 1;
      if (doc === undefined || doc === null) return; // a parse error (reported) or an empty document
      const reason = notAnObject(doc);
      if (reason) {
        skipped.push({ file, document, reason });
        return;
      }
      const obj = doc as KubeObject;
      if (obj.kind === 'List' && Array.isArray(obj.items)) {
        (obj.items as unknown[]).forEach((item, itemIndex) => {
          const itemReason = notAnObject(item);
          if (itemReason) skipped.push({ file, document, reason: `items[${itemIndex}]: ${itemReason}` });
          else objects.push({ file, document, item: itemIndex, object: item as KubeObject });
        });
        return;
      }
      objects.push({ file, document, object: obj });
    });
  }
  return { files, objects, stackConfigs, skipped, unreadable };
}

/** How messages name where an object came from: `deploy/app.yaml#2` or `list.json#1 items[3]`. */
export function locationOf(o: Pick<FileObject, 'file' | 'document' | 'item'>): string {
  return `${o.file}#${o.document}${o.item === undefined ? '' : ` items[${o.item}]`}`;
}
