import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  LAYER_NAMES,
  LayerDefinition,
  layerOfProject,
  layerOrder,
  layerProject,
  LAYERS,
  layerStackName,
  layerTableProblems,
  layerWaves,
  upstreamLayers,
} from '../../../stacks/layers/layers';
import { referencedLayers } from '../../../stacks/layers/references';

const table = (...rows: Array<[string, string[]]>): LayerDefinition[] =>
  rows.map(([name, dependsOn]) => ({ name, dependsOn, builds: name, blastRadius: name }) as unknown as LayerDefinition);

describe('LAYERS', () => {
  it('is a valid table naming every layer once', () => {
    expect(layerTableProblems(LAYERS)).toEqual([]);
    expect(LAYERS.map((l) => l.name)).toEqual([...LAYER_NAMES]);
  });

  it('builds the cluster first, mesh and observability side by side, then delivery, then services', () => {
    expect(layerWaves().map((wave) => wave.map((l) => l.name))).toEqual([['cluster'], ['mesh', 'observability'], ['delivery'], ['services']]);
    expect(layerOrder().map((l) => l.name)).toEqual(['cluster', 'mesh', 'observability', 'delivery', 'services']);
  });

  it('lists what each layer needs, directly or not', () => {
    expect(upstreamLayers('services')).toEqual(['cluster', 'mesh', 'observability', 'delivery']);
    expect(upstreamLayers('observability')).toEqual(['cluster']);
    expect(upstreamLayers('cluster')).toEqual([]);
  });

  it('references the cluster layer (kubeconfig) from every other layer, and each direct dependency', () => {
    expect(referencedLayers('cluster')).toEqual([]);
    expect(referencedLayers('mesh')).toEqual(['cluster']);
    expect(referencedLayers('delivery')).toEqual(['cluster', 'mesh', 'observability']);
    expect(referencedLayers('services')).toEqual(['cluster', 'delivery']);
  });

  it('names projects and stacks canary-platform-<layer>', () => {
    expect(layerProject('mesh')).toBe('canary-platform-mesh');
    expect(layerStackName('organization', 'mesh', 'prod')).toBe('organization/canary-platform-mesh/prod');
    expect(layerOfProject('canary-platform-delivery')).toBe('delivery');
    expect(layerOfProject('canary-platform')).toBeUndefined();
    expect(layerOfProject('canary-platform-nope')).toBeUndefined();
  });

  it.each([...LAYER_NAMES])('has a Pulumi project for %s sharing the root stack files', (layer) => {
    const dir = join(__dirname, '..', '..', '..', 'stacks', 'layers', layer);
    const project = parse(readFileSync(join(dir, 'Pulumi.yaml'), 'utf8')) as Record<string, unknown>;
    expect(project).toMatchObject({ name: `canary-platform-${layer}`, runtime: { name: 'nodejs' }, main: 'index.ts', stackConfigDir: '../../..' });
    expect(existsSync(join(dir, String(project.stackConfigDir), 'Pulumi.prod.yaml'))).toBe(true);
    expect(readFileSync(join(dir, 'index.ts'), 'utf8')).toContain(`export = layerProgram('${layer}');`);
  });
});

describe('layer table rules', () => {
  it('reports unknown dependencies, self-dependencies and duplicates', () => {
    expect(layerTableProblems(table(['cluster', ['mesh']], ['cluster', []], ['mesh', ['mesh']]))).toEqual([
      'layer cluster is listed twice',
      'layer mesh depends on itself',
    ]);
    expect(layerTableProblems(table(['cluster', ['nope']]))).toEqual(['layer cluster depends on nope, which is not in the table']);
  });

  it('reports a cycle, and refuses to order a table with one', () => {
    const cyclic = table(['cluster', []], ['mesh', ['delivery']], ['delivery', ['mesh']]);
    expect(layerTableProblems(cyclic)).toEqual(['layers depend on each other in a cycle: mesh -> delivery -> mesh']);
    expect(() => layerOrder(cyclic)).toThrow('Invalid layer table:\n  - layers depend on each other in a cycle: mesh -> delivery -> mesh');
  });
});

describe('docs/disaster-recovery.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'disaster-recovery.md'), 'utf8');

  // The estimate column is checked against the duration model in tests/rebuild/docs.test.ts.
  it.each(LAYERS.map((l) => [l.name, l] as const))('lists layer %s with its dependencies as in LAYERS', (_name, layer) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${layer.name}\` |`));
    expect(row).toBeDefined();
    const cells = (row as string).split('|').map((c) => c.trim());
    expect(cells[2]).toBe(layer.dependsOn.length > 0 ? layer.dependsOn.join(', ') : '-');
  });
});
