/**
 * Fakes of the failover seams: Pulumi stacks as in-memory state, Backup for GKE restores, and the probes. They
 * behave like the real thing where the engine depends on it:
 * - the stack file is shared by every project of an environment (`setConfig` on one is seen by all);
 * - a stack's preview shows an update when what it would render (from the standby state) differs from what its
 *   last successful `up` applied, nothing otherwise; a failed `up` applies nothing and records a failure;
 * - `destroy` exists on every fake stack and records the call, so tests prove the engine never calls it.
 */
import type { ConfigValue, OpMap, UpdateSummary } from '@pulumi/pulumi/automation';
import type { RebuildPreviewOptions, RebuildUpOptions } from '../../tools/rebuild/workspace';
import type {
  BackupRef,
  BackupRestores,
  FailoverProbes,
  FailoverStack,
  FailoverStackTarget,
  FailoverWorkspace,
  RestoreRef,
  RestoreState,
} from '../../tools/failover/workspace';
import { STATE_KEY } from '../../tools/failover/engine';

/** Where a fault strikes. */
export type FakeFault =
  | { readonly at: 'preview' | 'up' | 'setConfig'; readonly project: string; readonly message: string }
  | { readonly at: 'restore'; readonly state: RestoreState; readonly message: string }
  | { readonly at: 'ready'; readonly message: string }
  | { readonly at: 'delete'; readonly project: string };

type History = Array<Pick<UpdateSummary, 'kind' | 'result' | 'version' | 'endTime'>>;

/** One fake stack's state (survives across runs, like a state backend). */
interface FakeStackState {
  applied?: string;
  history: History;
}

/** Everything the fakes share: config files, stacks, backups, faults, the log of calls and a clock. */
export class FakeCloud implements FailoverWorkspace {
  /** Every call, in order: `select cluster/dr`, `set dr standby.state=scaled`, `preview services/dr`, `up traffic/dr`, ... */
  readonly calls: string[] = [];
  /** Config per environment stack (the shared stack file). */
  readonly config = new Map<string, Record<string, string>>();
  readonly stacks = new Map<string, FakeStackState>();
  /** Backups per backup plan, oldest first. */
  readonly backups = new Map<string, BackupRef[]>();
  /** Restores per restore plan. */
  readonly restoreList = new Map<string, RestoreRef[]>();
  /** Whether each stack's gateway answers. */
  readonly serving = new Map<string, boolean>();
  private faults: FakeFault[] = [];
  private now = 0;

  constructor(standby: string, state: string, primary: string) {
    this.config.set(standby, { [STATE_KEY]: state });
    this.serving.set(primary, false);
    this.serving.set(standby, true);
  }

  readonly clock = (): number => this.now;

  advance(ms: number): void {
    this.now += ms;
  }

  /** Makes the next matching call fail once. */
  inject(fault: FakeFault): this {
    this.faults.push(fault);
    return this;
  }

  /** @internal */
  take(match: (f: FakeFault) => boolean): FakeFault | undefined {
    const i = this.faults.findIndex(match);
    if (i < 0) return undefined;
    return this.faults.splice(i, 1)[0];
  }

  /** The state of a stack, created empty on first use. */
  stack(project: string, stack: string): FakeStackState {
    const key = `${project}/${stack}`;
    let s = this.stacks.get(key);
    if (!s) {
      s = { history: [] };
      this.stacks.set(key, s);
    }
    return s;
  }

  /** Marks the layer stacks of an environment as up (a rebuilt primary). */
  markUp(stack: string, projects: readonly string[]): this {
    for (const project of projects) this.stack(project, stack).history.push({ kind: 'update', result: 'succeeded', version: 1, endTime: new Date(0) });
    return this;
  }

  /** What a project of `stack` would render now, from the standby state in its stack file. */
  desired(project: string, stack: string): string {
    const state = this.config.get(stack)?.[STATE_KEY] ?? 'standby';
    if (project === 'traffic') return state === 'serving' ? 'points-at-standby' : 'points-at-primary';
    return state === 'standby' ? 'small' : 'production';
  }

  async selectStack(target: FailoverStackTarget): Promise<FailoverStack> {
    await Promise.resolve();
    this.calls.push(`select ${target.project}/${target.stack}`);
    return new FakeStack(this, target.project, target.stack);
  }

  /** The standby state in a stack file. */
  state(stack: string): string | undefined {
    return this.config.get(stack)?.[STATE_KEY];
  }

  /** Backup for GKE through the fake. */
  restores(): BackupRestores {
    return {
      latestBackup: async (plan) => {
        await Promise.resolve();
        const list = this.backups.get(plan) ?? [];
        return list[list.length - 1];
      },
      restores: async (plan) => {
        await Promise.resolve();
        return [...(this.restoreList.get(plan) ?? [])];
      },
      createRestore: async (plan, name, backup) => {
        await Promise.resolve();
        this.calls.push(`restore create ${name}`);
        this.restoreList.set(plan, [...(this.restoreList.get(plan) ?? []), { name, backup, state: 'IN_PROGRESS' }]);
      },
      waitRestore: async (plan, name) => {
        await Promise.resolve();
        this.calls.push(`restore wait ${name}`);
        this.advance(900_000);
        const fault = this.take((f) => f.at === 'restore');
        const state: RestoreState = fault?.at === 'restore' ? fault.state : 'SUCCEEDED';
        this.restoreList.set(plan, (this.restoreList.get(plan) ?? []).map((r) => (r.name === name ? { ...r, state } : r)));
        return { state, detail: fault?.at === 'restore' ? fault.message : state };
      },
    };
  }

  /** The probes through the fake. */
  probes(): FailoverProbes {
    return {
      sourceServing: async (stack) => {
        await Promise.resolve();
        this.calls.push(`probe ${stack}`);
        const serving = this.serving.get(stack) === true;
        return { serving, detail: serving ? 'HTTP 200 from 34.0.0.1' : 'its control plane does not answer' };
      },
      servicesReady: async (stack, services) => {
        await Promise.resolve();
        this.calls.push(`ready ${stack} ${services.map((s) => `${s.id}=${s.replicas}`).join(',')}`);
        const fault = this.take((f) => f.at === 'ready');
        if (fault?.at === 'ready') return { ready: false, detail: fault.message };
        if (this.stack('services', stack).applied !== 'production') return { ready: false, detail: 'services still at standby size' };
        return { ready: true, detail: `${services.length} service(s) at production minimum, canaries steady` };
      },
    };
  }
}

/** A fake stack of a {@link FakeCloud}. */
export class FakeStack implements FailoverStack {
  constructor(
    private readonly cloud: FakeCloud,
    private readonly project: string,
    private readonly stackName: string,
  ) {}

  private get s(): FakeStackState {
    return this.cloud.stack(this.project, this.stackName);
  }

  async getConfig(key: string, path?: boolean): Promise<ConfigValue> {
    await Promise.resolve();
    const value = this.cloud.config.get(this.stackName)?.[key];
    if (value === undefined || path !== true) throw new Error(`configuration key '${key}' not found`);
    return { value, secret: false };
  }

  async setConfig(key: string, value: ConfigValue, path?: boolean): Promise<void> {
    await Promise.resolve();
    const fault = this.cloud.take((f) => f.at === 'setConfig' && f.project === this.project);
    if (fault?.at === 'setConfig') throw new Error(fault.message);
    if (path !== true) throw new Error('the failover sets the state by path');
    this.cloud.calls.push(`set ${this.stackName} ${key.replace('canary-platform:', '')}=${value.value}`);
    this.cloud.config.set(this.stackName, { ...(this.cloud.config.get(this.stackName) ?? {}), [key]: value.value });
  }

  async history(pageSize?: number): Promise<History> {
    await Promise.resolve();
    return [...this.s.history].reverse().slice(0, pageSize);
  }

  async preview(options: RebuildPreviewOptions): Promise<{ changeSummary: OpMap }> {
    await Promise.resolve();
    this.cloud.calls.push(`preview ${this.project}/${this.stackName}`);
    this.cloud.advance(30_000);
    const fault = this.cloud.take((f) => (f.at === 'preview' || f.at === 'delete') && f.project === this.project);
    if (fault?.at === 'delete') return { changeSummary: { same: 3, delete: 1 } };
    if (fault?.at === 'preview') throw new Error(fault.message);
    options.onOutput?.(`Previewing update (${this.stackName})\n`);
    const desired = this.cloud.desired(this.project, this.stackName);
    if (this.s.applied === undefined) return { changeSummary: { create: 3 } };
    return { changeSummary: this.s.applied === desired ? { same: 3 } : { same: 2, update: 1 } };
  }

  async up(options: RebuildUpOptions): Promise<{ summary: Pick<UpdateSummary, 'result' | 'resourceChanges'> }> {
    await Promise.resolve();
    this.cloud.calls.push(`up ${this.project}/${this.stackName}`);
    this.cloud.advance(20_000);
    options.onOutput?.(`Updating (${this.stackName})\n`);
    const version = this.s.history.length + 1;
    const fault = this.cloud.take((f) => f.at === 'up' && f.project === this.project);
    if (fault?.at === 'up') {
      this.s.history.push({ kind: 'update', result: 'failed', version, endTime: new Date(this.cloud.clock()) });
      throw new Error(fault.message);
    }
    const created = this.s.applied === undefined;
    this.s.applied = this.cloud.desired(this.project, this.stackName);
    this.s.history.push({ kind: 'update', result: 'succeeded', version, endTime: new Date(this.cloud.clock()) });
    return { summary: { result: 'succeeded', resourceChanges: created ? { create: 3 } : { update: 1, same: 2 } } };
  }

  /** Present as on the Automation API's Stack, so a test can prove it is never called. */
  async destroy(): Promise<void> {
    await Promise.resolve();
    this.cloud.calls.push(`destroy ${this.project}/${this.stackName}`);
  }
}
