import { createHash } from 'crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Script } from 'vm';
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

  /** The cached bytes under `key`, or undefined. */
  readBytes(key: string): Buffer | undefined {
    try {
      return readFileSync(join(this.dir, key));
    } catch {
      return undefined;
    }
  }

  /** Stores `text` under `key`; failures (read-only file system, ...) are ignored. */
  write(key: string, text: string | Buffer): void {
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
        return this.loadStandalone(key, code);
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

  /**
   * Evaluates ajv standalone (CommonJS) validator code; its `require`s of ajv runtime helpers resolve from here.
   * Parsing and compiling a large validator (the Flagger Canary's is 270 kB) costs more than the validation
   * itself, so V8's code cache for it is kept next to it (`<key>.<V8 version>.code`), made once the validator has
   * run (V8 then includes the functions it compiled lazily). V8 rejects a cache that does not fit (other version
   * or flags); it is then made again.
   */
  private loadStandalone(key: string, code: string): ValidateFunction {
    const codeKey = `${key}.${process.versions.v8}.code`;
    const cachedData = this.readBytes(codeKey);
    const script = new Script(`(function (module, exports, require) {${code}\n})`, { filename: join(this.dir, key), cachedData });
    const module = { exports: {} as { default?: ValidateFunction } };
    (script.runInThisContext() as (m: typeof module, e: typeof module.exports, r: NodeRequire) => void)(module, module.exports, require);
    const validate = module.exports.default ?? (module.exports as unknown as ValidateFunction);
    if (typeof validate !== 'function') throw new Error('cached validator code exports no function');
    if (cachedData === undefined || script.cachedDataRejected === true) {
      // After the current synchronous work, which has used the validator by then.
      setImmediate(() => this.write(codeKey, script.createCachedData()));
    }
    return validate;
  }
}

/** Short hex sha256 of the parts, used in cache keys. */
export function hashOf(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex').slice(0, 40);
}


