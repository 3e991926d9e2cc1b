/**
 * Test support for the layer programs: runs the single program or one layer under a recording mock monitor,
 * with StackReferences answered from a table of upstream outputs (as `pulumi:pulumi:StackReference` reads).
 */
import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, StackConfig } from '../../stacks/platform/config';
import { buildLayer } from '../../stacks/layers/program';
import { openUpstreamStacks } from '../../stacks/layers/references';
import { LayerName, layerProject } from '../../stacks/layers/layers';
import { buildPlatformStack } from '../../stacks/platform/program';
import { defaultMocks, installRecordingMonitor, ResourceGraph, type TestRecorder } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';

/** The organization of a self-managed (GCS) backend. */
export const ORGANIZATION = 'organization';

/** Outputs of upstream stacks by fully qualified stack name, and which of them are secrets. */
export type UpstreamOutputs = Record<string, { outputs: Record<string, unknown>; secretOutputNames?: string[] }>;

/** Mocks: the recording defaults, plus StackReferences read from `upstream` (an unknown stack fails the read). */
export function layerMocks(upstream: UpstreamOutputs): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      if (args.type === 'pulumi:pulumi:StackReference') {
        const name = String(args.inputs.name);
        const found = upstream[name];
        if (!found) throw new Error(`unknown stack ${name}`);
        return { id: name, state: { name, outputs: found.outputs, secretOutputNames: found.secretOutputNames ?? [] } };
      }
      return defaultMocks.newResource(args);
    },
    call: (args) => defaultMocks.call(args),
  };
}

/**
 * Installs the recording monitor with `mocks`, recording reads too (`pulumi.StackReference` is a read, not a
 * registration), so the graph holds the references and downstream dependencies on them resolve.
 */
export function installLayerMonitor(project: string, stack: string, mocks: pulumi.runtime.Mocks = defaultMocks): TestRecorder {
  return installRecordingMonitor({ mocks, project, stack, reads: true });
}

/** A stack file's validated configuration (no secrets set; services kept). */
export function stackConfig(stack: string): StackConfig {
  const { raw, file } = rawStackConfig(stack);
  return parseStackConfig(raw, { file, secretKeys: [] });
}

/** Resolves every Output in a layer's exports to plain values. */
async function resolveExports(exports: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(exports)) {
    out[key] = await new Promise((resolve) => {
      (pulumi.output(value) as unknown as pulumi.Output<unknown>).apply((v: unknown) => resolve(v));
    });
  }
  return out;
}

/** One rendered program: what it registered and what it exports. */
export interface RenderedProgram {
  readonly graph: ResourceGraph;
  readonly outputs: Record<string, unknown>;
}

/** Runs one layer of `stack` in its own project under mocks. */
export async function renderLayer(layer: LayerName, config: StackConfig, stack: string, upstream: UpstreamOutputs): Promise<RenderedProgram> {
  const monitor = installLayerMonitor(layerProject(layer), stack, layerMocks(upstream));
  const programExports = (await buildLayer(layer, config, openUpstreamStacks(layer, stack, ORGANIZATION))) as Record<string, unknown>;
  const outputs = await resolveExports(programExports);
  return { graph: await monitor.settle(), outputs };
}

/** Runs the single program (`stacks/platform/index.ts`'s `buildPlatformStack`) of `stack` under mocks. */
export async function renderSingleProgram(config: StackConfig, stack: string): Promise<RenderedProgram> {
  const monitor = installLayerMonitor('canary-platform', stack);
  const programExports = buildPlatformStack(config) as unknown as Record<string, unknown>;
  const outputs = await resolveExports(programExports);
  return { graph: await monitor.settle(), outputs };
}

/**
 * Renders every layer in build order, each reading the outputs the layers before it exported (what the
 * StackReferences of a real rebuild would read). Cached per stack and order: renders are slow and read-only.
 */
export async function renderAllLayers(config: StackConfig, stack: string, order: readonly LayerName[]): Promise<Map<LayerName, RenderedProgram>> {
  const key = `${stack}\u0000${order.join(',')}`;
  const cached = allLayersCache.get(key);
  if (cached) return cached;
  const rendered = await renderEveryLayer(config, stack, order);
  allLayersCache.set(key, rendered);
  return rendered;
}

const allLayersCache = new Map<string, Map<LayerName, RenderedProgram>>();

async function renderEveryLayer(config: StackConfig, stack: string, order: readonly LayerName[]): Promise<Map<LayerName, RenderedProgram>> {
  const upstream: UpstreamOutputs = {};
  const rendered = new Map<LayerName, RenderedProgram>();
  for (const layer of order) {
    const result = await renderLayer(layer, config, stack, upstream);
    rendered.set(layer, result);
    upstream[`${ORGANIZATION}/${layerProject(layer)}/${stack}`] = {
      outputs: result.outputs,
      secretOutputNames: layer === 'cluster' ? ['kubeconfig'] : [],
    };
  }
  return rendered;
}
