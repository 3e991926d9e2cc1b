/**
 * The seam between the rebuild engine and Pulumi: the few Automation API calls the engine makes, as an
 * interface. `pulumi-workspace.ts` implements it with `LocalWorkspace`; tests use a fake (no cloud, no CLI).
 *
 * There is deliberately no `destroy`, `refresh`, `cancel` or stack removal here: the engine cannot call what
 * the interface does not offer, and a test scans the engine's sources for such calls.
 */
import type { ConfigValue, OpMap, OutputMap, PreviewOptions, UpdateSummary, UpOptions } from '@pulumi/pulumi/automation';
import type { LayerName } from '../../stacks/layers/layers';

/** Which layer stack to open. */
export interface LayerStackTarget {
  /** The layer. */
  readonly layer: LayerName;
  /** Environment stack name, for example `prod` (the layer stack is `canary-platform-<layer>/<stack>`). */
  readonly stack: string;
  /** Absolute folder of the layer's Pulumi project, `<repo>/infra/layers/<layer>`. */
  readonly projectDir: string;
  /** Absolute path of the environment's stack file, `<repo>/Pulumi.<stack>.yaml`, shared by every layer. */
  readonly configFile: string;
}

/** Options the engine passes to `preview`. */
export type RebuildPreviewOptions = Pick<PreviewOptions, 'onOutput' | 'configFile' | 'refresh' | 'message'>;

/** Options the engine passes to `up`. */
export type RebuildUpOptions = Pick<UpOptions, 'onOutput' | 'configFile' | 'refresh' | 'message'>;

/** The operations the engine runs on one layer stack (a subset of the Automation API's `Stack`). */
export interface RebuildStack {
  /** The stack's name as the workspace knows it. */
  readonly name: string;
  /** Sets one config value (`pulumi config set`), as for `--region`. */
  setConfig(key: string, value: ConfigValue): Promise<void>;
  /** The latest updates, newest first (`pulumi stack history`). */
  history(pageSize?: number): Promise<Array<Pick<UpdateSummary, 'kind' | 'result' | 'version' | 'endTime'>>>;
  /** The outputs of the last update. */
  outputs(): Promise<OutputMap>;
  /** A dry-run update: what `up` would do. */
  preview(options: RebuildPreviewOptions): Promise<{ readonly changeSummary: OpMap }>;
  /** Creates or updates the stack's resources. Rejects when the update fails. */
  up(options: RebuildUpOptions): Promise<{ readonly summary: Pick<UpdateSummary, 'result' | 'resourceChanges'> }>;
}

/** Opens layer stacks. */
export interface RebuildWorkspace {
  /** Selects the layer's stack, creating it (empty) when it does not exist yet. */
  selectStack(target: LayerStackTarget): Promise<RebuildStack>;
}
