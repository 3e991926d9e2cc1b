import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Ajv from 'ajv';
import { hashOf, SchemaCache } from './schema-cache';

const schema = {
  type: 'object',
  properties: { port: { type: 'integer', minimum: 1 }, name: { type: 'string', pattern: '^[a-z]+$' } },
  required: ['port'],
  additionalProperties: false,
};
const newAjv = (): Ajv => new Ajv({ allErrors: true, strict: false, code: { source: true } });

describe('SchemaCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'schema-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('derives a JSON value once and reads it back in a later process (a new cache on the same folder)', () => {
    const derive = jest.fn(() => ({ kinds: ['Canary'] }));
    expect(new SchemaCache(dir).json('k.json', derive)).toEqual({ kinds: ['Canary'] });
    expect(new SchemaCache(dir).json('k.json', derive)).toEqual({ kinds: ['Canary'] });
    expect(derive).toHaveBeenCalledTimes(1);
  });

  it('derives again when an entry is corrupt', () => {
    writeFileSync(join(dir, 'k.json'), '{"trunc');
    expect(new SchemaCache(dir).json('k.json', () => 42)).toBe(42);
    expect(readFileSync(join(dir, 'k.json'), 'utf8')).toBe('42');
  });

  it('works without a usable folder: values are derived every time, nothing is thrown', () => {
    const blocked = join(dir, 'file');
    writeFileSync(blocked, 'not a folder');
    const cache = new SchemaCache(join(blocked, 'sub'));
    expect(cache.json('k.json', () => 'v')).toBe('v');
    expect(cache.read('k.json')).toBeUndefined();
  });

  it('leaves no temporary files behind', () => {
    new SchemaCache(dir).json('k.json', () => 1);
    expect(readdirSync(dir)).toEqual(['k.json']);
  });

  it('reuses validator code from an earlier process, with the same verdicts and errors as a fresh compile', () => {
    const first = new SchemaCache(dir).validator(newAjv, schema, '8.17.1');
    expect(readdirSync(dir)).toEqual([`validator-${hashOf('8.17.1', JSON.stringify(schema))}.js`]);
    const second = new SchemaCache(dir).validator(newAjv, schema, '8.17.1');
    const bad = { port: 0, name: 'A', extra: true };
    expect(first(bad)).toBe(false);
    expect(second(bad)).toBe(false);
    expect(second.errors).toEqual(first.errors);
    expect(second.errors?.map((e) => e.keyword).sort()).toEqual(['additionalProperties', 'minimum', 'pattern']);
    expect(second({ port: 80, name: 'web' })).toBe(true);
  });

  it("keeps V8's code cache of a reused validator", async () => {
    const key = `validator-${hashOf('8.17.1', JSON.stringify(schema))}.js`;
    const codeFile = join(dir, `${key}.${process.versions.v8}.code`);
    new SchemaCache(dir).validator(newAjv, schema, '8.17.1');
    const reused = new SchemaCache(dir).validator(newAjv, schema, '8.17.1');
    expect(reused({ port: 1 })).toBe(true);
    await new Promise((done) => setImmediate(done));
    expect(readFileSync(codeFile).length).toBeGreaterThan(0);

  });

  it('replaces a code cache that V8 rejects', async () => {
    // A schema of its own: V8 reuses scripts it compiled earlier in the same process without reading the cache.
    const other = { ...schema, title: 'corrupt code cache' };
    const codeFile = join(dir, `validator-${hashOf('8.17.1', JSON.stringify(other))}.js.${process.versions.v8}.code`);
    new SchemaCache(dir).validator(newAjv, other, '8.17.1');
    writeFileSync(codeFile, 'not V8 code cache');
    const validate = new SchemaCache(dir).validator(newAjv, other, '8.17.1');
    expect(validate({ port: 0 })).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toEqual(['minimum']);
    await new Promise((done) => setImmediate(done));
    expect(readFileSync(codeFile, 'utf8')).not.toBe('not V8 code cache');
  });

  it('keys validators by schema and ajv version, so a changed schema or ajv compiles anew', () => {
    const cache = new SchemaCache(dir);
    cache.validator(newAjv, schema, '8.17.1');
    cache.validator(newAjv, { ...schema, required: ['name'] }, '8.17.1');
    cache.validator(newAjv, schema, '8.18.0');
    expect(readdirSync(dir).filter((f) => f.endsWith('.js'))).toHaveLength(3);
  });

  it('compiles again when cached validator code is broken', () => {
    const key = `validator-${hashOf('8.17.1', JSON.stringify(schema))}.js`;
    writeFileSync(join(dir, key), 'module.exports = 42;');
    const validate = new SchemaCache(dir).validator(newAjv, schema, '8.17.1');
    expect(validate({ port: 1 })).toBe(true);
    expect(readFileSync(join(dir, key), 'utf8')).toContain('module.exports');
    expect(readFileSync(join(dir, key), 'utf8')).not.toBe('module.exports = 42;');
  });
});
