/**
 * A fake {@link RebuildWorkspace}: Pulumi stacks as in-memory state, no cloud, no CLI. Each layer's program
 * declares a list of resources; `preview` diffs them against the stack's state like the engine would (create,
 * same, delete, replace); `up` applies creates and updates and records history. It behaves like the real
 * thing where the engine depends on it:
 * - a layer's preview fails while an upstream stack has never been updated successfully (its StackReference
 *   would fail), so running out of order shows up as a failure;
 * - a failing `up` keeps what it created before failing (Pulumi's state after a partial update);
 * - `destroy` exists on every fake stack (as on the Automation API's `Stack`) and records the call, so tests
 *   prove the engine never calls it.
 */
import type { ConfigValue, OpMap, OutputMap, UpdateSummary } from '@pulumi/pulumi/automation';
import { LAYERS, LayerName, layerProject, upstreamLayers } from '../../stacks/layers/layers';
import type { LayerStackTarget, RebuildPreviewOptions, RebuildStack, RebuildUpOptions, RebuildWorkspace } from '../../tools/rebuild/workspace';

/** A fault to inject into one step of one layer. */
export interface Fault {
  readonly layer: LayerName;
  readonly phase: 'select' | 'preview' | 'up';
  /** The error text, as Pulumi would print it. */
  readonly message: string;
  /** For `up`: resources created before the failure. @default 0 */
  readonly createdBeforeFailure?: number;
  /** How many times it happens. @default 1 */
  readonly times?: number;
}

type History = Array<Pick<UpdateSummary, 'kind' | 'result' | 'version' | 'endTime'>>;

/** One fake stack's persistent state (survives across rebuild runs, like a state backend). */
export interface FakeStackState {
  resources: Set<string>;
  /** Resources whose next preview is a replacement (an immutable input changed). */
  replacing: Set<string>;
  history: History;
  outputs: OutputMap;
  config: Record<string, string>;
}

/** Milliseconds each fake operation takes on the fake clock. */
export const FAKE_DURATIONS = { preview: 20_000, upPerResource: 15_000 } as const;

/** The fake backend: state per stack, faults, a log of every call, and a clock the operations advance. */
export class FakeWorkspace implements RebuildWorkspace {
  /** Every call, in order: `select mesh`, `preview mesh`, `up mesh`, `destroy mesh`, ... */
  readonly calls: string[] = [];
  /** State per layer stack name (`canary-platform-mesh/prod`). */
  readonly state = new Map<string, FakeStackState>();
  /** The stack file every layer shares (what `setConfig` writes). */
  readonly configFile: Record<string, string> = {};
  /** Targets the engine asked for. */
  readonly targets: LayerStackTarget[] = [];
  /** Options of every preview and up, in order. */
  readonly options: Array<{ readonly call: string; readonly refresh?: boolean; readonly configFile?: string; readonly message?: string }> = [];
  private now = 0;
  private readonly faults: Fault[] = [];

  /** @param declared resources each layer's program declares */
  constructor(readonly declared: Readonly<Record<LayerName, readonly string[]>> = defaultDeclared()) {}

  /** The fake clock, ms. */
  readonly clock = (): number => this.now;

  /** Makes a step fail (once unless `times` says otherwise). */
  inject(fault: Fault): this {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
    return this;
  }

  /** The state of a layer stack, created empty on first use. */
  stackState(layer: LayerName, stack: string): FakeStackState {
    const name = `${layerProject(layer)}/${stack}`;
    let s = this.state.get(name);
    if (!s) {
      s = { resources: new Set(), replacing: new Set(), history: [], outputs: {}, config: {} };
      this.state.set(name, s);
    }
    return s;
  }

  private fault(layer: LayerName, phase: Fault['phase']): Fault | undefined {
    const i = this.faults.findIndex((f) => f.layer === layer && f.phase === phase && (f.times ?? 0) > 0);
    if (i < 0) return undefined;
    const f = this.faults[i];
    this.faults[i] = { ...f, times: (f.times ?? 1) - 1 };
    return f;
  }

  async selectStack(target: LayerStackTarget): Promise<RebuildStack> {
    await Promise.resolve();
    this.calls.push(`select ${target.layer}`);
    this.targets.push(target);
    const f = this.fault(target.layer, 'select');
    if (f) throw new Error(f.message);
    const state = this.stackState(target.layer, target.stack);
    return new FakeStack(this, target, state);
  }

  /** @internal used by FakeStack */
  advance(ms: number): void {
    this.now += ms;
  }

  /** @internal used by FakeStack */
  takeFault(layer: LayerName, phase: Fault['phase']): Fault | undefined {
    return this.fault(layer, phase);
  }

  /** True when the layer's upstream stacks have all had a successful update. */
  upstreamReady(layer: LayerName, stack: string): LayerName | undefined {
    return upstreamLayers(layer, LAYERS).find((up) => !this.stackState(up, stack).history.some((h) => h.kind === 'update' && h.result === 'succeeded'));
  }
}

/** A fake layer stack on a {@link FakeWorkspace}. */
export class FakeStack implements RebuildStack {
  readonly name: string;

  constructor(
    private readonly ws: FakeWorkspace,
    private readonly target: LayerStackTarget,
    private readonly s: FakeStackState,
  ) {
    this.name = target.stack;
  }

  private get layer(): LayerName {
    return this.target.layer;
  }

  async setConfig(key: string, value: ConfigValue): Promise<void> {
    await Promise.resolve();
    this.ws.calls.push(`config ${this.layer} ${key}=${value.value}`);
    this.ws.configFile[key] = value.value;
  }

  async history(pageSize?: number): Promise<History> {
    await Promise.resolve();
    return [...this.s.history].reverse().slice(0, pageSize);
  }

  async outputs(): Promise<OutputMap> {
    await Promise.resolve();
    return { ...this.s.outputs };
  }

  /** What an update would do now. */
  diff(): OpMap {
    const wanted = this.ws.declared[this.layer];
    const changes: OpMap = {};
    const add = (op: keyof OpMap, n = 1): void => {
      changes[op] = (changes[op] ?? 0) + n;
    };
    if (this.s.history.length === 0) add('create'); // the stack resource itself
    else add('same');
    for (const r of wanted) {
      if (!this.s.resources.has(r)) add('create');
      else if (this.s.replacing.has(r)) add('replace');
      else add('same');
    }
    for (const r of this.s.resources) if (!wanted.includes(r)) add('delete');
    return changes;
  }

  async preview(options: RebuildPreviewOptions): Promise<{ changeSummary: OpMap }> {
    await Promise.resolve();
    this.ws.calls.push(`preview ${this.layer}`);
    this.ws.options.push({ call: `preview ${this.layer}`, refresh: options.refresh, configFile: options.configFile, message: options.message });
    this.ws.advance(FAKE_DURATIONS.preview);
    const f = this.ws.takeFault(this.layer, 'preview');
    if (f) throw new Error(f.message);
    const missing = this.ws.upstreamReady(this.layer, this.target.stack);
    if (missing) throw new Error(`error: unknown stack "organization/${layerProject(missing)}/${this.target.stack}"`);
    options.onOutput?.(`Previewing update (${this.target.stack})\n`);
    return { changeSummary: this.diff() };
  }

  async up(options: RebuildUpOptions): Promise<{ summary: Pick<UpdateSummary, 'result' | 'resourceChanges'> }> {
    await Promise.resolve();
    this.ws.calls.push(`up ${this.layer}`);
    this.ws.options.push({ call: `up ${this.layer}`, refresh: options.refresh, configFile: options.configFile, message: options.message });
    const missing = this.ws.upstreamReady(this.layer, this.target.stack);
    if (missing) throw new Error(`error: unknown stack "organization/${layerProject(missing)}/${this.target.stack}"`);
    const wanted = this.ws.declared[this.layer];
    const toCreate = wanted.filter((r) => !this.s.resources.has(r));
    const version = this.s.history.length + 1;
    const f = this.ws.takeFault(this.layer, 'up');
    if (f) {
      const created = toCreate.slice(0, f.createdBeforeFailure ?? 0);
      for (const r of created) this.s.resources.add(r);
      this.ws.advance(created.length * FAKE_DURATIONS.upPerResource);
      this.s.history.push({ kind: 'update', result: 'failed', version, endTime: new Date(Date.UTC(2026, 0, 1, 0, 0, version)) });
      throw new Error(`Command failed with exit code 255: pulumi up --yes\n  Updating (${this.target.stack})\n ${f.message}\n`);
    }
    const changes = this.diff();
    for (const r of toCreate) this.s.resources.add(r);
    // A real `up` would also delete and replace: the fake does, so a test would see it if the engine let it.
    for (const r of [...this.s.resources]) if (!wanted.includes(r)) this.s.resources.delete(r);
    this.s.replacing.clear();
    this.ws.advance(toCreate.length * FAKE_DURATIONS.upPerResource);
    options.onOutput?.(`Updating (${this.target.stack})\n`);
    this.s.history.push({ kind: 'update', result: 'succeeded', version, endTime: new Date(Date.UTC(2026, 0, 1, 0, 0, version)) });
    this.s.outputs = { resources: { value: this.s.resources.size, secret: false } };
    return { summary: { result: 'succeeded', resourceChanges: changes } };
  }

  /** Present like on the Automation API's `Stack`; records the call. The engine must never reach it. */
  async destroy(): Promise<void> {
    await Promise.resolve();
    this.ws.calls.push(`destroy ${this.layer}`);
    this.s.resources.clear();
  }
}

/** A small program per layer: a few named resources each. */
export function defaultDeclared(): Record<LayerName, string[]> {
  return {
    cluster: ['network', 'subnet', 'nat', 'cluster', 'pool-system', 'pool-workloads'],
    mesh: ['istio-base', 'istiod', 'gateway'],
    observability: ['kube-prometheus-stack', 'loki-bucket', 'loki', 'alloy'],
    delivery: ['flagger', 'loadtester'],
    services: ['demo-namespace', 'demo-podinfo'],
  };
}
