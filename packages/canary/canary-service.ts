/**
 * `CanaryService`: the cdk8s construct. It validates its props, renders them with the pure
 * `renderCanaryService` and adds one `ApiObject` per rendered object to the chart.
 *
 * Why plain ApiObjects and not cdk8s-plus constructs: the rendering is a pure function that the Pulumi bridge,
 * the offline `synth` command and the tests share, and wrapping its output is several times cheaper than
 * building the same objects from cdk8s-plus constructs (the platform synthesises hundreds of services).
 */
import { ApiObject, ApiObjectMetadataDefinition, Chart, JsonPatch, type ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { isObjectRecord, withConstructPath, type KubeObject } from '../shared';
import { renderCanaryService } from './render';
import { releaseTimeline, validateCanaryServiceProps, type CanaryServiceProps, type ReleaseTimeline, type ResolvedCanaryService } from './spec';

/**
 * A service released by automated canary analysis: Deployment, Service, HPA, PodDisruptionBudget,
 * ServiceAccount and the Flagger Canary with its checks, webhooks and alerts, from one typed spec.
 *
 * @example
 * new CanaryService(chart, 'podinfo', { image: 'ghcr.io/stefanprodan/podinfo:6.7.0', port: 9898 });
 */
export class CanaryService extends Construct {
  /** The validated spec with every default filled in. */
  readonly spec: ResolvedCanaryService;
  /** One ApiObject per rendered object, in render order. */
  readonly apiObjects: readonly ApiObject[];

  /**
   * @param scope the chart (or a construct inside it); its namespace is the default namespace
   * @param id construct id; also the service name unless `props.name` is set
   * @param props the service spec; only `image` and `port` are required
   * @throws ValidationError listing every problem of the props, titled with the construct path
   */
  constructor(scope: Construct, id: string, props: CanaryServiceProps) {
    super(scope, id);
    // `props` is checked before it is read: plain JavaScript may pass anything (undefined, null, a string).
    const name = isObjectRecord(props) && typeof props.name === 'string' && props.name !== '' ? props.name : id;
    this.spec = withConstructPath('CanaryService', this.node.path, () => validateCanaryServiceProps(name, props, { namespace: Chart.of(this).namespace }));
    const spec = this.spec;
    this.apiObjects = renderCanaryService(spec).map(
      (obj, i) => new RenderedApiObject(this, `${obj.kind}-${obj.metadata.name}`, obj, () => renderCanaryService(spec)[i] as KubeObject),
    );
  }

  /** The rendered objects (plain data, keys sorted): a fresh rendering on every call, yours to change. */
  get objects(): KubeObject[] {
    return renderCanaryService(this.spec);
  }

  /** How long a release of this service takes, and the worst case to rollback. */
  get timeline(): ReleaseTimeline {
    return releaseTimeline(this.spec);
  }

  /** The ApiObject of `kind` named `name` (default: the service name), for patches and dependencies. */
  apiObject(kind: string, name: string = this.spec.name): ApiObject {
    const found = this.apiObjects.find((o) => o.kind === kind && o.name === name);
    if (found === undefined) {
      const have = this.apiObjects.map((o) => `${o.kind}/${o.name}`).join(', ');
      throw new Error(`${this.node.path}: no ${kind}/${name}; this CanaryService has ${have}`);
    }
    return found;
  }
}

/** Metadata objects changed through their API (addLabel, addAnnotation, ...) since they were created. */
const CHANGED_METADATA = new WeakSet<object>();

/** ApiObjectMetadataDefinition's mutators, each also recording the change; shared by every instance. */
const TRACKING_MUTATORS: Readonly<Record<string, (this: ApiObjectMetadataDefinition, ...args: unknown[]) => unknown>> = Object.fromEntries(
  (['add', 'addLabel', 'addAnnotation', 'addFinalizers', 'addOwnerReference'] as const).map((method) => [
    method,
    function (this: ApiObjectMetadataDefinition, ...args: unknown[]): unknown {
      CHANGED_METADATA.add(this);
      return (ApiObjectMetadataDefinition.prototype[method] as (...a: unknown[]) => unknown).apply(this, args);
    },
  ]),
);

/**
 * An ApiObject holding an object that `renderCanaryService` made plain and key-sorted. Its `toJson()` gives
 * exactly what cdk8s' ApiObject would for the same object (a test compares them), without the
 * resolve-and-sanitize pass or a defensive copy:
 * - the first `toJson()` hands out the body rendered in the constructor, which nothing else holds; later calls
 *   render it again (rendering is pure), so a caller changing what it got changes nothing else;
 * - the metadata is ours plus the chart's labels (fixed when the chart is created), unless it was changed
 *   through `metadata.addLabel()` and friends, in which case cdk8s builds it;
 * - JSON patches are applied as ApiObject applies them, then `apiVersion`, `kind`, `metadata` come first.
 */
class RenderedApiObject extends ApiObject {
  private readonly jsonPatches: JsonPatch[] = [];
  private unused: KubeObject | undefined;

  constructor(
    scope: Construct,
    id: string,
    rendered: KubeObject,
    private readonly rerender: () => KubeObject,
  ) {
    super(scope, id, { apiVersion: rendered.apiVersion, kind: rendered.kind, metadata: rendered.metadata } as ApiObjectProps);
    this.unused = rendered;
    Object.assign(this.metadata, TRACKING_MUTATORS);
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.jsonPatches.push(...ops);
  }

  override toJson(): Record<string, unknown> {
    const body = this.unused ?? this.rerender();
    this.unused = undefined;
    const json: Record<string, unknown> = { apiVersion: body.apiVersion, kind: body.kind, metadata: this.metadataJson(body.metadata) };
    for (const key of Object.keys(body)) {
      if (key !== 'apiVersion' && key !== 'kind' && key !== 'metadata') json[key] = body[key];
    }
    if (this.jsonPatches.length === 0) return json;
    const patched = JsonPatch.apply(json, ...this.jsonPatches) as Record<string, unknown>;
    const ordered: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (key in patched) ordered[key] = patched[key];
    return ordered;
  }

  private metadataJson(metadata: KubeObject['metadata']): unknown {
    if (CHANGED_METADATA.has(this.metadata)) return this.metadata.toJson();
    const chartLabels = this.chart.labels;
    if (Object.keys(chartLabels).length === 0) return metadata;
    // As ApiObject does: chart labels first, the object's own labels win; keys sorted.
    const labels: Record<string, string> = { ...chartLabels, ...metadata.labels };
    const sorted: Record<string, string> = {};
    for (const key of Object.keys(labels).sort()) sorted[key] = labels[key] as string;
    return { ...metadata, labels: sorted };
  }
}
