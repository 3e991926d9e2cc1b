/**
 * cdk8s wiring: constructs that add the pure renderers' objects to a chart as plain `ApiObject`s (the same
 * approach as `CanaryService`, so the Pulumi bridge and the offline synth see identical objects).
 */
import { ApiObject, type ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { objectProblems, ValidationError, withConstructPath, type KubeObject } from '../shared';
import type { PlatformObservabilityInput } from './platform-spec';
import { renderPlatformObservability, renderServiceObservability } from './render';
import type { ServiceObservabilityInput } from './spec';

function addObjects(scope: Construct, objects: readonly KubeObject[]): ApiObject[] {
  return objects.map((obj) => new ApiObject(scope, `${obj.kind}-${obj.metadata.name}`, obj as unknown as ApiObjectProps));
}

/**
 * Renders `input` for the construct `scope`: an `input` that is not an object (plain JavaScript may pass
 * anything; `PlatformObservability`'s default covers `undefined`) is reported under the construct's id, and every
 * problem is titled with the construct's path.
 */
function renderFor<T>(kind: string, scope: Construct, input: T, render: (input: T) => KubeObject[]): KubeObject[] {
  return withConstructPath(kind, scope.node.path, () => {
    const notAnObject = objectProblems(scope.node.id, { input });
    if (notAnObject.length > 0) throw new ValidationError(kind, notAnObject);
    return render(input);
  });
}

/**
 * A service's PrometheusRule (SLO burn-rate and release alerts) and deployment dashboard ConfigMap.
 *
 * @example
 * const svc = new CanaryService(chart, 'podinfo', { image: 'ghcr.io/stefanprodan/podinfo:6.14.1', port: 9898 });
 * new ServiceObservability(chart, 'podinfo-observability', observabilityInputFromCanary(svc.spec));
 */
export class ServiceObservability extends Construct {
  /** The rendered objects (plain data, keys sorted). */
  readonly objects: readonly KubeObject[];
  /** One ApiObject per rendered object, in the same order. */
  readonly apiObjects: readonly ApiObject[];

  /**
   * @param scope the chart or a construct inside it
   * @param id construct id
   * @param input the service's observability input
   * @throws ValidationError listing every problem of the input, titled with the construct path
   */
  constructor(scope: Construct, id: string, input: ServiceObservabilityInput) {
    super(scope, id);
    this.objects = renderFor('ServiceObservability', this, input, renderServiceObservability);
    this.apiObjects = addObjects(this, this.objects);
  }
}

/** The platform's alerts and overview dashboard. */
export class PlatformObservability extends Construct {
  /** The rendered objects (plain data, keys sorted). */
  readonly objects: readonly KubeObject[];
  /** One ApiObject per rendered object, in the same order. */
  readonly apiObjects: readonly ApiObject[];

  /**
   * @param scope the chart or a construct inside it
   * @param id construct id
   * @param input platform settings; every field has a default
   * @throws ValidationError listing every problem of the input, titled with the construct path
   */
  constructor(scope: Construct, id: string, input: PlatformObservabilityInput = {}) {
    super(scope, id);
    this.objects = renderFor('PlatformObservability', this, input, renderPlatformObservability);
    this.apiObjects = addObjects(this, this.objects);
  }
}
