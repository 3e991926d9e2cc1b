/**
 * The Pulumi runtime internals the offline engine uses, with the types they have in @pulumi/pulumi 3.248
 * (not part of its public typings). `tests/synth/engine.test.ts` checks they exist, so an SDK upgrade that
 * moves them fails loudly.
 */

/** The per-run runtime state (`LocalStore` in `runtime/state.js`), the fields the engine touches. */
export interface RuntimeStore {
  settings: {
    options: { rootDirectory?: string };
    rpcDone: Promise<unknown>;
    engine?: unknown;
  };
  /** The root `pulumi:pulumi:Stack` resource of the run. */
  stackResource?: unknown;
  supportsSecrets: boolean;
  supportsResourceReferences: boolean;
  supportsOutputValues: boolean;
  supportsDeletedWith: boolean;
  supportsAliasSpecs: boolean;
  supportsTransforms: boolean;
}

interface StateModule {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
  getStore(): RuntimeStore;
}

interface SettingsModule {
  setMockOptions(monitor: unknown, project?: string, stack?: string, preview?: boolean, organization?: string): void;
  waitForRPCs(): Promise<void>;
}

interface StackModule {
  rootPulumiStackTypeName: string;
  runInPulumiStack(init: () => Promise<unknown>): Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const runtimeState = require('@pulumi/pulumi/runtime/state') as StateModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const runtimeSettings = require('@pulumi/pulumi/runtime/settings') as SettingsModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const runtimeStack = require('@pulumi/pulumi/runtime/stack') as StackModule;
