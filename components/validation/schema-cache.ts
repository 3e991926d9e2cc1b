import { createHash } from 'crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import type Ajv from 'ajv';
import type { AnySchemaObject, ValidateFunction } from 'ajv';

/**
 * A disk cache for what is expensive to derive from the vendored schemas on every process start: the parsed
 * CRD documents (parsing the 1 MB Istio YAML takes ~0.4 s) and the ajv validators compiled from them (up to
 * ~0.4 s per kind). The vendored files themselves are never modified.
 *
 * Every entry is keyed by a hash of its input (the file text; the schema plus the ajv version), so a changed
 * input simply misses. The cache only saves time: an entry that cannot be read, parsed or written is ignored
 * and the value is derived again. Writes go to a temporary file that is renamed into place, so concurrent
 * processes (jest workers) never read half an entry.
 */
export class SchemaCache {
  /** @param dir folder of the entries, created on first write */
  constructor(private readonly dir: string) {}

  /** The cached text under `key`, or undefined. */
  read(key: string): string | undefined {
    try {
      return readFileSync(join(this.dir, key), 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Stores `text` under `key`; failures (read-only file system, ...) are ignored. */
  write(key: string, text: string): void {
    const file = join(this.dir, key);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(tmp, text);
      renameSync(tmp, file);
    } catch {
      // The cache is an optimisation only.
    }
  }

  /**
   * Returns the value cached under `key` (parsed from JSON), or derives it with `derive`, stores it and returns it.
   */
  json<T>(key: string, derive: () => T): T {
    const text = this.read(key);
    if (text !== undefined) {
      try {
        return JSON.parse(text) as T;
      } catch {
        // corrupt entry: derive again
      }
    }
    const value = derive();
    this.write(key, JSON.stringify(value));
    return value;
  }

  /**
   * Compiles `schema` with the ajv instance `compiler` returns (it must have `code: { source: true }`), reusing
   * standalone validator code cached from an earlier process when the schema and ajv version are the same. On a
   * cache hit neither ajv's compiler nor `compiler` is loaded: cached code needs only ajv's small runtime helpers.
   */
  validator(compiler: () => Ajv, schema: AnySchemaObject, ajvVersion: string): ValidateFunction {
    const key = `validator-${hashOf(ajvVersion, JSON.stringify(schema))}.js`;
    const code = this.read(key);
    if (code !== undefined) {
      try {
        return loadStandalone(code);
      } catch {
        // corrupt or incompatible entry: compile again
      }
    }
    const ajv = compiler();
    const validate = ajv.compile(schema);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const standalone = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone');
    this.write(key, standalone.default(ajv, validate));
    return validate;
  }
}

/** Short hex sha256 of the parts, used in cache keys. */
export function hashOf(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 40);
}

/** Evaluates ajv standalone (CommonJS) validator code; its `require`s of ajv runtime helpers resolve from here. */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as { default?: ValidateFunction } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  const validate = module.exports.default ?? (module.exports as unknown as ValidateFunction);
  if (typeof validate !== 'function') throw new Error('cached validator code exports no function');
  return validate;
}
