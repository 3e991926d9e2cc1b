import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseDocument } from 'yaml';
import { ValidationError, type Problem } from '../../packages/shared';
import { ENVIRONMENT_CAUSES } from './fs-errors';
import { decodeText, documentValue } from './read-text';

/** What the offline engine needs from `Pulumi.yaml`. */
export interface PulumiProject {
  /** Folder holding `Pulumi.yaml`. */
  readonly dir: string;
  /** Project name (`name:`), the namespace of the project's own config keys. */
  readonly name: string;
  /** Program folder or file (`main:`), relative to {@link dir}. @default '.' */
  readonly main: string;
  /**
   * Project-level config values (`config:` entries with a `value:` or `default:`), namespaced. Keys in the
   * `pulumi:` namespace (engine settings such as `pulumi:tags`) are not passed to programs and are left out.
   */
  readonly config: Readonly<Record<string, unknown>>;
}

/** A stack's configuration as the program sees it. */
export interface StackConfig {
  /** Stack name, for example `prod`. */
  readonly stack: string;
  /** The stack file, for example `Pulumi.prod.yaml`, relative to the project folder. */
  readonly file: string;
  /** Every config value as Pulumi hands it to programs: strings, structured values JSON-encoded. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys whose value is or contains a `secure:` value. */
  readonly secretKeys: readonly string[];
  /** The placeholder strings that stand in for `secure:` values (they must never reach written output). */
  readonly secretValues: readonly string[];
}

/** The stand-in for a `secure:` value: deterministic, clearly fake, and a valid `https` URL. */
export function secretPlaceholder(key: string, path: string): string {
  const digest = createHash('sha256').update(`${key}\u0000${path}`).digest('hex').slice(0, 12);
  return `https://offline-secret.invalid/${digest}`;
}

/**
 * Reads `Pulumi.yaml` in `dir`.
 * @throws ValidationError naming Pulumi.yaml when it is missing, unreadable, binary, not UTF-8, invalid YAML (an
 *   alias bomb included), not a mapping, or without a name.
 */
export function readProject(dir: string): PulumiProject {
  const file = 'Pulumi.yaml';
  const root = readYamlFile(dir, file, `no Pulumi project in ${dir} (Pulumi.yaml is missing)`);
  if (!isRecord(root)) {
    throw new ValidationError(`Invalid ${file}`, [{ subject: file, path: '', message: 'must be a mapping' }]);
  }
  if (typeof root.name !== 'string' || root.name === '') {
    throw new ValidationError(`Invalid ${file}`, [{ subject: file, path: 'name', message: 'is required (the project name)' }]);
  }
  const name = root.name;
  const config: Record<string, unknown> = {};
  if (isRecord(root.config)) {
    for (const [rawKey, entry] of Object.entries(root.config)) {
      const key = rawKey.includes(':') ? rawKey : `${name}:${rawKey}`;
      if (key.startsWith('pulumi:')) continue;
      if (isRecord(entry)) {
        if ('value' in entry) config[key] = entry.value;
        else if ('default' in entry) config[key] = entry.default;
      } else if (entry !== null && entry !== undefined) {
        config[key] = entry;
      }
    }
  }
  return { dir, name, main: typeof root.main === 'string' && root.main !== '' ? root.main : '.', config };
}

/** The stacks that have a `Pulumi.<stack>.yaml` in `dir`, sorted. */
export function listStacks(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/**
 * Reads `Pulumi.<stack>.yaml` and converts its `config:` to what Pulumi hands a program: namespaced keys,
 * string values (structured values JSON-encoded, as the Pulumi CLI does), `secure:` values replaced by a
 * deterministic placeholder and their keys marked secret. Project-level defaults from `Pulumi.yaml` apply to
 * keys the stack does not set.
 *
 * @throws ValidationError for an unknown stack (listing the stacks that exist), unreadable or invalid YAML,
 *   a `config:` that is not a mapping, or a key that is not `namespace:name`.
 */
export function readStackConfig(project: PulumiProject, stack: string): StackConfig {
  const file = `Pulumi.${stack}.yaml`;
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
    throw new ValidationError(`Invalid stack name`, [
      { subject: 'stack', path: '', message: `"${stack}" may only contain letters, digits, "-", "_" and "."` },
    ]);
  }
  if (!existsSync(join(project.dir, file))) {
    const stacks = listStacks(project.dir);
    throw new ValidationError(`Unknown stack "${stack}"`, [
      {
        subject: file,
        path: '',
        message: `does not exist in ${displayDir(project.dir)}; ${
          stacks.length > 0 ? `existing stacks: ${stacks.join(', ')}` : 'there are no Pulumi.<stack>.yaml files'
        }`,
      },
    ]);
  }
  const root = readYamlFile(project.dir, file, '');
  const problems: Problem[] = [];
  if (root !== null && root !== undefined && !isRecord(root)) {
    throw new ValidationError(`Invalid ${file}`, [{ subject: file, path: '', message: 'must be a mapping with a config: section' }]);
  }
  const rawConfig = isRecord(root) ? root.config : undefined;
  if (rawConfig !== undefined && rawConfig !== null && !isRecord(rawConfig)) {
    throw new ValidationError(`Invalid ${file}`, [
      { subject: file, path: 'config', message: `must be a mapping of "namespace:key: value" entries, not ${describe(rawConfig)}` },
    ]);
  }
  const merged: Record<string, unknown> = { ...project.config };
  for (const [key, value] of Object.entries(isRecord(rawConfig) ? rawConfig : {})) {
    if (!/^[^:\s]+:[^\s]+$/.test(key)) {
      problems.push({
        subject: file,
        path: `config.${key}`,
        message: `is not a namespaced key; write it as "${project.name}:${key}" (or "<provider>:${key}")`,
      });
      continue;
    }
    merged[key] = value;
  }
  if (problems.length > 0) throw new ValidationError(`Invalid ${file}`, problems);

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const secretValues: string[] = [];
  for (const key of Object.keys(merged).sort()) {
    const found: string[] = [];
    const value = replaceSecure(merged[key], key, '', found, file, problems);
    if (found.length > 0) {
      secretKeys.push(key);
      secretValues.push(...found);
    }
    config[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  if (problems.length > 0) throw new ValidationError(`Invalid ${file}`, problems);
  return { stack, file, config, secretKeys, secretValues };
}

function replaceSecure(value: unknown, key: string, path: string, found: string[], file: string, problems: Problem[]): unknown {
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'secure') {
      if (typeof value.secure !== 'string' || value.secure === '') {
        problems.push({ subject: file, path: `config.${key}${path}.secure`, message: 'must be the encrypted string Pulumi wrote' });
        return '';
      }
      const placeholder = secretPlaceholder(key, path);
      found.push(placeholder);
      return placeholder;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = replaceSecure(value[k], key, `${path}.${k}`, found, file, problems);
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => replaceSecure(v, key, `${path}[${i}]`, found, file, problems));
  return value;
}

/**
 * Reads one YAML file of the project as its plain value. Every way it can fail is a ValidationError naming the
 * file: missing (`missingMessage`, when given), unreadable (the cause and its errno code), binary or not UTF-8,
 * invalid YAML (line and column), or an alias bomb.
 */
function readYamlFile(dir: string, file: string, missingMessage: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    const message = code === 'ENOENT' && missingMessage ? missingMessage : `cannot be read: ${ENVIRONMENT_CAUSES[code] ?? code} (${code})`;
    throw new ValidationError(`Cannot read ${file}`, [{ subject: file, path: '', message }]);
  }
  const decoded = decodeText(bytes);
  if ('problem' in decoded) throw new ValidationError(`Cannot read ${file}`, [{ subject: file, path: '', message: decoded.problem }]);
  const doc = parseDocument(decoded.text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ValidationError(
      `Invalid YAML in ${file}`,
      doc.errors.map((e) => ({
        subject: e.linePos ? `${file}:${e.linePos[0].line}:${e.linePos[0].col}` : file,
        path: '',
        message: `is not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  // Converted once, with aliases limited: only the plain value is kept.
  const value = documentValue(doc);
  if (!value.ok) throw new ValidationError(`Invalid YAML in ${file}`, [{ subject: file, path: '', message: value.message }]);
  return value.value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string "${value}"`;
  return `${typeof value} ${String(value)}`;
}

function displayDir(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel === '' ? 'this folder' : rel;
}
