/**
 * `CanaryService`: the cdk8s construct. It validates its props, renders them with the pure
 * `renderCanaryService` and adds one `ApiObject` per rendered object to the chart.
 *
 * Why plain ApiObjects and not cdk8s-plus constructs: the rendering is a pure function that the Pulumi bridge,
 * the offline `synth` command and the tests share, and wrapping its output is several times cheaper than
 * building the same objects from cdk8s-plus constructs (the platform synthesises hundreds of services).
 */
import { ApiObject, App, Chart, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
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
    const fast = onlyDefaultResolvers(this);
    this.apiObjects = renderCanaryService(spec).map((obj, i) => {
      const id = `${obj.kind}-${obj.metadata.name}`;
      return fast ? new RenderedApiObject(this, id, obj, () => renderCanaryService(spec)[i] as KubeObject) : new ApiObject(this, id, obj);
    });
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

/** True when the app resolves values with cdk8s' built-in resolvers only (none of its own). */
function onlyDefaultResolvers(scope: Construct): boolean {
  return App.of(scope).resolvers.every((r) => r instanceof LazyResolver || r instanceof ImplicitTokenResolver || r instanceof NumberStringUnionResolver);
}

/**
 * The library's one exception to plain cdk8s objects (STYLE rule 13), kept because a measurement demands it
 * (docs/benchmark.md, "Validation and the construct without tricks"): `ApiObject.toJson()` copies every value of
 * the body twice (through cdk8s' resolvers, then its sanitiser); with plain ApiObjects, 5000 CanaryServices in one
 * chart took about twice the CPU time and 1.4 times the peak memory of this class. The body `renderCanaryService`
 * returns is already what that pass yields (plain values, keys sorted, no null), and nothing else holds it, so:
 * - cdk8s builds `apiVersion`, `kind` and `metadata` as for any ApiObject (chart labels, `metadata.addLabel()`, ...);
 * - the first `toJson()` hands out the rendered body itself; a later call renders it again (rendering is pure), so
 *   a caller changing what it got changes nothing else;
 * - JSON patches apply to the whole object, as ApiObject applies them.
 * It is used only when the app has no resolvers of its own (they must see every value; otherwise plain ApiObjects).
 * tests/canary/canary-service.test.ts compares its output with ApiObject's for every object and every such case.
 */
class RenderedApiObject extends ApiObject {
  private readonly bodyPatches: JsonPatch[] = [];
  private unused: KubeObject | undefined;

  constructor(
    scope: Construct,
    id: string,
    rendered: KubeObject,
    private readonly rerender: () => KubeObject,
  ) {
    super(scope, id, { apiVersion: rendered.apiVersion, kind: rendered.kind, metadata: rendered.metadata });
    this.unused = rendered;
  }

  override addJsonPatch(...ops: JsonPatch[]): void {
    this.bodyPatches.push(...ops);
  }

  override toJson(): Record<string, unknown> {
    const json = super.toJson() as Record<string, unknown>;
    const body = this.unused ?? this.rerender();
    this.unused = undefined;
    for (const key of Object.keys(body)) if (!(key in json)) json[key] = body[key];
    if (this.bodyPatches.length === 0) return json;
    const patched = JsonPatch.apply(json, ...this.bodyPatches) as Record<string, unknown>;
    const ordered: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (key in patched) ordered[key] = patched[key];
    return ordered;
  }
}
