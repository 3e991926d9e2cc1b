/**
 * Test adapter over the offline engine's recording monitor (`tools/offline/recording-monitor.ts`, the one
 * MockMonitor subclass in this repository, defined in `tools/offline/pulumi-internals.ts`): installs it with the
 * test's mocks and turns what it recorded into a {@link ResourceGraph} of {@link RecordedResource}s with the
 * parent, the dependencies (explicit `dependsOn` and implicit, from Output inputs), `protect`, the provider and
 * `ignoreChanges` that `setMocks` hides, and the inputs as the SDK deserialises them, secrets marked.
 *
 * Usage (in a jest test, before any component module creates resources):
 *
 *   const monitor = installRecordingMonitor();
 *   new MyComponent('x', args);
 *   const graph = await monitor.settle();
 *   expect(graph.dependsOn(graph.one('kubernetes:helm.sh/v3:Release', 'x-istiod'), ...)).toBe(true);
 */
import * as pulumi from '@pulumi/pulumi';
import { deserializeWireProperties, installMockMonitor, waitForRPCs, WIRE } from '../../tools/offline/pulumi-internals';
import { RecordingMonitor, type ReadResource, type Registration } from '../../tools/offline/recording-monitor';

/** A secret value as recorded: tests can see it is secret and still read the value. */
export interface RecordedSecret {
  readonly secret: true;
  readonly value: unknown;
}

/** One resource registration as the engine would have seen it. */
export interface RecordedResource {
  /** The URN the mock monitor assigned. */
  readonly urn: string;
  /** Resource type token, for example `gcp:container/cluster:Cluster`. */
  readonly type: string;
  /** Logical name, for example `prod-cluster`. */
  readonly name: string;
  /** True for provider-managed resources, false for ComponentResources. */
  readonly custom: boolean;
  /** URN of the parent resource ('' for the stack's root). */
  readonly parent: string;
  /** URNs of every dependency (explicit and implicit), sorted. */
  readonly dependencies: readonly string[];
  /** The `protect` resource option. */
  readonly protect: boolean;
  /** URN of the explicit provider, '' when the default provider is used. */
  readonly provider: string;
  /** Properties listed in the `ignoreChanges` resource option, sorted. */
  readonly ignoreChanges: readonly string[];
  /** True for a resource read rather than registered (a StackReference); only with `reads: true`. */
  readonly read: boolean;
  /** Inputs (a read's properties) with secrets replaced by {@link RecordedSecret} markers. */
  readonly inputs: Record<string, unknown>;
}

/** Mock hooks used when the caller gives none: realistic computed outputs for the GCP types we create. */
export const defaultMocks: pulumi.runtime.Mocks = {
  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const inputs = args.inputs as Record<string, unknown>;
    const extra: Record<string, unknown> = {};
    switch (args.type) {
      case 'gcp:container/cluster:Cluster':
        extra.endpoint = '203.0.113.10';
        extra.masterAuth = { clusterCaCertificate: Buffer.from('mock-ca').toString('base64') };
        extra.name = inputs.name ?? args.name;
        break;
      case 'gcp:serviceaccount/account:Account':
        extra.email = `${String(inputs.accountId)}@mock-project.iam.gserviceaccount.com`;
        extra.name = `projects/mock-project/serviceAccounts/${String(inputs.accountId)}`;
        break;
      case 'gcp:storage/bucket:Bucket':
        extra.name = inputs.name ?? args.name;
        extra.url = `gs://${String(inputs.name ?? args.name)}`;
        break;
      case 'gcp:compute/network:Network':
      case 'gcp:compute/subnetwork:Subnetwork':
        extra.selfLink = `https://www.googleapis.com/compute/v1/projects/mock-project/${args.name}`;
        break;
      default:
        break;
    }
    return { id: `${args.name}-id`, state: { ...inputs, ...extra } };
  },
  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    return args.inputs as Record<string, unknown>;
  },
};

/** Replaces Pulumi's serialised secret wrappers with {@link RecordedSecret} markers, recursively. */
export function markSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(markSecrets);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (obj[WIRE.sigKey] === WIRE.secret) return { secret: true, value: markSecrets(obj.value) } satisfies RecordedSecret;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = markSecrets(v);
    return out;
  }
  return value;
}

/** True when `value` is a {@link RecordedSecret} marker. */
export function isRecordedSecret(value: unknown): value is RecordedSecret {
  return value !== null && typeof value === 'object' && (value as { secret?: unknown }).secret === true && 'value' in value;
}

/**
 * Paths (like `values.alertmanager.config`) where `needle` occurs in plain text, outside any secret marker.
 * Used to prove a secret never reaches a resource's inputs unprotected.
 */
export function plainOccurrences(value: unknown, needle: string, path = ''): string[] {
  if (isRecordedSecret(value)) return [];
  if (typeof value === 'string') return value.includes(needle) ? [path || '(root)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => plainOccurrences(v, needle, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, needle, path ? `${path}.${k}` : k));
  }
  return [];
}

/** The recorded resources with queries tests need. */
export class ResourceGraph {
  private readonly byUrn: Map<string, RecordedResource>;

  constructor(readonly resources: readonly RecordedResource[]) {
    this.byUrn = new Map(resources.map((r) => [r.urn, r]));
  }

  /** Every resource of `type`. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource with `type` and `name`; throws naming what exists when it is missing. */
  one(type: string, name: string): RecordedResource {
    const found = this.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
      const names = this.ofType(type).map((r) => r.name).sort();
      throw new Error(`expected one ${type} named ${name}, found ${found.length}; ${type} names: ${names.join(', ')}`);
    }
    return found[0];
  }

  /** The resource with `urn`. */
  get(urn: string): RecordedResource | undefined {
    return this.byUrn.get(urn);
  }

  /** The parent of `resource`, if recorded. */
  parentOf(resource: RecordedResource): RecordedResource | undefined {
    return this.byUrn.get(resource.parent);
  }

  /** True when `resource` depends on `upstream` directly or through other recorded dependencies. */
  dependsOn(resource: RecordedResource, upstream: RecordedResource): boolean {
    const seen = new Set<string>();
    const stack = [...resource.dependencies];
    while (stack.length > 0) {
      const urn = stack.pop() as string;
      if (urn === upstream.urn) return true;
      if (seen.has(urn)) continue;
      seen.add(urn);
      stack.push(...(this.byUrn.get(urn)?.dependencies ?? []));
    }
    return false;
  }

  /** True when `resource` is (transitively) a child of `ancestor`. */
  isDescendantOf(resource: RecordedResource, ancestor: RecordedResource): boolean {
    let current = this.parentOf(resource);
    while (current) {
      if (current.urn === ancestor.urn) return true;
      current = this.parentOf(current);
    }
    return false;
  }

  /** The provider resource `resource` uses, if recorded. */
  providerOf(resource: RecordedResource): RecordedResource | undefined {
    return resource.provider ? this.byUrn.get(resource.provider) : undefined;
  }
}

/** Where and how {@link installRecordingMonitor} records. */
export interface RecordingOptions {
  /** Mock hooks answering registrations and invokes. @default defaultMocks */
  readonly mocks?: pulumi.runtime.Mocks;
  /** @default 'canary-platform' */
  readonly project?: string;
  /** @default 'test' */
  readonly stack?: string;
  /** @default '' (none) */
  readonly organization?: string;
  /** @default false */
  readonly preview?: boolean;
  /** Also put resources read (StackReferences) into the graph, so dependencies on them resolve. @default false */
  readonly reads?: boolean;
}

/** The installed recorder: what tests call. */
export interface TestRecorder {
  /** Everything recorded so far. */
  snapshot(): ResourceGraph;
  /** Waits until every registration in flight has completed, then returns the graph. */
  settle(): Promise<ResourceGraph>;
}

/** A registration as tests see it (inputs deserialised once, then kept). */
function recordedRegistration(r: Registration): RecordedResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    parent: r.parent ?? '',
    dependencies: r.dependencies,
    protect: r.protect,
    provider: r.provider ?? '',
    ignoreChanges: r.ignoreChanges,
    read: false,
    inputs: markSecrets(deserializeWireProperties(r.wireInputs)) as Record<string, unknown>,
  };
}

function recordedRead(r: ReadResource): RecordedResource {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: true,
    parent: r.parent ?? '',
    dependencies: r.dependencies,
    protect: false,
    provider: r.provider ?? '',
    ignoreChanges: [],
    read: true,
    inputs: markSecrets(r.wireProperties) as Record<string, unknown>,
  };
}

/**
 * Installs the offline engine's recording monitor as the Pulumi runtime's monitor, with the features
 * `pulumi.runtime.setMocks` enables (secrets travel as secrets), and returns the recorder.
 */
export function installRecordingMonitor(options: RecordingOptions = {}): TestRecorder {
  const recorder = new RecordingMonitor(options.mocks ?? defaultMocks);
  installMockMonitor(recorder.monitor, {
    project: options.project ?? 'canary-platform',
    stack: options.stack ?? 'test',
    organization: options.organization,
    preview: options.preview ?? false,
  });
  const seen = new Map<Registration, RecordedResource>();
  const snapshot = (): ResourceGraph => {
    const registered = [...recorder.registrations.values()].map((r) => {
      const known = seen.get(r) ?? recordedRegistration(r);
      seen.set(r, known);
      return known;
    });
    return new ResourceGraph(options.reads ? [...registered, ...[...recorder.reads.values()].map(recordedRead)] : registered);
  };
  return {
    snapshot,
    async settle() {
      await waitForRPCs();
      return snapshot();
    },
  };
}
