/**
 * A Pulumi mock monitor that records every resource registration with what `setMocks` hides: the parent, the
 * dependencies (explicit `dependsOn` and implicit, from Output inputs), `protect` and the provider reference.
 *
 * Pulumi's `MockMonitor` is internal API of @pulumi/pulumi (pinned to 3.248.0 in package.json); this module is
 * the only place that touches it, and `recording-monitor.test.ts` proves it still behaves as relied on here.
 *
 * Usage (in a jest test, before any component module creates resources):
 *
 *   const monitor = installRecordingMonitor();
 *   new MyComponent('x', args);
 *   const graph = await monitor.settle();
 *   expect(graph.one('kubernetes:helm.sh/v3:Release', 'x-istiod').dependsOn(...)).toBe(true);
 */
import * as pulumi from '@pulumi/pulumi';
import { MockMonitor } from '@pulumi/pulumi/runtime/mocks';

/** Signature Pulumi uses to mark a serialised secret value (`{ [SIG_KEY]: SECRET_SIG, value }`). */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';

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
  /** Provider reference (`<provider urn>::<provider id>`), '' when the default provider is used. */
  readonly provider: string;
  /** Inputs with secrets replaced by {@link RecordedSecret} markers. */
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
    if (obj[SIG_KEY] === SECRET_SIG) return { secret: true, value: markSecrets(obj.value) } satisfies RecordedSecret;
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

  /** The provider resource `resource` uses (from its provider reference), if recorded. */
  providerOf(resource: RecordedResource): RecordedResource | undefined {
    if (!resource.provider) return undefined;
    return this.byUrn.get(resource.provider.split('::').slice(0, -1).join('::'));
  }
}

type Callback = (err: unknown, response: unknown) => void;

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getDependenciesList(): string[];
  getProtect(): boolean;
  getProvider(): string;
  getObject(): unknown;
}

/** A `MockMonitor` that records every registration. */
export class RecordingMonitor extends MockMonitor {
  private readonly recorded: RecordedResource[] = [];

  constructor(mocks: pulumi.runtime.Mocks = defaultMocks) {
    super(mocks);
  }

  override async registerResource(req: RegisterResourceRequest, callback: Callback): Promise<void> {
    // Pulumi's own deserialiser keeps secret wrappers (it lifts them to the enclosing top-level property).
    const raw = rpc().deserializeProperties(req.getObject()) as Record<string, unknown>;
    const base = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      dependencies: [...req.getDependenciesList()].sort(),
      protect: req.getProtect(),
      provider: req.getProvider(),
      inputs: markSecrets(raw) as Record<string, unknown>,
    };
    return super.registerResource(req, (err: unknown, response: unknown) => {
      if (!err && response) this.recorded.push({ urn: (response as { getUrn(): string }).getUrn(), ...base });
      callback(err, response);
    });
  }

  /** Everything recorded so far. */
  snapshot(): ResourceGraph {
    return new ResourceGraph([...this.recorded]);
  }

  /** Waits until every registration in flight has completed, then returns the graph. */
  async settle(): Promise<ResourceGraph> {
    await waitForRPCs();
    return this.snapshot();
  }
}

/**
 * Installs `monitor` as the Pulumi runtime's monitor. `setMockOptions` resets the runtime's feature flags, so this
 * enables what `pulumi.runtime.setMocks` enables (all but outputValues); otherwise secrets would be serialised
 * as plain values.
 */
export function enableMockFeatures(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const store = (require('@pulumi/pulumi/runtime/state') as { getStore(): Record<string, unknown> }).getStore();
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
}

/** Installs a {@link RecordingMonitor} as the Pulumi runtime's monitor and returns it. */
export function installRecordingMonitor(
  options: { mocks?: pulumi.runtime.Mocks; project?: string; stack?: string; preview?: boolean } = {},
): RecordingMonitor {
  const monitor = new RecordingMonitor(options.mocks ?? defaultMocks);
  pulumi.runtime.setMockOptions(monitor, options.project ?? 'canary-platform', options.stack ?? 'test', options.preview ?? false);
  enableMockFeatures();
  return monitor;
}

/** Pulumi's internal "all RPCs finished" promise (runtime/settings `waitForRPCs`). */
function waitForRPCs(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require('@pulumi/pulumi/runtime/settings') as { waitForRPCs(): Promise<void> };
  return settings.waitForRPCs();
}

/** Pulumi's internal property (de)serialiser (runtime/rpc). */
function rpc(): { deserializeProperties(struct: unknown): unknown } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@pulumi/pulumi/runtime/rpc') as { deserializeProperties(struct: unknown): unknown };
}
