/**
 * The failover engine: runs a {@link FailoverPlan}'s steps in order (side by side where their `after` allows)
 * through the seams of `workspace.ts`. Every step is idempotent, so running the same command again resumes:
 * - a state already set is skipped; an `up` whose preview changes nothing after a successful update is skipped;
 * - a restore of the same backup that succeeded is not run again, one in progress is waited for;
 * - the source check is skipped once traffic has moved (state `serving`).
 * It never destroys: an `up` whose preview would delete or replace anything is refused (as in `rebuild`), and the
 * interfaces offer no destroy, no restore deletion and no node-pool resize. A refused source check stops the
 * whole failover before anything changed.
 */
import type { OpMap } from '@pulumi/pulumi/automation';
import { join } from 'node:path';
import { PROJECT } from '../../stacks/platform/config-schema';
import { LAYER_NAMES } from '../../stacks/layers/layers';
import type { StandbyState } from '../../packages/platform/standby';
import { changesNothing, destructiveChanges, errorSummary } from '../rebuild/engine';
import { formatChanges } from '../rebuild/format';
import type { FailoverAction, FailoverPlan, FailoverProject, FailoverStep } from './plan';
import type { BackupRestores, FailoverProbes, FailoverStack, FailoverStackTarget, FailoverWorkspace } from './workspace';

/** The config key (path) the failover flips. */
export const STATE_KEY = `${PROJECT}:standby.state`;

/** How a step ended. */
export interface StepResult {
  readonly id: string;
  /**
   * `done`: it did its work; `skipped`: nothing left to do (resume); `refused`: it would delete, or the source
   * still serves; `failed`: an error; `blocked`: not started because a step it waits for did not finish.
   */
  readonly status: 'done' | 'skipped' | 'refused' | 'failed' | 'blocked';
  /** One line: what it did, why it was skipped or refused, the error, or what it waits for. */
  readonly detail: string;
  /** Time it took, ms (absent when not started). */
  readonly ms?: number;
}

/** Progress of a failover, one event at a time. */
export type FailoverEvent =
  | { readonly kind: 'started'; readonly step: string; readonly label: string }
  | { readonly kind: 'finished'; readonly result: StepResult }
  | { readonly kind: 'output'; readonly step: string; readonly text: string };

/** The outcome of a run. */
export interface FailoverReport {
  readonly mode: FailoverPlan['mode'];
  /** True when every step is done or skipped. */
  readonly ok: boolean;
  /** One result per step, in plan order. */
  readonly results: readonly StepResult[];
  /** Total time, ms. */
  readonly ms: number;
}

/** What {@link runFailover} needs. */
export interface FailoverOptions {
  readonly plan: FailoverPlan;
  /** Repository root: the stack files and the projects. */
  readonly rootDir: string;
  readonly workspace: FailoverWorkspace;
  readonly restores: BackupRestores;
  readonly probes: FailoverProbes;
  /** Runs independent steps side by side. @default true */
  readonly parallel?: boolean;
  /** Receives every progress event. @default - events are dropped */
  readonly onEvent?: (event: FailoverEvent) => void;
  /** Milliseconds clock. @default performance.now */
  readonly clock?: () => number;
}

const UP_MESSAGE = 'canary-platform failover';

/** Folder of a project, relative to the repository root. */
export function projectDir(project: FailoverProject | (typeof LAYER_NAMES)[number]): string {
  return project === 'traffic' ? join('stacks', 'traffic') : join('stacks', 'layers', project);
}

/** A restore name for a backup: `failover-<backup id>-<attempt>`, cut to Backup for GKE's 63 characters. */
export function restoreName(backup: string, attempt: number): string {
  const id = (backup.split('/').pop() ?? 'backup').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return `failover-${id}`.slice(0, 60 - String(attempt).length).replace(/-+$/, '') + `-${attempt}`;
}

/** Runs the plan. Never throws for a failed step (its result says so). */
export async function runFailover(options: FailoverOptions): Promise<FailoverReport> {
  const { plan } = options;
  const clock = options.clock ?? (() => performance.now());
  const emit = options.onEvent ?? (() => undefined);
  const started = clock();
  const stacks = new Map<string, FailoverStack>();
  const results = new Map<string, StepResult>();
  const standby = plan.pair.standby.stack;
  let state: StandbyState | undefined;

  const open = async (project: FailoverStackTarget['project'], stack: string): Promise<FailoverStack> => {
    const key = `${project}/${stack}`;
    let opened = stacks.get(key);
    if (!opened) {
      opened = await options.workspace.selectStack({
        project,
        stack,
        projectDir: join(options.rootDir, projectDir(project)),
        configFile: join(options.rootDir, `Pulumi.${stack}.yaml`),
      });
      stacks.set(key, opened);
    }
    return opened;
  };
  /**
   * The standby's state as its stack file says now (read once, then tracked); a file without the key is in the
   * default state the plan was parsed with.
   */
  const currentState = async (): Promise<StandbyState> => {
    if (state === undefined) {
      const cluster = await open('cluster', standby);
      state = await cluster.getConfig(STATE_KEY, true).then(
        (v) => v.value as StandbyState,
        () => plan.pair.standby.config.standby.state,
      );
    }
    return state;
  };

  const upStack = async (step: FailoverStep, project: FailoverProject): Promise<Omit<StepResult, 'id' | 'ms'>> => {
    const stack = await open(project, standby);
    const onOutput = (text: string): void => emit({ kind: 'output', step: step.id, text });
    const configFile = join(options.rootDir, `Pulumi.${standby}.yaml`);
    const changes: OpMap = (await stack.preview({ onOutput, configFile, refresh: false, message: UP_MESSAGE })).changeSummary;
    const destructive = destructiveChanges(changes);
    if (Object.keys(destructive).length > 0) {
      const what = Object.entries(destructive).map(([op, n]) => `${op} ${n}`).join(', ');
      return { status: 'refused', detail: `preview would ${what}; a failover never deletes. Review: pulumi preview --diff -s ${standby} --cwd ${projectDir(project)}` };
    }
    const [last] = await stack.history(1);
    if (changesNothing(changes) && last?.kind === 'update' && last.result === 'succeeded') return { status: 'skipped', detail: 'up to date (no changes)' };
    const up = await stack.up({ onOutput, configFile, refresh: false, message: UP_MESSAGE });
    if (up.summary.result !== 'succeeded') throw new Error(`update ${up.summary.result}`);
    return { status: 'done', detail: formatChanges(up.summary.resourceChanges ?? {}, true) };
  };

  const act = async (step: FailoverStep, action: FailoverAction): Promise<Omit<StepResult, 'id' | 'ms'>> => {
    switch (action.kind) {
      case 'check-source': {
        if ((await currentState()) === 'serving') return { status: 'skipped', detail: `traffic already moved to ${standby}` };
        const probe = await options.probes.sourceServing(action.stack);
        if (!probe.serving) return { status: 'done', detail: `${action.stack} does not serve: ${probe.detail}` };
        if (action.refuseIfServing) {
          return { status: 'refused', detail: `${action.stack} still serves traffic (${probe.detail}); nothing was changed. Use --force to fail over anyway, or --drill for a game day` };
        }
        return { status: 'done', detail: `${action.stack} still serves (${probe.detail}); going on (${plan.mode === 'drill' ? 'drill' : '--force'})` };
      }
      case 'check-primary-up': {
        const down: string[] = [];
        for (const layer of LAYER_NAMES) {
          const [last] = await (await open(layer, action.stack)).history(1);
          if (!(last?.kind === 'update' && last.result === 'succeeded')) down.push(layer);
        }
        if (down.length > 0) {
          return { status: 'refused', detail: `${action.stack}'s layers ${down.join(', ')} are not up; nothing was changed. Run: canary-platform rebuild --stack ${action.stack}` };
        }
        return { status: 'done', detail: `every layer of ${action.stack} is up` };
      }
      case 'set-state': {
        const now = await currentState();
        if (action.doneIn.includes(now)) return { status: 'skipped', detail: now === action.state ? `state is already ${now}` : `state is ${now}, past ${action.state}` };
        await (await open('cluster', action.stack)).setConfig(STATE_KEY, { value: action.state }, true);
        const from = state;
        state = action.state;
        return { status: 'done', detail: `state ${from} -> ${action.state}` };
      }
      case 'up':
        return upStack(step, action.project);
      case 'restore': {
        const backup = await options.restores.latestBackup(action.backupPlan);
        if (!backup) return { status: 'failed', detail: `no successful backup in ${action.backupPlan}` };
        const existing = (await options.restores.restores(action.restorePlan)).filter((r) => r.backup === backup.name);
        if (existing.some((r) => r.state === 'SUCCEEDED')) return { status: 'skipped', detail: `${backup.name.split('/').pop()} already restored` };
        const running = existing.find((r) => r.state === 'CREATING' || r.state === 'IN_PROGRESS');
        const name = running?.name ?? restoreName(backup.name, existing.length + 1);
        if (!running) await options.restores.createRestore(action.restorePlan, name, backup.name);
        const end = await options.restores.waitRestore(action.restorePlan, name);
        if (end.state !== 'SUCCEEDED') return { status: 'failed', detail: `restore ${name} ended ${end.state}: ${end.detail}` };
        return { status: 'done', detail: `restore ${name} of ${backup.name.split('/').pop()} (${backup.createTime}) succeeded${running ? ' (resumed)' : ''}` };
      }
      case 'wait-ready': {
        const ready = await options.probes.servicesReady(action.stack, action.services);
        return ready.ready ? { status: 'done', detail: ready.detail } : { status: 'failed', detail: `not ready: ${ready.detail}` };
      }
      case 'dns-expiry':
        return { status: 'done', detail: `clients follow within ~${action.ttlSeconds} s (the record TTL); resolvers that clamp TTLs take longer` };
      case 'milestone':
        return { status: 'done', detail: action.note };
    }
  };

  const runStep = async (step: FailoverStep): Promise<void> => {
    const t0 = clock();
    emit({ kind: 'started', step: step.id, label: step.label });
    let outcome: Omit<StepResult, 'id' | 'ms'>;
    try {
      outcome = await act(step, step.action);
    } catch (err) {
      outcome = { status: 'failed', detail: errorSummary(err) };
    }
    const result: StepResult = { id: step.id, ...outcome, ms: clock() - t0 };
    results.set(step.id, result);
    emit({ kind: 'finished', result });
  };

  const ok = (id: string): boolean => ['done', 'skipped'].includes(results.get(id)?.status ?? '');
  const stopAll = (): boolean => [...results.values()].some((r) => r.status === 'refused' && ['check-source', 'check-primary'].includes(r.id));
  const running = new Map<string, Promise<void>>();
  for (;;) {
    for (const step of plan.steps) {
      if (results.has(step.id) || running.has(step.id)) continue;
      const stopped = step.after.filter((dep) => results.has(dep) && !ok(dep));
      if (stopped.length > 0 || stopAll()) {
        const result: StepResult = { id: step.id, status: 'blocked', detail: stopped.length > 0 ? `waits for ${stopped.join(', ')}` : 'the check refused the failover' };
        results.set(step.id, result);
        emit({ kind: 'finished', result });
        continue;
      }
      if (step.after.every(ok) && (options.parallel !== false || running.size === 0)) {
        running.set(
          step.id,
          runStep(step).finally(() => running.delete(step.id)),
        );
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  const ordered = plan.steps.map((s) => results.get(s.id) as StepResult);
  return { mode: plan.mode, ok: ordered.every((r) => ok(r.id)), results: ordered, ms: clock() - started };
}
