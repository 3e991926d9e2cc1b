/**
 * The GitOps tree `synth` writes under `gitops/`: a pure function from the rendered stack to files.
 *
 * gitops/
 *   flux/kustomization.yaml            what the bootstrap's root Kustomization applies: the Flux Kustomizations below
 *   flux/kustomization-<layer>.yaml    one Flux Kustomization per layer (dependsOn, wait, timeout, retries)
 *   flux/charts/                       HelmRepositories and HelmReleases
 *   flux/secrets/                      Secret templates (`${VAR}`, filled by Flux from the bootstrap's Secret)
 *   layers/<layer>/                    plain objects (namespaces, platform objects, services), one kustomization.yaml each
 *   argocd/                            the same layers as Argo CD Applications with sync waves
 */
import { stringify } from 'yaml';
import { FLUX_DEFAULTS } from '../../packages/platform/flux/args';
import { sourceRef, treePath } from '../../packages/platform/flux/render';
import { type KubeObject, type Problem, sortKeys } from '../../packages/shared';
import { FLUX_API_VERSIONS } from '../../packages/shared/versions';
import { argoApplications } from './argocd';
import { HELM_RELEASE_DEFAULTS } from './helm-releases';
import { treeLayers } from './layers';
import type { GitOpsTree, GitOpsTreeInput, Layer, TreeObject } from './types';

/** How the layers' Flux Kustomizations reconcile: re-applied every 10 minutes, retried every minute. */
export const KUSTOMIZATION_DEFAULTS = { interval: '10m', retryInterval: '1m' } as const;

/** The folder of `synth`'s output holding the tree. */
export const TREE_FOLDER = FLUX_DEFAULTS.treeFolder;

/**
 * A YAML file of one object: a `# Source:` line names the resource that deploys it in `pulumi` mode (a URN), other
 * objects of the tree (Flux Kustomizations, Argo CD Applications, HelmRepositories) say what they are for.
 */
export function objectYaml(object: KubeObject, source: string): string {
  const header = source.startsWith('urn:') ? `# Source: ${source}` : `# GitOps tree: ${source}`;
  return `${header}\n${stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** Kustomize's `kustomization.yaml` listing `resources`. */
export function kustomizeFile(resources: readonly string[]): string {
  return stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...resources] }, { lineWidth: 0 });
}

/** The Flux Kustomization of a layer. */
export function layerKustomization(layer: Layer, repository: GitOpsTreeInput['repository'], source = sourceRef(repository)): KubeObject {
  return sortKeys({
    apiVersion: FLUX_API_VERSIONS.kustomize,
    kind: 'Kustomization',
    metadata: { name: layer.name, namespace: FLUX_DEFAULTS.namespace, labels: HELM_RELEASE_DEFAULTS.labels },
    spec: {
      interval: KUSTOMIZATION_DEFAULTS.interval,
      retryInterval: KUSTOMIZATION_DEFAULTS.retryInterval,
      timeout: layer.timeout,
      path: treePath(repository, layer.folder),
      prune: true,
      wait: true,
      sourceRef: source,
      ...(layer.dependsOn.length > 0 ? { dependsOn: layer.dependsOn.map((name) => ({ name })) } : {}),
      ...(layer.substitute ? { postBuild: { substituteFrom: [{ kind: 'Secret', name: FLUX_DEFAULTS.secretsName }] } } : {}),
    },
  }) as unknown as KubeObject;
}

/** The files of one folder: each object, and a `kustomization.yaml` listing them. */
function folderFiles(folder: string, objects: readonly TreeObject[], files: Map<string, string>): void {
  for (const o of objects) files.set(`${TREE_FOLDER}/${folder}/${o.file}`, objectYaml(o.object, o.source));
  files.set(`${TREE_FOLDER}/${folder}/kustomization.yaml`, kustomizeFile(objects.map((o) => o.file).sort()));
}

/**
 * Renders the tree. Problems (a local chart, an unpinned version, a secret Git cannot carry) are returned, not
 * thrown: synth reports them with every other problem and writes nothing.
 */
export function gitopsTree(input: GitOpsTreeInput): GitOpsTree {
  const problems: Problem[] = [];
  const layers = treeLayers(input, problems);
  const files = new Map<string, string>();
  for (const layer of layers) folderFiles(layer.folder, layer.objects, files);
  const scope = input.scope ?? { kind: 'platform' };
  const kustomizations: TreeObject[] = [];
  if (scope.kind === 'team') {
    // A team repository brings its own source; the platform's objects layer comes first.
    const source = teamSource(scope.team, input.repository);
    kustomizations.push({ file: `${source.kind.toLowerCase()}-${scope.team}.yaml`, source: `the repository of team ${scope.team}`, object: source.object });
    for (const layer of layers) {
      const object = layerKustomization(layer, input.repository, { kind: source.kind, name: scope.team });
      kustomizations.push({ file: `kustomization-${layer.name}.yaml`, source: `applies ${layer.folder}`, object });
    }
  } else {
    for (const layer of layers) kustomizations.push({ file: `kustomization-${layer.name}.yaml`, source: `applies ${layer.folder}`, object: layerKustomization(layer, input.repository) });
  }
  folderFiles('flux', kustomizations, files);
  const applications = argoApplications(layers, input.repository);
  folderFiles('argocd', applications, files);
  return { layers, kustomizations, applications, files, problems };
}

/** The GitRepository or OCIRepository of a team's repository (in `flux-system`, named after the team). */
function teamSource(team: string, repository: GitOpsTreeInput['repository']): { kind: 'GitRepository' | 'OCIRepository'; object: KubeObject } {
  const s = repository.source;
  const kind = s.kind === 'git' ? 'GitRepository' : 'OCIRepository';
  const secretRef = s.secretName !== undefined ? { secretRef: { name: s.secretName } } : {};
  const spec =
    s.kind === 'git'
      ? { url: s.url, ref: { branch: s.branch ?? FLUX_DEFAULTS.branch }, interval: FLUX_DEFAULTS.interval, ...secretRef }
      : { url: s.url, ref: { tag: s.tag }, interval: FLUX_DEFAULTS.interval, provider: s.provider ?? FLUX_DEFAULTS.ociProvider, ...secretRef };
  return {
    kind,
    object: sortKeys({
      apiVersion: FLUX_API_VERSIONS.source,
      kind,
      metadata: { name: team, namespace: FLUX_DEFAULTS.namespace, labels: HELM_RELEASE_DEFAULTS.labels },
      spec,
    }) as unknown as KubeObject,
  };
}
