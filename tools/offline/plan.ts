import type { ProgramRun } from './engine';
import { maskSecretObjectsDeep } from './kube-objects';
import { Masker, type PlainValue } from './wire-values';

/** Format tag of `plan.json`; bumped on any incompatible change of its shape. */
export const PLAN_FORMAT = 'canary-platform/offline-plan/v1';

/** One resource in `plan.json`. */
export interface PlanResource {
  /** The resource's URN (unique; how other entries refer to it). */
  readonly urn: string;
  /** Type token, for example `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** Resource name given by the program. */
  readonly name: string;
  /** True for custom (provider-managed) resources, false for components. */
  readonly custom: boolean;
  /** Parent URN; null for the root stack. */
  readonly parent: string | null;
  /** Explicit provider URN; null when the default provider is used. */
  readonly provider: string | null;
  /** Explicit and implicit dependencies (URNs), sorted. */
  readonly dependencies: readonly string[];
  /** The `protect` option: `pulumi destroy` refuses to delete it. */
  readonly protect: boolean;
  /** The `retainOnDelete` option. */
  readonly retainOnDelete: boolean;
  /** Step in the dependency order: 0 for the root, else 1 + the highest wave among parent, provider, dependencies. */
  readonly wave: number;
  /** Inputs, keys sorted; Pulumi secrets and Kubernetes Secret data as `[secret]`. */
  readonly inputs: Readonly<Record<string, PlainValue>>;
}

/** A provider function the program called. */
export interface PlanInvoke {
  readonly token: string;
  /** How many calls. */
  readonly count: number;
  /** False when the offline engine has no stand-in result for it (the program received an empty result). */
  readonly answered: boolean;
}

/** Counts shown in `plan.json` and the closing summary. */
export interface PlanSummary {
  /** Number of resources, the root stack included. */
  readonly resources: number;
  /** Resources per type token, keys sorted. */
  readonly byType: Readonly<Record<string, number>>;
  /** Number of waves (highest wave + 1). */
  readonly waves: number;
  /** Resources per wave, index = wave. */
  readonly resourcesPerWave: readonly number[];
  /** Kubernetes objects written under `manifests/`. */
  readonly manifests: number;
  /** Helm releases written under `helm/`. */
  readonly helmReleases: number;
  /** Secrets kept out of `manifests/` (`namespace/Secret/name`), sorted. */
  readonly secretsOmitted: readonly string[];
}

/** The content of `plan.json`. */
export interface Plan {
  readonly format: typeof PLAN_FORMAT;
  /** Always true: rendered under mocks, no cloud API was called. */
  readonly offline: true;
  readonly project: string;
  readonly stack: string;
  /** Every resource, ordered by wave then URN. */
  readonly resources: readonly PlanResource[];
  /** Stack outputs, secrets as `[secret]`. */
  readonly outputs: Readonly<Record<string, PlainValue>>;
  /** Provider functions called, sorted by token. */
  readonly invokes: readonly PlanInvoke[];
  /** Warnings the program logged, in order. */
  readonly warnings: readonly string[];
  readonly summary: PlanSummary;
}

/** Resource graph edges used for waves: parent, provider and dependencies that are in the graph. */
export function predecessors(r: Pick<PlanResource, 'parent' | 'provider' | 'dependencies'>, known: ReadonlySet<string>): string[] {
  const preds = [r.parent, r.provider, ...r.dependencies].filter((u): u is string => typeof u === 'string' && known.has(u));
  return [...new Set(preds)];
}

/**
 * Longest path from a root over parent, provider and dependency edges, per URN: the order in which the
 * engine can create resources from nothing (resources of one wave need only earlier waves).
 *
 * @throws Error on a cycle (Pulumi programs cannot express one; this guards the algorithm).
 */
export function computeWaves(resources: readonly Pick<PlanResource, 'urn' | 'parent' | 'provider' | 'dependencies'>[]): Map<string, number> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const known = new Set(byUrn.keys());
  const waves = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (urn: string): number => {
    const done = waves.get(urn);
    if (done !== undefined) return done;
    if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    visiting.add(urn);
    const preds = predecessors(byUrn.get(urn)!, known);
    const wave = preds.length === 0 ? 0 : 1 + Math.max(...preds.map(visit));
    visiting.delete(urn);
    waves.set(urn, wave);
    return wave;
  };
  for (const urn of [...known].sort()) visit(urn);
  return waves;
}

/** Builds the masker for a run: config placeholders and every secret scalar the program produced. */
export function maskerFor(run: ProgramRun): Masker {
  return new Masker(run.secretStrings);
}

/** Plan resources (masked, with waves) for a run; ordered by wave then URN. */
export function planResources(run: ProgramRun, masker: Masker): PlanResource[] {
  const base = run.registrations.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    parent: r.parent ?? null,
    provider: r.provider ?? null,
    dependencies: [...r.dependencies],
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    inputs: maskSecretObjectsDeep(masker.value(r.wireInputs)) as Record<string, PlainValue>,
  }));
  const waves = computeWaves(base);
  return base
    .map((r) => ({ ...r, wave: waves.get(r.urn) ?? 0 }))
    .sort((a, b) => a.wave - b.wave || (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

/** Invokes grouped by token. */
export function planInvokes(run: ProgramRun): PlanInvoke[] {
  const byToken = new Map<string, PlanInvoke>();
  for (const call of run.invokes) {
    const prev = byToken.get(call.token);
    byToken.set(call.token, { token: call.token, count: (prev?.count ?? 0) + 1, answered: call.answered });
  }
  return [...byToken.values()].sort((a, b) => (a.token < b.token ? -1 : 1));
}

/** Resources per type, keys sorted. */
export function countByType(resources: readonly PlanResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of resources.map((r) => r.type).sort()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Resources per wave, index = wave. */
export function countPerWave(resources: readonly PlanResource[]): number[] {
  const out: number[] = [];
  for (const r of resources) out[r.wave] = (out[r.wave] ?? 0) + 1;
  return Array.from(out, (n) => n ?? 0);
}
