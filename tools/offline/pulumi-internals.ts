/**
 * The only module that touches Pulumi runtime internals (not part of @pulumi/pulumi's public typings): the
 * per-run runtime state, the mock monitor's protobuf requests, the stand-in for the engine's gRPC client, the
 * feature flags mocks switch on, the resource tree behind `__childResources`, the wire-protocol signatures and
 * the text Pulumi puts before errors. The offline engine (`engine.ts`, `recording-monitor.ts`), the CLI and the
 * tests call the named functions below and never reach into Pulumi themselves.
 *
 * Written against @pulumi/pulumi 3.248 (pinned in devDependencies; the package's peer range starts there).
 * `tests/synth/engine.test.ts` checks every internal used here still exists and behaves as relied on, so an SDK
 * upgrade that moves one fails loudly. Nothing here loads Pulumi until a function needs it: the CLI imports
 * {@link withoutPulumiErrorPrefix} for every command, `--help` included.
 */
import type * as pulumi from '@pulumi/pulumi';

// ---------------------------------------------------------------------------------------------------------------
// Runtime modules, loaded on first use.

/** The per-run runtime state (`LocalStore` in `runtime/state.js`): the fields used here. */
interface RuntimeStore {
  settings: { options: { rootDirectory?: string }; rpcDone: Promise<unknown>; engine?: unknown };
  /** The root `pulumi:pulumi:Stack` resource of the run. */
  stackResource?: unknown;
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

interface RpcModule {
  deserializeProperty(prop: unknown, keepUnknowns?: boolean): unknown;
}

interface MocksModule {
  MockMonitor: new (mocks: pulumi.runtime.Mocks) => MockMonitorBase;
}

/** The methods of Pulumi's `MockMonitor` overridden here (their parameters are protobuf classes). */
interface MockMonitorBase {
  registerResource(req: unknown, callback: (err: unknown, resp: unknown) => void): Promise<void>;
  readResource(req: unknown, callback: (err: unknown, resp: unknown) => void): Promise<void>;
  registerResourceOutputs(req: unknown, callback: (err: unknown, resp: unknown) => void): void;
  invoke(req: unknown, callback: (err: unknown, resp: unknown) => void): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const runtime = {
  state: (): StateModule => require('@pulumi/pulumi/runtime/state') as StateModule,
  settings: (): SettingsModule => require('@pulumi/pulumi/runtime/settings') as SettingsModule,
  stack: (): StackModule => require('@pulumi/pulumi/runtime/stack') as StackModule,
  rpc: (): RpcModule => require('@pulumi/pulumi/runtime/rpc') as RpcModule,
  mocks: (): MocksModule => require('@pulumi/pulumi/runtime/mocks') as MocksModule,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The runtime internals above, for the test that pins them against the installed SDK. */
export const PULUMI_RUNTIME_MODULES = runtime;

// ---------------------------------------------------------------------------------------------------------------
// Runs and settling.

/** Runs `callback` with a Pulumi runtime state of its own (an async-local store, as the Automation API does). */
export function runIsolated<T>(callback: () => Promise<T>): Promise<T> {
  return runtime.state().withLocalStorage(callback);
}

/** Runs a program inside the root `pulumi:pulumi:Stack` resource; its result becomes the stack outputs. */
export function runInStack(program: () => Promise<unknown>): Promise<unknown> {
  return runtime.stack().runInPulumiStack(program);
}

/** The type token of the root stack resource (`pulumi:pulumi:Stack`). */
export function rootStackType(): string {
  return runtime.stack().rootPulumiStackTypeName;
}

/** Resolves when every RPC started so far has finished. */
export function waitForRPCs(): Promise<void> {
  return runtime.settings().waitForRPCs();
}

/** An opaque token that changes whenever a new RPC starts (compare two to see whether work began between them). */
export function rpcToken(): unknown {
  return runtime.state().getStore().settings.rpcDone;
}

// ---------------------------------------------------------------------------------------------------------------
// Installing a mock monitor.

/** A log message the program (or the SDK) sent to the engine. */
export interface EngineLog {
  readonly severity: 'info' | 'warning' | 'error';
  readonly message: string;
  /** The resource the message is about, if any. */
  readonly urn?: string;
}

/** Where {@link installMockMonitor} points the runtime. */
export interface MockRuntimeOptions {
  /** Pulumi project name (`pulumi.getProject()`). */
  readonly project: string;
  /** Stack name (`pulumi.getStack()`). */
  readonly stack: string;
  /** Organization (`pulumi.getOrganization()`). @default '' (none, as `setMocks`) */
  readonly organization?: string;
  /** Run as a preview (`pulumi.runtime.isDryRun()`). @default false */
  readonly preview?: boolean;
  /** Project folder (`pulumi.runtime.getRootDirectory()`). @default unchanged */
  readonly rootDirectory?: string;
  /**
   * Receives the engine's log messages of severity info and above: an engine stand-in collects them instead of a
   * gRPC client. @default - no engine: the SDK falls back to its own handling, as under `setMocks`
   */
  readonly onLog?: (log: EngineLog) => void;
}

const SEVERITIES: Record<number, EngineLog['severity'] | undefined> = { 1: 'info', 2: 'warning', 3: 'error' };

/** A stand-in for the Pulumi engine's gRPC client: hands log messages to `onLog` instead of sending them. */
function engineStandIn(onLog: (log: EngineLog) => void): object {
  const ok = (_req: unknown, cb: (err: unknown, resp: unknown) => void): void => cb(null, {});
  return {
    log: (req: { getSeverity(): number; getMessage(): string; getUrn(): string }, cb: () => void) => {
      const severity = SEVERITIES[req.getSeverity()];
      if (severity) onLog({ severity, message: req.getMessage(), urn: req.getUrn() || undefined });
      cb();
    },
    setRootResource: ok,
    getRootResource: (_req: unknown, cb: (err: unknown, resp: unknown) => void) => cb(null, { getUrn: () => '' }),
    requirePulumiVersion: ok,
    close: () => undefined,
  };
}

/**
 * Makes `monitor` the resource monitor of the current runtime state, with the features `pulumi.runtime.setMocks`
 * switches on (all but output values: secrets and resource references travel as such, transforms stay off).
 * `setMockOptions` alone would reset those flags, and `setMocks` cannot take a monitor of our own.
 */
export function installMockMonitor(monitor: RecordingMockMonitor, options: MockRuntimeOptions): void {
  runtime.settings().setMockOptions(monitor, options.project, options.stack, options.preview ?? false, options.organization);
  const store = runtime.state().getStore();
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsReplaceWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: false,
    supportsParameterization: true,
    supportsResourceHooks: true,
    supportsErrorHooks: true,
  });
  if (options.rootDirectory !== undefined) store.settings.options.rootDirectory = options.rootDirectory;
  if (options.onLog) store.settings.engine = engineStandIn(options.onLog);
}

// ---------------------------------------------------------------------------------------------------------------
// The mock monitor: Pulumi's MockMonitor, its protobuf requests decoded into plain objects for a listener.

/** A resource registration request, decoded (inputs still in wire form: see `wire-values.ts`). */
export interface RegisterRequest {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** True for provider-side (multi-language) components such as `kubernetes:yaml/v2:ConfigGroup`. */
  readonly remote: boolean;
  /** Parent URN; undefined only for the root stack. */
  readonly parent?: string;
  /** URN of the explicit provider, if any (default providers are not registered under mocks). */
  readonly provider?: string;
  /** Explicit and implicit dependencies, as sorted, distinct URNs. */
  readonly dependencies: readonly string[];
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /** Properties listed in `ignoreChanges`, sorted. */
  readonly ignoreChanges: readonly string[];
  /** Inputs in wire form. */
  readonly wireInputs: Record<string, unknown>;
}

/** A read request (`new pulumi.StackReference(...)`, `Resource.get(...)`), decoded. */
export interface ReadRequest {
  readonly type: string;
  readonly name: string;
  /** The id that is read, for example the referenced stack `acme/canary-platform/prod`. */
  readonly id: string;
  readonly parent?: string;
  readonly provider?: string;
  readonly dependencies: readonly string[];
  /** The read's properties in wire form (a StackReference's `name`). */
  readonly wireProperties: Record<string, unknown>;
}

/** What a {@link RecordingMockMonitor} reports. Every callback is optional. */
export interface MonitorListener {
  /** A registration arrived (before the mocks answer it). */
  registering?(request: RegisterRequest): void;
  /** The mocks answered a registration with `urn`. */
  registered?(request: RegisterRequest, urn: string): void;
  /** The mocks answered a read with `urn`. */
  read?(request: ReadRequest, urn: string): void;
  /** A resource registered its outputs (wire form). */
  outputs?(urn: string, wireOutputs: Record<string, unknown>): void;
  /** An invoke arrived (arguments in wire form); `pulumi:pulumi:getResource` included. */
  invoking?(token: string, wireArgs: Record<string, unknown>): void;
}

/** A mock monitor to hand to {@link installMockMonitor}; `inFlight` counts registrations, reads and invokes being answered. */
export interface RecordingMockMonitor {
  readonly inFlight: number;
}

type Callback = (err: unknown, resp: unknown) => void;

interface ProtoStruct {
  toJavaScript(): Record<string, unknown>;
}

/** The protobuf request classes, as far as they are read here. */
interface ProtoRegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getIgnorechangesList(): string[];
  getProvider(): string;
  getDependenciesList(): string[];
  getObject(): ProtoStruct | undefined;
}
interface ProtoReadRequest {
  getType(): string;
  getName(): string;
  getId(): string;
  getParent(): string;
  getProvider(): string;
  getDependenciesList(): string[];
  getProperties(): ProtoStruct | undefined;
}
interface ProtoOutputsRequest {
  getUrn(): string;
  getOutputs(): ProtoStruct | undefined;
}
interface ProtoInvokeRequest {
  getTok(): string;
  getArgs(): ProtoStruct | undefined;
}
interface ProtoUrnResponse {
  getUrn(): string;
}

/** `urn::id` provider reference -> URN. */
function providerUrn(ref: string): string | undefined {
  if (!ref) return undefined;
  const cut = ref.lastIndexOf('::');
  return cut > 0 ? ref.slice(0, cut) : ref;
}

function decodeRegister(req: ProtoRegisterRequest): RegisterRequest {
  return {
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    remote: req.getRemote(),
    parent: req.getParent() || undefined,
    provider: providerUrn(req.getProvider()),
    dependencies: [...new Set(req.getDependenciesList())].sort(),
    protect: req.getProtect() === true,
    retainOnDelete: req.getRetainondelete() === true,
    ignoreChanges: [...req.getIgnorechangesList()].sort(),
    wireInputs: req.getObject()?.toJavaScript() ?? {},
  };
}

function decodeRead(req: ProtoReadRequest): ReadRequest {
  return {
    type: req.getType(),
    name: req.getName(),
    id: req.getId(),
    parent: req.getParent() || undefined,
    provider: providerUrn(req.getProvider()),
    dependencies: [...new Set(req.getDependenciesList())].sort(),
    wireProperties: req.getProperties()?.toJavaScript() ?? {},
  };
}

type MonitorClass = new (mocks: pulumi.runtime.Mocks, listener: MonitorListener) => RecordingMockMonitor;
let monitorClass: MonitorClass | undefined;

/** Defines the MockMonitor subclass on first use (loading Pulumi then, not when this module is imported). */
function recordingMonitorClass(): MonitorClass {
  if (monitorClass) return monitorClass;
  const { MockMonitor } = runtime.mocks();
  class Recording extends MockMonitor implements RecordingMockMonitor {
    inFlight = 0;

    constructor(
      mocks: pulumi.runtime.Mocks,
      private readonly listener: MonitorListener,
    ) {
      super(mocks);
    }

    /** Wraps `callback` so that the request counts as in flight until it is answered. */
    private answered(callback: Callback, onSuccess: (urn: string) => void): Callback {
      this.inFlight++;
      return (err, resp) => {
        this.inFlight--;
        if (!err && resp) onSuccess((resp as ProtoUrnResponse).getUrn());
        callback(err, resp);
      };
    }

    override async registerResource(req: unknown, callback: Callback): Promise<void> {
      const request = decodeRegister(req as ProtoRegisterRequest);
      this.listener.registering?.(request);
      return super.registerResource(req, this.answered(callback, (urn) => this.listener.registered?.(request, urn)));
    }

    override async readResource(req: unknown, callback: Callback): Promise<void> {
      const request = decodeRead(req as ProtoReadRequest);
      return super.readResource(req, this.answered(callback, (urn) => this.listener.read?.(request, urn)));
    }

    override registerResourceOutputs(req: unknown, callback: Callback): void {
      const r = req as ProtoOutputsRequest;
      this.listener.outputs?.(r.getUrn(), r.getOutputs()?.toJavaScript() ?? {});
      super.registerResourceOutputs(req, callback);
    }

    override async invoke(req: unknown, callback: Callback): Promise<void> {
      const r = req as ProtoInvokeRequest;
      this.inFlight++;
      this.listener.invoking?.(r.getTok(), r.getArgs()?.toJavaScript() ?? {});
      try {
        await super.invoke(req, callback);
      } finally {
        this.inFlight--;
      }
    }
  }
  monitorClass = Recording;
  return Recording;
}

/**
 * A Pulumi `MockMonitor` that answers with `mocks` (as `setMocks` would) and reports every request, decoded, to
 * `listener`: the parent, dependencies, protect, provider and ignoreChanges are only visible here, not in the
 * `setMocks` hooks.
 */
export function createRecordingMockMonitor(mocks: pulumi.runtime.Mocks, listener: MonitorListener): RecordingMockMonitor {
  return new (recordingMonitorClass())(mocks, listener);
}

// ---------------------------------------------------------------------------------------------------------------
// Resources, wire values and errors.

/** The private fields every Pulumi `Resource` carries (see `@pulumi/pulumi/resource.js`). */
interface ResourceInternals {
  readonly __pulumiType?: string;
  readonly __name?: string;
  readonly __childResources?: Set<ResourceInternals>;
}

/**
 * Every resource the program of the current run constructed under the root stack (walking `__childResources`),
 * registered with the monitor or not, as `type::name`, depth first.
 */
export function constructedResources(): string[] {
  const root = runtime.state().getStore().stackResource as ResourceInternals | undefined;
  const found: string[] = [];
  const walk = (node: ResourceInternals): void => {
    for (const child of node.__childResources ?? []) {
      found.push(`${child.__pulumiType}::${child.__name}`);
      walk(child);
    }
  };
  if (root) walk(root);
  return found;
}

/** The name of the resource a `pulumi.ResourceError` is about, if any. */
export function failedResourceName(err: unknown): string | undefined {
  return (err as { resource?: ResourceInternals } | null)?.resource?.__name;
}

/** Pulumi wire-protocol signatures (`@pulumi/pulumi/runtime/rpc`): how secrets, resources, assets travel. */
export const WIRE = {
  sigKey: '4dabf18193072939515e22adb298388d',
  secret: '1b47061264138c4ac30d75fd1eb44270',
  resource: '5cf8f73096256a8f31e491e813e4eb8e',
  asset: 'c44067f5952c0a294b673a41bacd8c17',
  archive: '0def7320c3a5731c473e5ecbe6d01bc7',
  outputValue: 'd0e6a833031e9bbcd3f4e8bde6ca49a4',
  unknown: '04da6b54-80e4-46f7-96ec-b56ff0331ba9',
} as const;

/**
 * Wire properties as the SDK itself deserialises them (`runtime/rpc` `deserializeProperty`): a secret anywhere
 * in a property makes the whole top-level property a secret wrapper; properties that are undefined are dropped.
 */
export function deserializeWireProperties(wire: Record<string, unknown>): Record<string, unknown> {
  const rpc = runtime.rpc();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) if (value !== undefined) out[key] = rpc.deserializeProperty(value);
  return out;
}

/**
 * What Pulumi puts before the message of an error raised while it resolved a resource input (inside an
 * `apply()`): `error serializing property "values": <the program's message>`.
 */
export const PULUMI_SERIALIZING_PREFIX = /^error serializing property "[^"]*": /;

/** `message` without Pulumi's {@link PULUMI_SERIALIZING_PREFIX}, so the program's own message shows. */
export function withoutPulumiErrorPrefix(message: string): string {
  return message.replace(PULUMI_SERIALIZING_PREFIX, '');
}
