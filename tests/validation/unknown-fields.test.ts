/**
 * Unknown fields learnt from a validator's reads (unknown-fields.ts), with small hand-written validators that
 * read the way a JSON-schema validator does: every declared property, the keys of a map, nothing of a
 * free-form object.
 */
import { closestField, KnownFields } from '../../packages/validation/strict/unknown-fields';

interface Obj {
  [key: string]: unknown;
}

/** Declares `name` and `spec` {replicas, labels (map), config (free-form), items[] {id}}. */
function validator(data: object): string[] {
  const errors: string[] = [];
  const d = data as Obj;
  if (typeof d.name !== 'string') errors.push('name');
  const spec = d.spec as Obj | undefined;
  if (spec !== undefined) {
    void spec.replicas;
    void spec.config;
    const labels = spec.labels as Obj | undefined;
    if (labels !== undefined) for (const k in labels) if (typeof labels[k] !== 'string') errors.push(`labels.${k}`);
    const items = spec.items as Obj[] | undefined;
    if (items !== undefined) for (let i = 0; i < items.length; i++) void items[i].id;
  }
  return errors;
}

const check = (fields: KnownFields, data: object) => fields.check(data, validator);

describe('KnownFields', () => {
  it('reports keys the validator never read, with the fields it declares there', () => {
    const { result, unknown } = check(new KnownFields(), { name: 'a', spec: { replicaz: 1, items: [{ id: 1 }, { idd: 2 }] } });
    expect(result).toEqual([]);
    expect(unknown).toEqual([
      { path: 'spec.replicaz', key: 'replicaz', known: ['config', 'items', 'labels', 'replicas'] },
      { path: 'spec.items[1].idd', key: 'idd', known: ['id'] },
    ]);
  });

  it('allows any key of a map and anything inside a free-form object', () => {
    const { unknown } = check(new KnownFields(), { name: 'a', spec: { labels: { anything: 'x' }, config: { deep: { free: true } } } });
    expect(unknown).toEqual([]);
  });

  it('gives the same answers from remembered positions as from observation', () => {
    const fields = new KnownFields();
    const data = { name: 'a', spec: { replicas: 1, labels: { a: 'b' }, items: [{ id: 1 }] } };
    expect(check(fields, data).unknown).toEqual([]);
    const bad = { name: 'a', spec: { replicas: 1, labels: { a: 'b' }, items: [{ id: 1, idd: 2 }], extra: true } };
    expect(check(fields, bad).unknown.map((u) => u.path)).toEqual(['spec.items[0].idd', 'spec.extra']);
    expect(check(fields, bad).unknown.map((u) => u.path)).toEqual(['spec.items[0].idd', 'spec.extra']);
  });

  it("returns the validator's own result and never modifies the object", () => {
    const data = { name: 42, spec: { labels: { a: 1 } } };
    const before = JSON.stringify(data);
    expect(check(new KnownFields(), data).result).toEqual(['name', 'labels.a']);
    expect(JSON.stringify(data)).toBe(before);
  });

  it('treats undefined values as absent', () => {
    expect(check(new KnownFields(), { name: 'a', spec: { replicaz: undefined } }).unknown).toEqual([]);
  });

  it('accepts the fields a caller declares the package is missing', () => {
    const fields = new KnownFields((position, key) => position === 'spec' && key === 'sleep');
    expect(check(fields, { name: 'a', spec: { sleep: 1, slep: 2 } }).unknown.map((u) => u.path)).toEqual(['spec.slep']);
  });

  it('does not let one sub-object shared by two positions open either position', () => {
    const fields = new KnownFields();
    const shared = { id: 1 };
    check(fields, { name: 'a', spec: { items: [shared], config: shared } });
    expect(check(fields, { name: 'a', spec: { items: [{ id: 1, idd: 2 }] } }).unknown.map((u) => u.path)).toEqual(['spec.items[0].idd']);
  });
});

describe('closestField', () => {
  it('suggests the declared field with the fewest edits, only when it is close', () => {
    expect(closestField('replicaz', ['replicas', 'selector'])).toBe('replicas');
    expect(closestField('hostNetwrok', ['hostNetwork', 'hostPID'])).toBe('hostNetwork');
    expect(closestField('colour', ['replicas', 'selector'])).toBeUndefined();
  });
});
