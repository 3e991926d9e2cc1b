/**
 * The seams between the failover engine and the world: the Pulumi stacks it updates (a subset of the Automation
 * API's `Stack`), the Backup for GKE restores it starts, and the probes it asks (does the source still serve? do
 * the services run at production size?). `cloud.ts` implements them for a real run; tests use fakes.
 *
 * There is deliberately no `destroy`, `refresh`, `cancel`, stack removal, restore deletion or node-pool resize
 * here: the engine cannot call what the interfaces do not offer.
 */
import type { ConfigValue, OpMap, UpdateSummary } from '@pulumi/pulumi/automation';
import type { RebuildPreviewOptions, RebuildUpOptions } from '../rebuild/workspace';
import type { LayerName } from '../../stacks/layers/layers';
import type { FailoverProject } from './plan';

/** Which stack to open: a layer of an environment, or its traffic records. */
export interface FailoverStackTarget {
  /** `cluster`, `services` (layers), `traffic` (the records), or any layer when checking a primary. */
  readonly project: FailoverProject | LayerName;
  /** Environment stack, for example `dr`. */
  readonly stack: string;
  /** Absolute folder of the Pulumi project (`stacks/layers/<layer>` or `stacks/traffic`). */
  readonly projectDir: string;
  /** Absolute path of the environment's stack file, shared by all its projects. */
  readonly configFile: string;
}

/** The operations the engine runs on one stack. */
export interface FailoverStack {
  /** A config value; `path` reads inside a structured value (`canary-platform:standby.state`). */
  getConfig(key: string, path?: boolean): Promise<ConfigValue>;
  /** Sets a config value in the stack file; `path` writes inside a structured value. */
  setConfig(key: string, value: ConfigValue, path?: boolean): Promise<void>;
  /** The latest updates, newest first. */
  history(pageSize?: number): Promise<Array<Pick<UpdateSummary, 'kind' | 'result' | 'version' | 'endTime'>>>;
  /** What `up` would do. */
  preview(options: RebuildPreviewOptions): Promise<{ readonly changeSummary: OpMap }>;
  /** Creates or updates resources; rejects when the update fails. */
  up(options: RebuildUpOptions): Promise<{ readonly summary: Pick<UpdateSummary, 'result' | 'resourceChanges'> }>;
}

/** Opens stacks. */
export interface FailoverWorkspace {
  /** Selects the stack, creating it (empty) when it does not exist yet. */
  selectStack(target: FailoverStackTarget): Promise<FailoverStack>;
}

/** A Backup for GKE backup, as far as a restore needs it. */
export interface BackupRef {
  /** Full name, `projects/<p>/locations/<r>/backupPlans/<plan>/backups/<backup>`. */
  readonly name: string;
  /** RFC 3339 creation time. */
  readonly createTime: string;
}

/** States of a Backup for GKE restore (the API's, without the unspecified one). */
export type RestoreState = 'CREATING' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'DELETING';

/** A Backup for GKE restore of a restore plan. */
export interface RestoreRef {
  /** Short name, for example `failover-20261204-0300-1`. */
  readonly name: string;
  /** The backup it restores (full name). */
  readonly backup: string;
  readonly state: RestoreState;
}

/** Backup for GKE, as the failover uses it: read backups and restores, start a restore, wait for it. */
export interface BackupRestores {
  /** The newest backup of a backup plan that succeeded, if any. */
  latestBackup(backupPlan: string): Promise<BackupRef | undefined>;
  /** The restores of a restore plan. */
  restores(restorePlan: string): Promise<readonly RestoreRef[]>;
  /** Starts a restore of `backup` named `name` through `restorePlan`. */
  createRestore(restorePlan: string, name: string, backup: string): Promise<void>;
  /** Waits until the restore ends; resolves with its final state and a one-line detail. */
  waitRestore(restorePlan: string, name: string): Promise<{ readonly state: RestoreState; readonly detail: string }>;
}

/** What the engine asks about the running systems. */
export interface FailoverProbes {
  /** Does `stack`'s gateway still answer? (Its control plane unreachable counts as not serving.) */
  sourceServing(stack: string): Promise<{ readonly serving: boolean; readonly detail: string }>;
  /** Waits until every service runs its production minimum and no Canary is progressing, or gives up. */
  servicesReady(stack: string, services: readonly { readonly id: string; readonly replicas: number }[]): Promise<{ readonly ready: boolean; readonly detail: string }>;
}
