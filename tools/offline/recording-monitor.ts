import type * as pulumi from '@pulumi/pulumi';
import { createRecordingMockMonitor, type ReadRequest, type RecordingMockMonitor, type RegisterRequest } from './pulumi-internals';
import { collectSecretStrings } from './wire-values';
import { STAND_IN_INVOKES, standInInvoke, standInResource, type StandInContext } from './stand-ins';

/**
 * One resource registration exactly as the program sent it to the (mock) resource monitor, with the URN the mocks
 * gave it. Inputs are kept in wire form (secrets still wrapped) until the whole run is over and every secret string
 * is known.
 */
export interface Registration extends RegisterRequest {
  /** The resource's URN. */
  readonly urn: string;
}

/**
 * A resource the program read rather than created (`new pulumi.StackReference(...)`, `Resource.get(...)`): the
 * engine reads its state, it never changes it.
 */
export interface ReadResource extends ReadRequest {
  /** The resource's URN. */
  readonly urn: string;
}

/** One provider function call (invoke) the program made. */
export interface InvokeCall {
  readonly token: string;
  readonly wireInputs: Record<string, unknown>;
  /** False when no stand-in result exists for the token (the program got an empty result). */
  readonly answered: boolean;
}

/** Mock hooks answering with the deterministic stand-ins of `stand-ins.ts` (what the offline engine uses). */
export function standInMocks(ctx: StandInContext): pulumi.runtime.Mocks {
  return {
    newResource: (args) => standInResource({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> }, ctx),
    call: (args) => standInInvoke(args.token, args.inputs as Record<string, unknown>, ctx) ?? {},
  };
}

/**
 * Records every request a Pulumi program sends to its (mock) resource monitor: the full registration (parent,
 * dependencies, protect, provider, ignoreChanges: only visible to a monitor, not in `setMocks`' hooks), reads,
 * registered outputs and invokes, and every secret string among them. The monitor itself, Pulumi's `MockMonitor`
 * answering with `mocks`, comes from `pulumi-internals.ts`; install it with `installMockMonitor(recorder.monitor, ...)`.
 * The offline engine uses it with {@link standInMocks}; tests use it through `tests/support/recording-monitor.ts`.
 */
export class RecordingMonitor {
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
  /** The Pulumi mock monitor to install. */
  readonly monitor: RecordingMockMonitor;

  constructor(mocks: pulumi.runtime.Mocks) {
    this.monitor = createRecordingMockMonitor(mocks, {
      registering: (request) => collectSecretStrings(request.wireInputs, this.secretStrings),
      registered: (request, urn) => {
        if (this.registrations.has(urn)) this.duplicateUrns.add(urn);
        this.registrations.set(urn, { urn, ...request });
      },
      read: (request, urn) => this.reads.set(urn, { urn, ...request }),
      outputs: (urn, wireOutputs) => {
        collectSecretStrings(wireOutputs, this.secretStrings);
        this.registeredOutputs.set(urn, wireOutputs);
      },
      invoking: (token, wireInputs) => {
        collectSecretStrings(wireInputs, this.secretStrings);
        if (token !== 'pulumi:pulumi:getResource') this.invokes.push({ token, wireInputs, answered: STAND_IN_INVOKES.has(token) });
      },
    });
  }

  /** Registrations, reads and invokes still being answered. */
  get inFlight(): number {
    return this.monitor.inFlight;
  }
}
