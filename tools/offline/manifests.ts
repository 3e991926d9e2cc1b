import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { stringify } from 'yaml';
import { objectId, sortKeys, type KubeObject, type Problem } from '../../packages/shared';
import {
  flattenObjects,
  groupOf,
  isClusterScoped,
  isSecretObject,
  KUBERNETES_CONTAINER_TYPES,
  objectTypeOf,
  parseYamlObjects,
} from './kube-objects';
import type { PlanResource } from './plan';

/** A Kubernetes object the stack deploys, with where it comes from and where it is written. */
export interface ManifestObject {
  /** The object (keys sorted; Pulumi secrets as `[secret]`). */
  readonly object: KubeObject;
  /** `namespace/Kind/name`, or `Kind/name` when cluster-scoped. */
  readonly id: string;
  /** URN of the resource that deploys it (the object itself, or the ConfigGroup holding it). */
  readonly source: string;
  /** Folder under `manifests/`: the namespace, or `_cluster` for cluster-scoped objects. */
  readonly folder: string;
  /** Path under `manifests/`, for example `monitoring/deployment-grafana.yaml`. */
  readonly path: string;
}

/** Folder for cluster-scoped objects (an underscore cannot start a namespace name, so it never collides). */
export const CLUSTER_FOLDER = '_cluster';

/** Result of {@link collectManifests}. */
export interface CollectedManifests {
  /** Objects to write, sorted by path. */
  readonly objects: readonly ManifestObject[];
  /** Secrets kept out of `manifests/` (their data must come from a secret manager), as object ids. */
  readonly secretsOmitted: readonly string[];
  /** Objects that cannot be placed (duplicates, unreadable inputs). */
  readonly problems: readonly Problem[];
  /** Things a reviewer should know (for example a kustomize directory that is not expanded offline). */
  readonly warnings: readonly string[];
}

interface Found {
  readonly object: Record<string, unknown>;
  readonly source: PlanResource;
  /** Namespace used when the object sets none (the provider's default namespace). */
  readonly defaultNamespace: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fileObjects(paths: unknown, rootDirectory: string, source: PlanResource, problems: Problem[]): unknown[] {
  const list = Array.isArray(paths) ? paths : paths === undefined || paths === null ? [] : [paths];
  const out: unknown[] = [];
  for (const p of list) {
    if (typeof p !== 'string' || /^[a-z]+:\/\//.test(p) || /[*?[]/.test(p)) {
      problems.push({ subject: source.urn, path: 'files', message: `(${String(p)}) cannot be read offline; use local file paths` });
      continue;
    }
    try {
      const docs = parseYamlObjects(readFileSync(isAbsolute(p) ? p : join(rootDirectory, p), 'utf8'));
      if (docs === undefined) problems.push({ subject: source.urn, path: 'files', message: `(${p}) is not valid YAML` });
      else out.push(...docs);
    } catch (err) {
      problems.push({ subject: source.urn, path: 'files', message: `(${p}) cannot be read (${(err as NodeJS.ErrnoException).code ?? 'EIO'})` });
    }
  }
  return out;
}

/** Every object a resource puts in the cluster, before placement. */
function objectsOf(r: PlanResource, rootDirectory: string, problems: Problem[], warnings: string[]): Record<string, unknown>[] {
  const inputs = r.inputs;
  const typed = objectTypeOf(r.type);
  if (typed && r.custom) {
    const metadata = isRecord(inputs.metadata) ? { ...inputs.metadata } : {};
    if (typeof metadata.name !== 'string' || metadata.name === '') metadata.name = r.name;
    return [{ ...inputs, apiVersion: inputs.apiVersion ?? typed.apiVersion, kind: inputs.kind ?? typed.kind, metadata }];
  }
  const raw: unknown[] = [];
  if (r.type === KUBERNETES_CONTAINER_TYPES.configGroup || r.type === KUBERNETES_CONTAINER_TYPES.configFile) {
    if (inputs.objs !== undefined) raw.push(...(Array.isArray(inputs.objs) ? inputs.objs : [inputs.objs]));
    for (const text of Array.isArray(inputs.yaml) ? inputs.yaml : inputs.yaml === undefined ? [] : [inputs.yaml]) {
      const docs = typeof text === 'string' ? parseYamlObjects(text) : undefined;
      if (docs === undefined) problems.push({ subject: r.urn, path: 'yaml', message: 'is not valid YAML' });
      else raw.push(...docs);
    }
    raw.push(...fileObjects(inputs.files ?? inputs.file, rootDirectory, r, problems));
  } else if (r.type === KUBERNETES_CONTAINER_TYPES.kustomizeDirectory) {
    warnings.push(`${r.urn}: kustomize directory ${String(inputs.directory)} is not expanded offline; its objects are not in manifests/`);
  }
  const objects = flattenObjects(raw);
  return objects.filter((o, i): o is Record<string, unknown> => {
    if (isRecord(o)) return true;
    problems.push({ subject: r.urn, path: `objs[${i}]`, message: 'is not a Kubernetes object (expected a mapping)' });
    return false;
  });
}

function fileName(kind: string, name: string): string {
  return `${kind.toLowerCase()}-${name}.yaml`;
}

/**
 * Collects every Kubernetes object the plan deploys - resources typed `kubernetes:<group>/<version>:<Kind>`
 * and the objects inside `kubernetes:yaml/v2:ConfigGroup`/`ConfigFile` inputs (`objs`, `yaml`, local `files`)
 * - and places each in a folder per namespace (`_cluster` for cluster-scoped kinds; a Namespace goes into
 * its own folder). Secrets are left out. File names are `<kind>-<name>.yaml`, with the API group added when
 * two kinds of different groups share a name in one folder.
 */
export function collectManifests(resources: readonly PlanResource[], rootDirectory: string): CollectedManifests {
  const problems: Problem[] = [];
  const warnings: string[] = [];
  const providerNamespace = new Map<string, string>();
  for (const r of resources) {
    if (r.type === 'pulumi:providers:kubernetes' && typeof r.inputs.namespace === 'string' && r.inputs.namespace !== '') {
      providerNamespace.set(r.urn, r.inputs.namespace);
    }
  }
  const found: Found[] = [];
  for (const r of resources) {
    if (!r.type.startsWith('kubernetes:')) continue;
    const defaultNamespace = (r.provider && providerNamespace.get(r.provider)) || 'default';
    for (const object of objectsOf(r, rootDirectory, problems, warnings)) found.push({ object, source: r, defaultNamespace });
  }

  const secretsOmitted: string[] = [];
  const placed: (Omit<ManifestObject, 'path'> & { group: string; kind: string; name: string })[] = [];
  const seen = new Map<string, string>();
  for (const f of found) {
    const metadata = isRecord(f.object.metadata) ? f.object.metadata : {};
    const kind = typeof f.object.kind === 'string' ? f.object.kind : '';
    const apiVersion = typeof f.object.apiVersion === 'string' ? f.object.apiVersion : '';
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    if (!kind || !apiVersion || !name) {
      problems.push({ subject: f.source.urn, path: !apiVersion ? 'apiVersion' : !kind ? 'kind' : 'metadata.name', message: 'is required on every Kubernetes object' });
      continue;
    }
    const clusterScoped = isClusterScoped(kind);
    const namespace = clusterScoped ? undefined : typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : f.defaultNamespace;
    const object = sortKeys({ ...f.object, metadata: { ...metadata, ...(namespace ? { namespace } : {}) } }) as unknown as KubeObject;
    const id = objectId(object);
    const group = groupOf(apiVersion);
    const key = `${group}/${id}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ subject: id, path: '', message: `is defined twice (by ${earlier} and ${f.source.urn}); Kubernetes would keep only one` });
      continue;
    }
    seen.set(key, f.source.urn);
    if (isSecretObject(object)) {
      secretsOmitted.push(id);
      continue;
    }
    const folder = kind === 'Namespace' ? name : namespace ?? CLUSTER_FOLDER;
    placed.push({ object, id, source: f.source.urn, folder, group, kind, name });
  }

  const byFile = new Map<string, number>();
  for (const p of placed) {
    const k = `${p.folder}/${fileName(p.kind, p.name)}`;
    byFile.set(k, (byFile.get(k) ?? 0) + 1);
  }
  const objects = placed
    .map(({ group, kind, name, ...p }) => {
      const plain = `${p.folder}/${fileName(kind, name)}`;
      const path = (byFile.get(plain) ?? 0) > 1 ? `${p.folder}/${kind.toLowerCase()}.${group || 'core'}-${name}.yaml` : plain;
      return { ...p, path };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { objects, secretsOmitted: secretsOmitted.sort(), problems, warnings };
}

/** Kustomize's file header for one folder. */
function kustomization(resources: readonly string[]): string {
  return stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] }, { lineWidth: 0 });
}

/** Serialises one object as a YAML file with a `# Source:` line naming the resource that deploys it. */
export function manifestYaml(m: ManifestObject): string {
  return `# Source: ${m.source}\n${stringify(m.object, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/**
 * The files of `manifests/`: one YAML file per object, a `kustomization.yaml` per folder listing its files,
 * and a top-level `kustomization.yaml` listing the folders, so `kustomize build manifests`, a Flux
 * `Kustomization` or an Argo CD `Application` can use the folder as it is. Paths are relative to `manifests/`.
 */
export function manifestFiles(objects: readonly ManifestObject[]): Map<string, string> {
  const files = new Map<string, string>();
  const folders = new Map<string, string[]>();
  for (const m of objects) {
    files.set(m.path, manifestYaml(m));
    const list = folders.get(m.folder) ?? [];
    list.push(m.path.slice(m.folder.length + 1));
    folders.set(m.folder, list);
  }
  const folderNames = [...folders.keys()].sort();
  for (const folder of folderNames) files.set(`${folder}/kustomization.yaml`, kustomization(folders.get(folder)!.sort()));
  files.set('kustomization.yaml', kustomization(folderNames));
  return files;
}
