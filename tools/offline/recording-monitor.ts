import { MockMonitor } from '@pulumi/pulumi/runtime/mocks';
import { collectSecretStrings } from './wire-values';
import { STAND_IN_INVOKES, standInInvoke, standInResource, type StandInContext } from './stand-ins';

/**
 * One resource registration exactly as the program sent it to the (mock) resource monitor. Inputs are kept in
 * wire form (secrets still wrapped) until the whole run is over and every secret string is known.
 */
export interface Registration {
  /** The resource's URN. */
  readonly urn: string;
  /** Type token, for example `gcp:container/cluster:Cluster`. */
  readonly type: string;
  /** Resource name given by the program. */
  readonly name: string;
  /** True for custom (provider-managed) resources, false for components. */
  readonly custom: boolean;
  /** True for provider-side (multi-language) components such as `kubernetes:yaml/v2:ConfigGroup`. */
  readonly remote: boolean;
  /** Parent URN; undefined only for the root stack. */
  readonly parent?: string;
  /** URN of the explicit provider, if any (default providers are not registered under mocks). */
  readonly provider?: string;
  /** Explicit (`dependsOn`) and implicit (inputs from other resources) dependencies, as sorted URNs. */
  readonly dependencies: readonly string[];
  /** The `protect` resource option. */
  readonly protect: boolean;
  /** The `retainOnDelete` resource option. */
  readonly retainOnDelete: boolean;
  /** Properties listed in `ignoreChanges`. */
  readonly ignoreChanges: readonly string[];
  /** Inputs in wire form (see `wire-values.ts`). */
  readonly wireInputs: Record<string, unknown>;
}

/**
 * A resource the program read rather than created (`new pulumi.StackReference(...)`, `Resource.get(...)`): the
 * engine reads its state, it never changes it.
 */
export interface ReadResource {
  /** The resource's URN. */
  readonly urn: string;
  /** Type token, for example `pulumi:pulumi:StackReference`. */
  readonly type: string;
  /** Resource name given by the program. */
  readonly name: string;
  /** The id that was read, for example the referenced stack `acme/canary-platform/prod`. */
  readonly id: string;
}

/** One provider function call (invoke) the program made. */
export interface InvokeCall {
  readonly token: string;
  readonly wireInputs: Record<string, unknown>;
  /** False when no stand-in result exists for the token (the program got an empty result). */
  readonly answered: boolean;
}

/** Minimal view of the protobuf request classes (internal Pulumi API, pinned by a test). */
interface RegisterRequest {
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
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface RegisterResponse {
  getUrn(): string;
}
interface ReadRequest {
  getType(): string;
  getName(): string;
  getId(): string;
}
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface InvokeRequest {
  getTok(): string;
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback<T> = (err: unknown, resp: T | undefined) => void;

/** `urn::id` provider reference -> URN. */
function providerUrn(ref: string): string | undefined {
  if (!ref) return undefined;
  const cut = ref.lastIndexOf('::');
  return cut > 0 ? ref.slice(0, cut) : ref;
}

/**
 * A `MockMonitor` that answers every registration with deterministic stand-in outputs and records the full
 * request: parent, dependencies, protect and provider are only visible here, not in `setMocks`' hooks.
 */
export class RecordingMonitor extends MockMonitor {
  /** Registrations by URN, in arrival order. */
  readonly registrations = new Map<string, Registration>();
  /** URNs registered more than once (the Pulumi engine rejects these). */
  readonly duplicateUrns = new Set<string>();
  /** Resources read (StackReferences), by URN; answered with stand-in state like registrations. */
  readonly reads = new Map<string, ReadResource>();
  /** Outputs registered per resource (`registerOutputs`), wire form. */
  readonly registeredOutputs = new Map<string, Record<string, unknown>>();
  /** Every invoke made. */
  readonly invokes: InvokeCall[] = [];
  /** Every secret string seen in inputs, outputs and invoke arguments. */
  readonly secretStrings = new Set<string>();
  /** Registrations and invokes still being answered. */
  inFlight = 0;

  constructor(ctx: StandInContext) {
    super({
      newResource: (args) => standInResource({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> }, ctx),
      call: (args) => standInInvoke(args.token, args.inputs as Record<string, unknown>, ctx) ?? {},
    });
  }

  override async registerResource(req: RegisterRequest, callback: Callback<RegisterResponse>): Promise<void> {
    this.inFlight++;
    const wireInputs = req.getObject()?.toJavaScript() ?? {};
    collectSecretStrings(wireInputs, this.secretStrings);
    const pending = {
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
      wireInputs,
    };
    const done: Callback<RegisterResponse> = (err, resp) => {
      this.inFlight--;
      if (!err && resp) {
        const urn = resp.getUrn();
        if (this.registrations.has(urn)) this.duplicateUrns.add(urn);
        this.registrations.set(urn, { urn, ...pending });
      }
      callback(err, resp);
    };
    // The parent implementation's signature uses protobuf classes; ours is a structural view of them.
    return super.registerResource(req as never, done as never);
  }

  override async readResource(req: ReadRequest, callback: Callback<RegisterResponse>): Promise<void> {
    this.inFlight++;
    const done: Callback<RegisterResponse> = (err, resp) => {
      this.inFlight--;
      if (!err && resp) this.reads.set(resp.getUrn(), { urn: resp.getUrn(), type: req.getType(), name: req.getName(), id: req.getId() });
      callback(err, resp);
    };
    return super.readResource(req as never, done as never);
  }

  override registerResourceOutputs(req: OutputsRequest, callback: Callback<unknown>): void {
    const outputs = req.getOutputs()?.toJavaScript() ?? {};
    collectSecretStrings(outputs, this.secretStrings);
    this.registeredOutputs.set(req.getUrn(), outputs);
    super.registerResourceOutputs(req as never, callback as never);
  }

  override async invoke(req: InvokeRequest, callback: Callback<unknown>): Promise<void> {
    this.inFlight++;
    const wireInputs = req.getArgs()?.toJavaScript() ?? {};
    collectSecretStrings(wireInputs, this.secretStrings);
    if (req.getTok() !== 'pulumi:pulumi:getResource') this.invokes.push({ token: req.getTok(), wireInputs, answered: STAND_IN_INVOKES.has(req.getTok()) });
    try {
      await super.invoke(req as never, callback as never);
    } finally {
      this.inFlight--;
    }
  }
}
