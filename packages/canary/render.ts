/**
 * `renderCanaryService`: props or a resolved spec in, plain Kubernetes objects out. Pure (no cdk8s, no I/O, no
 * clock, no environment), with sorted keys and a fixed object order, so the same input gives the same bytes.
 *
 * Keys are sorted by construction: renderers write object literals in key order and sort the maps whose keys
 * users choose (labels, annotations) with `sortedRecord`. That saves a deep re-sorting pass over every object
 * (a third of the render time); render-sorted.test.ts proves the output equals `sortKeys(output)` for every
 * strategy and option. Engines whose renderer does not guarantee it are sorted at the dispatch point below.
 */
import { requireObjectArguments, sortKeys, ValidationError, type KubeObject } from '../shared';
import { renderArgoRollouts } from './engines/argo-rollouts';
import { renderFlaggerObjects } from './engines/flagger';
import { isResolvedCanaryService, validateCanaryServiceProps, type CanaryServiceProps, type Engine, type ResolvedCanaryService } from './spec';

/** Options of {@link renderCanaryService}. */
export interface RenderCanaryServiceOptions {
  /** Namespace used when the props set none. @default 'default' */
  readonly namespace?: string;
}

/** Props that name their service (what {@link renderCanaryService} needs without a construct id). */
export type NamedCanaryServiceProps = CanaryServiceProps & { readonly name: string };

/**
 * The renderer of each engine: the ONE dispatch point. The engines (engines/flagger, engines/argo-rollouts) are
 * peers: both read the resolved spec (spec/) and share the workload rendering (workload/); what an engine cannot
 * express is rejected by validation (spec/parity.ts).
 */
const ENGINE_RENDERERS: { readonly [E in Engine]: (spec: ResolvedCanaryService) => KubeObject[] } = {
  // Sorted by construction (render-sorted.test.ts).
  flagger: renderFlaggerObjects,
  // Not written in key order: sorted here, so every engine keeps renderCanaryService's sorted-keys contract.
  argoRollouts: (spec) => renderArgoRollouts(spec).map((obj) => sortKeys(obj)),
};

/**
 * Renders every object of a CanaryService.
 *
 * @param input props with a `name`, or a spec returned by `validateCanaryServiceProps` (not re-validated)
 * @param options defaults from the surroundings
 * @returns ServiceAccount, Deployment, Service, HPA, PodDisruptionBudget, MetricTemplates, AlertProviders and
 *   the Canary (for the Flagger engine), keys sorted
 * @throws ValidationError listing every problem of the props; nothing is rendered then
 */
export function renderCanaryService(input: NamedCanaryServiceProps | ResolvedCanaryService, options: RenderCanaryServiceOptions = {}): KubeObject[] {
  // Checked before anything is read from them: plain JavaScript may pass anything (undefined, null, a string).
  requireObjectArguments('renderCanaryService', { props: input, options }, { optional: ['options'] });
  const spec = isResolvedCanaryService(input) ? input : validateCanaryServiceProps(serviceName(input), input, { namespace: options.namespace });
  return ENGINE_RENDERERS[spec.engine](spec);
}

/** The service name of props given without a construct id to fall back on: required. */
function serviceName(props: NamedCanaryServiceProps): string {
  const name: unknown = props.name;
  if (name === undefined || name === '') {
    throw new ValidationError('renderCanaryService: invalid arguments', [
      { subject: 'renderCanaryService', path: 'props.name', message: 'is required: without a construct id, the name identifies the service' },
    ]);
  }
  return String(name);
}
