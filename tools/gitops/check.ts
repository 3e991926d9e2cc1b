/**
 * Checks the order of a GitOps tree as Flux would apply it, from the objects alone (parsed from the written files
 * or from `kubectl kustomize` of each path): the Kustomizations' `dependsOn` graph has no cycle and names only
 * Kustomizations that exist; no object is applied before the CRD of its kind (brought by a chart of a layer it
 * waits for, or by the bootstrap) nor before its namespace; every source, HelmRepository, release dependency
 * and substitution Secret referenced exists.
 */
import { objectId, type KubeObject, type Problem } from '../../packages/shared';
import { apiGroup, CHART_CRD_GROUPS, chartKey, FLUX_GROUPS, isBuiltInGroup } from './crds';

/** What exists before the tree is applied: the bootstrap's objects. */
export interface TreeBootstrap {
  /** The source every platform Kustomization names. */
  readonly source: { readonly kind: string; readonly name: string };
  /** The substitution Secret, when the bootstrap creates one. @default - none */
  readonly secretName?: string;
  /** Namespaces that exist already (`flux-system`, the cluster's own). */
  readonly namespaces: readonly string[];
}

/** A Flux Kustomization of the tree and the objects its path builds to. */
export interface AppliedKustomization {
  readonly kustomization: KubeObject;
  readonly objects: readonly KubeObject[];
}

interface KustomizationSpec {
  readonly sourceRef?: { readonly kind?: string; readonly name?: string };
  readonly dependsOn?: readonly { readonly name: string }[];
  readonly wait?: boolean;
  readonly postBuild?: { readonly substituteFrom?: readonly { readonly kind: string; readonly name: string }[] };
}

interface HelmReleaseSpec {
  readonly targetNamespace?: string;
  readonly chart?: { readonly spec?: { readonly chart?: string; readonly sourceRef?: { readonly kind?: string; readonly name?: string; readonly namespace?: string } } };
  readonly dependsOn?: readonly { readonly name: string; readonly namespace?: string }[];
  readonly valuesFrom?: readonly { readonly kind: string; readonly name: string }[];
}

const spec = <T>(o: KubeObject): T => (o.spec ?? {}) as T;

/** The Kustomizations each one waits for, transitively (without itself); cycles reported once. */
function ancestorsOf(byName: ReadonlyMap<string, AppliedKustomization>, problems: Problem[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const reported = new Set<string>();
  const visit = (name: string): Set<string> => {
    const done = out.get(name);
    if (done !== undefined) return done;
    if (visiting.has(name)) {
      if (!reported.has(name)) problems.push({ subject: `flux-system/Kustomization/${name}`, path: 'spec.dependsOn', message: 'is part of a dependency cycle; Flux would never apply it' });
      reported.add(name);
      return new Set();
    }
    visiting.add(name);
    const all = new Set<string>();
    for (const dep of spec<KustomizationSpec>(byName.get(name)!.kustomization).dependsOn ?? []) {
      if (!byName.has(dep.name)) continue;
      all.add(dep.name);
      for (const a of visit(dep.name)) all.add(a);
    }
    visiting.delete(name);
    out.set(name, all);
    return all;
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return out;
}

/** Every problem with the order of `tree`; empty when Flux can apply it from an empty cluster in one pass. */
export function checkTreeOrder(tree: readonly AppliedKustomization[], bootstrap: TreeBootstrap): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(tree.map((k) => [k.kustomization.metadata.name, k]));
  const sources = new Set([`${bootstrap.source.kind}/${bootstrap.source.name}`]);
  for (const k of tree) for (const o of k.objects) if (o.kind === 'GitRepository' || o.kind === 'OCIRepository') sources.add(`${o.kind}/${o.metadata.name}`);
  const ancestors = ancestorsOf(byName, problems);

  for (const k of tree) {
    const name = k.kustomization.metadata.name;
    const subject = `flux-system/Kustomization/${name}`;
    const s = spec<KustomizationSpec>(k.kustomization);
    for (const dep of s.dependsOn ?? []) {
      if (!byName.has(dep.name)) problems.push({ subject, path: 'spec.dependsOn', message: `names ${dep.name}, which no Kustomization of the tree is` });
    }
    const ref = `${s.sourceRef?.kind}/${s.sourceRef?.name}`;
    if (!sources.has(ref)) problems.push({ subject, path: 'spec.sourceRef', message: `(${ref}) is neither the bootstrap's source nor a source of the tree` });
    for (const from of s.postBuild?.substituteFrom ?? []) {
      if (from.kind !== 'Secret' || from.name !== bootstrap.secretName) {
        problems.push({ subject, path: 'spec.postBuild.substituteFrom', message: `(${from.kind}/${from.name}) is not the bootstrap's substitution Secret` });
      }
    }

    // What exists when this Kustomization applies: the bootstrap, and everything of the Kustomizations it waits for.
    const before = [...(ancestors.get(name) ?? [])].map((a) => byName.get(a)!);
    const waited = before.filter((a) => spec<KustomizationSpec>(a.kustomization).wait === true);
    const crdGroups = new Set<string>(FLUX_GROUPS);
    for (const a of waited) {
      for (const o of a.objects) {
        if (o.kind !== 'HelmRelease') continue;
        const chart = spec<HelmReleaseSpec>(o).chart?.spec;
        const repository = a.objects.concat(...before.map((b) => b.objects)).find((r) => r.kind === 'HelmRepository' && r.metadata.name === chart?.sourceRef?.name);
        const url = (repository?.spec as { url?: string } | undefined)?.url ?? null;
        for (const group of CHART_CRD_GROUPS.get(chartKey(url, chart?.chart ?? '')) ?? []) crdGroups.add(group);
      }
    }
    const visible = [...k.objects, ...before.flatMap((b) => b.objects)];
    const namespaces = new Set([...bootstrap.namespaces, ...visible.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)]);
    const repositories = new Set(visible.filter((o) => o.kind === 'HelmRepository').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    const releases = new Set(visible.filter((o) => o.kind === 'HelmRelease').map((o) => `${o.metadata.namespace}/${o.metadata.name}`));

    for (const o of k.objects) {
      const id = objectId(o);
      const group = apiGroup(o.apiVersion);
      if (!isBuiltInGroup(group) && !crdGroups.has(group)) {
        problems.push({ subject: id, path: 'apiVersion', message: `(${o.apiVersion}) is applied by ${name} before any chart that brings its CRD is ready` });
      }
      if (o.metadata.namespace !== undefined && !namespaces.has(o.metadata.namespace)) {
        problems.push({ subject: id, path: 'metadata.namespace', message: `(${o.metadata.namespace}) is created neither by ${name} nor by a Kustomization it waits for` });
      }
      if (o.kind !== 'HelmRelease') continue;
      const hr = spec<HelmReleaseSpec>(o);
      if (hr.targetNamespace !== undefined && !namespaces.has(hr.targetNamespace)) {
        problems.push({ subject: id, path: 'spec.targetNamespace', message: `(${hr.targetNamespace}) is created neither by ${name} nor by a Kustomization it waits for` });
      }
      const src = hr.chart?.spec?.sourceRef;
      const repo = `${src?.namespace ?? o.metadata.namespace}/${src?.name}`;
      if (src?.kind !== 'HelmRepository' || !repositories.has(repo)) {
        problems.push({ subject: id, path: 'spec.chart.spec.sourceRef', message: `(${src?.kind} ${repo}) is not a HelmRepository of ${name} or of a Kustomization it waits for` });
      }
      for (const dep of hr.dependsOn ?? []) {
        const key = `${dep.namespace ?? o.metadata.namespace}/${dep.name}`;
        if (!releases.has(key)) problems.push({ subject: id, path: 'spec.dependsOn', message: `(${key}) is not a HelmRelease of ${name} or of a Kustomization it waits for` });
      }
      for (const from of hr.valuesFrom ?? []) {
        if (from.kind === 'Secret' && from.name !== bootstrap.secretName) {
          problems.push({ subject: id, path: 'spec.valuesFrom', message: `(Secret/${from.name}) is not the bootstrap's substitution Secret` });
        }
      }
    }
    problems.push(...releaseCycles(k.objects));
  }
  return problems;
}

/** HelmReleases of one Kustomization that wait for each other in a cycle. */
function releaseCycles(objects: readonly KubeObject[]): Problem[] {
  const releases = new Map(objects.filter((o) => o.kind === 'HelmRelease').map((o) => [o.metadata.name, o]));
  const state = new Map<string, 'visiting' | 'done'>();
  const problems: Problem[] = [];
  const visit = (name: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      problems.push({ subject: objectId(releases.get(name)!), path: 'spec.dependsOn', message: 'is part of a dependency cycle of HelmReleases; helm-controller would never install it' });
      return;
    }
    state.set(name, 'visiting');
    for (const dep of spec<HelmReleaseSpec>(releases.get(name)!).dependsOn ?? []) if (releases.has(dep.name)) visit(dep.name);
    state.set(name, 'done');
  };
  for (const name of [...releases.keys()].sort()) visit(name);
  return problems;
}
