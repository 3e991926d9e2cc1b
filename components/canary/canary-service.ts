/**
 * `CanaryService`: the cdk8s construct. It validates its props, renders them with the pure
 * `renderCanaryService` and adds one `ApiObject` per rendered object to the chart.
 *
 * Why plain ApiObjects and not cdk8s-plus constructs: the rendering is a pure function that the Pulumi bridge,
 * the offline `synth` command and the tests share, and wrapping its output is several times cheaper than
 * building the same objects from cdk8s-plus constructs (the platform synthesises hundreds of services).
 */
import { ApiObject, ApiObjectMetadataDefinition, Chart, type ApiObjectProps, type JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { ValidationError, isValidationError, type KubeObject } from '../shared';
import type { CanaryServiceProps } from './props';
import { renderCanaryService } from './render';
import type { ResolvedCanaryService } from './resolved';
import { validateCanaryServiceProps } from './spec';
import { releaseTimeline, type ReleaseTimeline } from './timing';

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
  /** The rendered objects (plain data, keys sorted). */
  readonly objects: readonly KubeObject[];
  /** One ApiObject per rendered object, in the same order. */
  readonly apiObjects: readonly ApiObject[];

  /**
   * @param scope the chart (or a construct inside it); its namespace is the default namespace
   * @param id construct id; also the service name unless `props.name` is set
   * @param props the service spec; only `image` and `port` are required
   * @throws ValidationError listing every problem of the props, titled with the construct path
   */
  constructor(scope: Construct, id: string, props: CanaryServiceProps) {
    super(scope, id);
    try {
      this.spec = validateCanaryServiceProps(props.name ?? id, props, { namespace: Chart.of(this).namespace });
    } catch (err) {
      if (isValidationError(err)) {
        const problems = (err as ValidationError).problems;
        throw new ValidationError(`CanaryService at ${this.node.path} has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems);
      }
      throw err;
    }
    this.objects = renderCanaryService(this.spec);
    this.apiObjects = this.objects.map((obj) => new RenderedApiObject(this, `${obj.kind}-${obj.metadata.name}`, obj));
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
 * An ApiObject holding an object that `renderCanaryService` already made plain and key-sorted. Its `toJson()`
 * gives exactly what ApiObject's would (a test compares them) without cdk8s' resolve-and-sanitize pass:
 * - the body is copied as it is;
 * - the metadata is ours plus the chart's labels (fixed when the chart is created), unless it was changed
 *   through `metadata.addLabel()` and friends, in which case cdk8s builds it;
 * - after `addJsonPatch()` the whole object goes through ApiObject's own `toJson()`.
 */
class RenderedApiObject extends ApiObject {
  private patched = false;

  constructor(
    scope: Construct,
    id: string,
    private readonly rendered: KubeObject,
  ) {
    super(scope, id, rendered as unknown as ApiObjectProps);
    Object.assign(this.metadata, TRACKING_MUTATORS);
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  override toJson(): Record<string, unknown> {
    if (this.patched) return super.toJson() as Record<string, unknown>;
    const out: Record<string, unknown> = { apiVersion: this.rendered.apiVersion, kind: this.rendered.kind, metadata: this.metadataJson() };
    for (const key of Object.keys(this.rendered)) {
      if (key !== 'apiVersion' && key !== 'kind' && key !== 'metadata') out[key] = copyJson(this.rendered[key]);
    }
    return out;
  }

  private metadataJson(): unknown {
    if (CHANGED_METADATA.has(this.metadata)) return this.metadata.toJson();
    const metadata = copyJson(this.rendered.metadata) as Record<string, unknown>;
    const chartLabels = this.chart.labels;
    if (Object.keys(chartLabels).length > 0) {
      // As ApiObject does: chart labels first, the object's own labels win; keys sorted.
      const labels: Record<string, unknown> = { ...chartLabels, ...(metadata.labels as Record<string, string>) };
      metadata.labels = Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
    }
    return metadata;
  }
}

/** A deep copy of plain JSON data, so callers may change what `toJson()` returns. */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out;
}
