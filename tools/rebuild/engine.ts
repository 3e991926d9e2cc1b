/**
 * The rebuild engine: brings an environment's layer stacks up in dependency order through a
 * {@link RebuildWorkspace}, side by side where the layer table allows.
 *
 * For each layer: select (or create) its stack and report whether it is already up; preview; refuse the layer
 * when the preview would delete or replace anything; skip it when nothing would change and its last update
 * succeeded; otherwise `up` without refresh. A failed or refused layer stops the layers that depend on it;
 * the others carry on. Running it again resumes from Pulumi's state: there is no progress file to go stale.
 */
import type { OpMap, OpType, UpdateSummary } from '@pulumi/pulumi/automation';
import { join } from 'node:path';
import { LayerDefinition, LayerName, layerOrder, layerProject, LAYERS } from '../../stacks/layers/layers';
import { formatChanges } from './format';
import type { RebuildStack, RebuildWorkspace } from './workspace';

/** Operations a rebuild never performs: a layer whose preview contains any of them is refused. */
export const DESTRUCTIVE_OPERATIONS: readonly OpType[] = ['delete', 'replace', 'create-replacement', 'delete-replaced', 'import-replacement'];

/** Operations that change nothing in the cloud (a preview of only these means "already up"). */
export const UNCHANGED_OPERATIONS: readonly OpType[] = ['same', 'read'];

/** The last update of a stack, as reported before the rebuild starts. */
export type LastUpdate = Pick<UpdateSummary, 'kind' | 'result' | 'version' | 'endTime'>;

/** Progress of a rebuild, one event at a time. */
export type RebuildEvent =
  | { readonly kind: 'stack-status'; readonly layer: LayerName; readonly stackName: string; readonly lastUpdate?: LastUpdate; readonly outputs: number }
  | { readonly kind: 'config-set'; readonly layer: LayerName; readonly key: string; readonly value: string }
  | { readonly kind: 'preview-started'; readonly layer: LayerName }
  | { readonly kind: 'preview-done'; readonly layer: LayerName; readonly changes: OpMap }
  | { readonly kind: 'up-to-date'; readonly layer: LayerName }
  | { readonly kind: 'up-started'; readonly layer: LayerName }
  | { readonly kind: 'up-done'; readonly layer: LayerName; readonly changes: OpMap; readonly ms: number }
  | { readonly kind: 'refused'; readonly layer: LayerName; readonly destructive: OpMap; readonly stack: string; readonly projectDir: string }
  | { readonly kind: 'failed'; readonly layer: LayerName; readonly phase: 'select' | 'config' | 'preview' | 'up'; readonly message: string }
  | { readonly kind: 'blocked'; readonly layer: LayerName; readonly waitsFor: readonly LayerName[] }
  | { readonly kind: 'output'; readonly layer: LayerName; readonly text: string };

/** How one layer ended. */
export interface LayerResult {
  readonly layer: LayerName;
  /** `canary-platform-<layer>/<stack>`. */
  readonly stackName: string;
  /**
   * `up-to-date`: nothing to change (skipped); `updated`: `up` succeeded; `refused`: the preview would delete or
   * replace; `failed`: a step failed; `blocked`: not started because a layer it needs did not come up.
   */
  readonly status: 'up-to-date' | 'updated' | 'refused' | 'failed' | 'blocked';
  /** One line: the changes made or proposed, the error, or what it waits for. */
  readonly detail: string;
  /** Time from its preview to the end of its `up`, ms (absent when not started). */
  readonly ms?: number;
}

/** The outcome of a rebuild. */
export interface RebuildReport {
  readonly stack: string;
  /** True when every layer is up (updated or already up to date). */
  readonly ok: boolean;
  /** One result per layer, in build order. */
  readonly results: readonly LayerResult[];
  /** Total time, ms. */
  readonly ms: number;
}

/** What {@link runRebuild} needs. */
export interface RebuildOptions {
  /** Environment stack, for example `prod`. */
  readonly stack: string;
  /** Repository root: `Pulumi.<stack>.yaml` and `stacks/layers/<layer>/`. */
  readonly rootDir: string;
  /** Opens the layer stacks. */
  readonly workspace: RebuildWorkspace;
  /** Sets `gcp:region` on every layer stack before anything runs. @default - the stack file's region */
  readonly region?: string;
  /** The layer table. @default LAYERS */
  readonly layers?: readonly LayerDefinition[];
  /** Runs independent layers side by side. @default true */
  readonly parallel?: boolean;
  /** Receives every progress event. @default - events are dropped */
  readonly onEvent?: (event: RebuildEvent) => void;
  /** Milliseconds clock, for durations. @default performance.now */
  readonly clock?: () => number;
}

/** The destructive part of a preview's change summary (empty when it deletes or replaces nothing). */
export function destructiveChanges(changes: OpMap): OpMap {
  const out: OpMap = {};
  for (const op of DESTRUCTIVE_OPERATIONS) if ((changes[op] ?? 0) > 0) out[op] = changes[op];
  return out;
}

/** True when a preview changes nothing. */
export function changesNothing(changes: OpMap): boolean {
  return Object.entries(changes).every(([op, n]) => (n ?? 0) === 0 || UNCHANGED_OPERATIONS.includes(op as OpType));
}

/** The useful lines of a Pulumi error (its `error:` lines, else its first line), at most three. */
export function errorSummary(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const errors = lines.filter((l) => /^error:/i.test(l));
  return (errors.length > 0 ? errors.slice(0, 3) : lines.slice(0, 1)).join(' | ') || 'unknown error';
}

const UP_MESSAGE = 'canary-platform rebuild';

/**
 * Brings the layer stacks of `options.stack` up in dependency order and reports each one. Never throws for a
 * failed layer (its result says so); rejects only when the workspace itself is broken in an unexpected way.
 */
export async function runRebuild(options: RebuildOptions): Promise<RebuildReport> {
  const clock = options.clock ?? (() => performance.now());
  const emit = options.onEvent ?? (() => undefined);
  const layers = layerOrder(options.layers ?? LAYERS);
  const started = clock();
  const configFile = join(options.rootDir, `Pulumi.${options.stack}.yaml`);
  const projectDirOf = (layer: LayerName): string => join(options.rootDir, 'stacks', 'layers', layer);
  const stackNameOf = (layer: LayerName): string => `${layerProject(layer)}/${options.stack}`;
  const results = new Map<LayerName, LayerResult>();
  const stacks = new Map<LayerName, RebuildStack>();
  const lastUpdates = new Map<LayerName, LastUpdate | undefined>();
  const finish = (result: LayerResult): void => {
    results.set(result.layer, result);
  };
  const fail = (layer: LayerName, phase: 'select' | 'config' | 'preview' | 'up', err: unknown, ms?: number): void => {
    const message = errorSummary(err);
    emit({ kind: 'failed', layer, phase, message });
    finish({ layer, stackName: stackNameOf(layer), status: 'failed', detail: `${phase}: ${message}`, ...(ms !== undefined ? { ms } : {}) });
  };

  // 1. Select every stack and say which are already up.
  for (const { name: layer } of layers) {
    try {
      const stack = await options.workspace.selectStack({
        layer,
        stack: options.stack,
        projectDir: projectDirOf(layer),
        configFile,
      });
      const [last] = await stack.history(1);
      const outputs = await stack.outputs();
      stacks.set(layer, stack);
      lastUpdates.set(layer, last);
      emit({ kind: 'stack-status', layer, stackName: stackNameOf(layer), ...(last ? { lastUpdate: last } : {}), outputs: Object.keys(outputs).length });
    } catch (err) {
      fail(layer, 'select', err);
    }
  }

  // 2. --region: one value for every layer (they share the stack file).
  if (options.region !== undefined) {
    for (const [layer, stack] of stacks) {
      try {
        await stack.setConfig('gcp:region', { value: options.region });
        emit({ kind: 'config-set', layer, key: 'gcp:region', value: options.region });
      } catch (err) {
        fail(layer, 'config', err);
      }
    }
  }

  // 3. Bring layers up in dependency order.
  const runLayer = async (layer: LayerName): Promise<void> => {
    const stack = stacks.get(layer) as RebuildStack;
    const onOutput = (text: string): void => emit({ kind: 'output', layer, text });
    const t0 = clock();
    emit({ kind: 'preview-started', layer });
    let changes: OpMap;
    try {
      changes = (await stack.preview({ onOutput, configFile, refresh: false, message: UP_MESSAGE })).changeSummary;
    } catch (err) {
      fail(layer, 'preview', err, clock() - t0);
      return;
    }
    emit({ kind: 'preview-done', layer, changes });
    const destructive = destructiveChanges(changes);
    if (Object.keys(destructive).length > 0) {
      const projectDir = join('stacks', 'layers', layer);
      emit({ kind: 'refused', layer, destructive, stack: options.stack, projectDir });
      const what = Object.entries(destructive).map(([op, n]) => `${op} ${n}`).join(', ');
      finish({ layer, stackName: stackNameOf(layer), status: 'refused', detail: `preview would ${what}`, ms: clock() - t0 });
      return;
    }
    const last = lastUpdates.get(layer);
    if (changesNothing(changes) && last?.kind === 'update' && last.result === 'succeeded') {
      emit({ kind: 'up-to-date', layer });
      finish({ layer, stackName: stackNameOf(layer), status: 'up-to-date', detail: 'no changes', ms: clock() - t0 });
      return;
    }
    emit({ kind: 'up-started', layer });
    try {
      const up = await stack.up({ onOutput, configFile, refresh: false, message: UP_MESSAGE });
      if (up.summary.result !== 'succeeded') throw new Error(`update ${up.summary.result}`);
      const made = up.summary.resourceChanges ?? {};
      const ms = clock() - t0;
      emit({ kind: 'up-done', layer, changes: made, ms });
      finish({ layer, stackName: stackNameOf(layer), status: 'updated', detail: formatChanges(made, true), ms });
    } catch (err) {
      fail(layer, 'up', err, clock() - t0);
    }
  };

  const isUp = (layer: LayerName): boolean => ['up-to-date', 'updated'].includes(results.get(layer)?.status ?? '');
  const running = new Map<LayerName, Promise<void>>();
  for (;;) {
    for (const { name: layer, dependsOn } of layers) {
      if (results.has(layer) || running.has(layer)) continue;
      const stopped = dependsOn.filter((dep) => results.has(dep) && !isUp(dep));
      if (stopped.length > 0) {
        emit({ kind: 'blocked', layer, waitsFor: stopped });
        finish({ layer, stackName: stackNameOf(layer), status: 'blocked', detail: `waits for ${stopped.join(', ')}` });
        continue;
      }
      const ready = dependsOn.every(isUp);
      if (ready && (options.parallel !== false || running.size === 0)) {
        running.set(
          layer,
          runLayer(layer).finally(() => running.delete(layer)),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  const ordered = layers.map((l) => results.get(l.name) as LayerResult);
  return { stack: options.stack, ok: ordered.every((r) => isUp(r.layer)), results: ordered, ms: clock() - started };
}
