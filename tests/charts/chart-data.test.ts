/**
 * The pieces the chart checks stand on, on small inputs built here: keys documented in comments, the values
 * walk (subchart aliases, global, free-form maps, istiod's pilot.*), Helm's coalescing and conditions, schema
 * drafts, and reading helm out of a zip archive.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { stringify } from 'yaml';
import { DOCUMENTED_LEAF, documentedValues } from '../../tools/verify-charts/documented-values';
import { coalesceValues, conditionHolds, deadValuePaths, kubernetesTypeOf, readChartFolder, readZipEntry, schemaDraft, schemaProblems, unknownValuePaths } from '../../tools/verify-charts';

const work = mkdtempSync(join(tmpdir(), 'chart-data-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function chart(name: string, files: { chart: object; values: string; schema?: object; sub?: Record<string, { chart: object; values: string }> }): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'charts'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), stringify(files.chart));
  writeFileSync(join(dir, 'values.yaml'), files.values);
  if (files.schema) writeFileSync(join(dir, 'values.schema.json'), JSON.stringify(files.schema));
  for (const [folder, sub] of Object.entries(files.sub ?? {})) {
    mkdirSync(join(dir, 'charts', folder), { recursive: true });
    writeFileSync(join(dir, 'charts', folder, 'Chart.yaml'), stringify(sub.chart));
    writeFileSync(join(dir, 'charts', folder, 'values.yaml'), sub.values);
  }
  return dir;
}

describe('documentedValues', () => {
  it('places commented-out keys where they sit in the tree', () => {
    const text = ['persistence:', '  enabled: false', '  # storageClassName: default', 'storage:', '  # Loki needs buckets.', '  # bucketNames:', '  #   chunks: FIXME', '  type: s3', ''].join('\n');
    expect(documentedValues(text)).toEqual({
      persistence: { enabled: DOCUMENTED_LEAF, storageClassName: DOCUMENTED_LEAF },
      storage: { bucketNames: { chunks: DOCUMENTED_LEAF }, type: DOCUMENTED_LEAF },
    });
  });

  it('does not read the lines of block scalars or the examples under a key that has a value as keys', () => {
    const text = ['config: |', '  route:', '    receiver: x', 'resources: {}', '  # limits:', '  #   cpu: 100m', 'port: 80', ''].join('\n');
    expect(documentedValues(text)).toEqual({ config: DOCUMENTED_LEAF, resources: DOCUMENTED_LEAF, port: DOCUMENTED_LEAF });
  });
});

describe('unknownValuePaths', () => {
  const parent = readChartFolder(
    chart('parent', {
      chart: { apiVersion: 'v2', name: 'parent', version: '1.0.0', dependencies: [{ name: 'child', version: '2.0.0', alias: 'kid' }] },
      values: 'global:\n  registry: r\nreplicas: 1\npodAnnotations:\n  a: b\nextra: {}\nkid:\n  fromParent: true\n',
      sub: { child: { chart: { apiVersion: 'v2', name: 'child', version: '2.0.0' }, values: 'global:\n  childOnly: x\nport: 80\n# debug: false\n' } },
    }),
  );

  it('knows subchart values under the alias, parent overrides for it, and global from every chart of the tree', () => {
    expect(unknownValuePaths({ kid: { port: 1, debug: true, fromParent: false }, global: { registry: 'x', childOnly: 'y' } }, parent)).toEqual([]);
    expect(unknownValuePaths({ kid: { prot: 1 }, child: { port: 1 }, global: { regsitry: 'x' } }, parent)).toEqual(['kid.prot', 'child', 'global.regsitry']);
  });

  it('does not look below free-form keys or maps the chart leaves empty', () => {
    expect(unknownValuePaths({ podAnnotations: { any: 'thing' }, extra: { any: { depth: 1 } }, replicas: 2 }, parent)).toEqual([]);
  });

  it("checks istiod's legacy pilot.* against the chart's root", () => {
    const istiod = readChartFolder(chart('istiod', { chart: { apiVersion: 'v2', name: 'istiod', version: '1.30.3' }, values: '_internal_defaults_do_not_set:\n  replicaCount: 1\n  global:\n    hub: h\n' }));
    expect(unknownValuePaths({ pilot: { replicaCount: 2, replicas: 2 }, global: { hub: 'x' } }, istiod)).toEqual(['pilot.replicas']);
  });
});

describe('Kubernetes types in values', () => {
  const app = readChartFolder(
    chart('typed', {
      chart: { apiVersion: 'v2', name: 'typed', version: '1.0.0' },
      values: [
        'resources:',
        '  requests:',
        '    cpu: 10m',
        'securityContext:',
        '  enabled: false',
        '  context:',
        '    readOnlyRootFilesystem: true',
        '    runAsUser: 100',
        'sidecar:',
        '  securityContext:',
        '    capabilities:',
        '      drop: [ALL]',
        '',
      ].join('\n'),
    }),
  );

  it("compares a value set where the chart shows an example of a Kubernetes type with the type's fields", () => {
    const hardened = { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: [] }, seccompProfile: { type: 'RuntimeDefault' } };
    expect(unknownValuePaths({ resources: { limits: { memory: '1Gi' } }, securityContext: { enabled: true, context: hardened }, sidecar: { securityContext: { readOnlyRootFilesystem: true } } }, app)).toEqual([]);
    expect(unknownValuePaths({ resources: { limit: { memory: '1Gi' } }, securityContext: { context: { readOnlyRootFilesytem: true, capabilities: { dorp: ['ALL'] } } } }, app)).toEqual([
      'resources.limit',
      'securityContext.context.readOnlyRootFilesytem',
      'securityContext.context.capabilities.dorp',
    ]);
  });

  it("recognises a type by an identifying field, and not a chart's own wrapper around it", () => {
    expect(kubernetesTypeOf({ requests: { cpu: '1' } })).toHaveProperty('claims');
    expect(kubernetesTypeOf({ runAsUser: 1, fsGroup: 2 })).toHaveProperty('seccompProfile');
    expect(kubernetesTypeOf({ enabled: false, context: {} })).toBeUndefined();
    expect(kubernetesTypeOf({ requests: {}, enabled: true })).toBeUndefined();
  });
});

describe('deadValuePaths', () => {
  const parent = readChartFolder(
    chart('gated', {
      chart: { apiVersion: 'v2', name: 'gated', version: '1.0.0', dependencies: [{ name: 'metrics', version: '1.0.0', condition: 'metrics.enabled' }] },
      values: 'securityContext:\n  enabled: false\n  context: {}\npdb:\n  enabled: true\n  minAvailable: 1\nmetrics:\n  enabled: false\n',
      sub: { metrics: { chart: { apiVersion: 'v2', name: 'metrics', version: '1.0.0' }, values: 'port: 80\nserviceMonitor:\n  enabled: false\n  interval: 30s\n' } },
    }),
  );

  it("names values beside an enabled that is false, the chart's default or ours", () => {
    expect(deadValuePaths({ securityContext: { context: { runAsNonRoot: true } }, pdb: { enabled: false, minAvailable: 2 } }, parent)).toEqual([
      'securityContext.context is ignored: securityContext.enabled is false',
      'pdb.minAvailable is ignored: pdb.enabled is false',
    ]);
    expect(deadValuePaths({ securityContext: { enabled: true, context: { runAsNonRoot: true } }, pdb: { minAvailable: 2 } }, parent)).toEqual([]);
  });

  it('names values of a subchart whose condition is false, and checks an enabled one inside', () => {
    expect(deadValuePaths({ metrics: { port: 90 } }, parent)).toEqual(['metrics.port is ignored: the subchart metrics is disabled (metrics.enabled is false)']);
    expect(deadValuePaths({ metrics: { enabled: true, port: 90, serviceMonitor: { interval: '10s' } } }, parent)).toEqual([
      'metrics.serviceMonitor.interval is ignored: metrics.serviceMonitor.enabled is false',
    ]);
  });

  it('leaves out values a chart reads although their enabled is false (READ_WHEN_DISABLED)', () => {
    expect(deadValuePaths({ pdb: { enabled: false, minAvailable: 2 } }, parent, { 'gated:pdb.minAvailable': 'read by the template anyway' })).toEqual([]);
  });
});

describe('Helm semantics', () => {
  it('coalesces user values onto the chart: maps merge, null deletes', () => {
    expect(coalesceValues({ a: { b: 1, c: 2 }, d: 3 }, { a: { b: 5, c: null }, e: 1 })).toEqual({ a: { b: 5 }, d: 3, e: 1 });
  });

  it('reads conditions as Helm does: the first path holding a boolean decides, on when none does', () => {
    expect(conditionHolds({ a: { enabled: false } }, 'a.enabled')).toBe(false);
    expect(conditionHolds({ b: { enabled: true } }, 'a.enabled, b.enabled')).toBe(true);
    expect(conditionHolds({}, 'a.enabled')).toBe(true);
  });

  it('compiles schemas for their draft and refuses drafts it cannot compile', () => {
    expect(schemaDraft({ $schema: 'http://json-schema.org/draft-07/schema#' })).toBe('draft-07');
    expect(schemaDraft({ $schema: 'http://json-schema.org/schema#' })).toBe('draft-07');
    expect(schemaDraft({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toBe('2020-12');
    expect(schemaDraft({ $schema: 'http://json-schema.org/draft-04/schema#' })).toEqual({ unsupported: 'http://json-schema.org/draft-04/schema#' });
    const c = readChartFolder(
      chart('schema-2020', {
        chart: { apiVersion: 'v2', name: 'schema-2020', version: '1.0.0' },
        values: 'replicas: 1\n',
        schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { replicas: { type: 'integer' } }, additionalProperties: false },
      }),
    );
    expect(schemaProblems({ replicas: 'x', other: 1 }, c)).toEqual(['(root) must NOT have additional properties (other)', 'replicas must be integer']);
  });
});

describe('readZipEntry', () => {
  it('reads stored and deflated entries by name', () => {
    const zip = zipOf({ 'helm/helm': Buffer.from('#!/bin/sh\necho helm\n'), 'kubectl/kubectl': Buffer.from('k') });
    expect(readZipEntry(zip, 'helm/helm')?.toString()).toBe('#!/bin/sh\necho helm\n');
    expect(readZipEntry(zip, 'kubectl/kubectl')?.toString()).toBe('k');
    expect(readZipEntry(zip, 'nope')).toBeUndefined();
    expect(() => readZipEntry(Buffer.from('not a zip at all, just some text that is long enough'), 'x')).toThrow('not a zip archive (no end of central directory)');
  });
});

/** A zip archive: the first entry deflated, the others stored (CRCs left 0: the reader does not check them). */
function zipOf(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  Object.entries(files).forEach(([name, content], i) => {
    const data = i === 0 ? deflateRawSync(content) : content;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(i === 0 ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(Buffer.byteLength(name), 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(i === 0 ? 8 : 0, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(content.length, 24);
    entry.writeUInt16LE(Buffer.byteLength(name), 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(name), data);
    central.push(entry, Buffer.from(name));
    offset += 30 + Buffer.byteLength(name) + data.length;
  });
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
