/**
 * `renderCanaryService`: props or a resolved spec in, plain Kubernetes objects out. Pure (no cdk8s, no I/O, no
 * clock, no environment), with sorted keys and a fixed object order, so the same input gives the same bytes.
 */
import { renderArgoRollouts } from '../argo-rollouts/render';
import type { KubeObject } from '../shared';
import type { CanaryServiceProps, Engine } from './props';
import { renderFlaggerObjects } from './render-flagger';
import type { ResolvedCanaryService } from './resolved';
import { validateCanaryServiceProps } from './spec';

/** Options of {@link renderCanaryService}. */
export interface RenderCanaryServiceOptions {
  /** Namespace used when the props set none. @default 'default' */
  readonly namespace?: string;
}

/** Props that name their service (what {@link renderCanaryService} needs without a construct id). */
export type NamedCanaryServiceProps = CanaryServiceProps & { readonly name: string };

/**
 * The renderer of each engine: the ONE dispatch point. The Argo Rollouts renderer (components/argo-rollouts)
 * reuses render-workload.ts and queries.ts; what it cannot express is rejected by validation (spec-rules.ts).
 */
const ENGINE_RENDERERS: { readonly [E in Engine]: (spec: ResolvedCanaryService) => KubeObject[] } = {
  flagger: renderFlaggerObjects,
  argoRollouts: renderArgoRollouts,
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
  const spec = validateCanaryServiceProps(input.name, input, { namespace: options.namespace });
  return ENGINE_RENDERERS[spec.engine](spec).map((obj) => sorted(obj) as KubeObject);
}

/**
 * Same result as `sortKeys` from components/shared (keys sorted, `undefined` properties dropped, arrays kept in
 * order), but objects whose keys are already in order are returned as they are instead of copied. Renderers
 * build fresh objects, mostly with sorted keys, so this is several times faster. Never mutates its input
 * (resolved specs are frozen).
 */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = sorted(value[i]);
      if (item !== value[i]) (out ??= value.slice())[i] = item;
    }
    return out ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  let keys = Object.keys(record);
  let out: Record<string, unknown> | undefined;
  for (let i = 1; i < keys.length; i++) {
    if ((keys[i - 1] as string) > (keys[i] as string)) {
      keys = [...keys].sort();
      out = {};
      break;
    }
  }
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const v = record[key];
    const s = v === undefined ? undefined : sorted(v);
    if (out === undefined && (s !== v || v === undefined)) {
      // First change in an object that was in order: copy what came before, unchanged.
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = record[keys[j] as string];
    }
    if (out !== undefined && s !== undefined) out[key] = s;
  }
  return out ?? value;
}
