/**
 * The GitOps tree's input and output. The input is typed structurally (what `synth` renders: manifests, Helm
 * releases, plan resources), so this tool does not depend on the offline engine; `tools/offline/synth.ts` calls it.
 */
import type { FluxSource } from '../../packages/platform/flux/args';
import type { KubeObject, Problem } from '../../packages/shared';

/** A Kubernetes object of the render, as written under `manifests/`. */
export interface TreeManifest {
  readonly object: KubeObject;
  /** Path under `manifests/`, for example `monitoring/podmonitor-envoy-stats.yaml`. */
  readonly path: string;
  /** URN of the resource that deploys it. */
  readonly source: string;
}

/** A Helm release of the render, as written under `helm/`. */
export interface TreeHelmRelease {
  readonly release: string;
  readonly namespace: string;
  readonly chart: string;
  readonly repository: string | null;
  readonly version: string | null;
  /** Values, secrets as `[secret]`. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Other release inputs (`timeout`, `maxHistory`, `skipCrds`, ...). */
  readonly options: Readonly<Record<string, unknown>>;
  /** URN of the release resource. */
  readonly source: string;
}

/** A resource of the plan (for the order of Helm releases, which component owns an object, and Secrets). */
export interface TreeResource {
  readonly urn: string;
  readonly type: string;
  readonly parent: string | null;
  readonly dependencies: readonly string[];
  /** Inputs, secrets as `[secret]`. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * Where a `[secret]` value of the render comes from: a secret stack key (Flux fills it from the bootstrap's Secret),
 * a plain value the program wrote into a Secret (not a secret), or a secret the program computed (which Git cannot
 * carry).
 */
export type SecretOrigin =
  | { readonly kind: 'config'; readonly key: string }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'computed' };

/** Per resource URN: the origin of each `[secret]` leaf of its inputs, keyed by the JSON array of its path. */
export type SecretOrigins = ReadonlyMap<string, ReadonlyMap<string, SecretOrigin>>;

/** Which repository the tree is for. */
export type TreeScope =
  /** The platform repository: namespaces, secrets, charts, platform objects, services. */
  | { readonly kind: 'platform' }
  /**
   * A team's repository: its objects form one layer, `<team>-services`, that depends on the platform's objects
   * layer (the platform repository's tree must be applied in the same cluster).
   */
  | { readonly kind: 'team'; readonly team: string };

/** Everything the tree is rendered from. */
export interface GitOpsTreeInput {
  /** Pulumi project (the namespace of its config keys, for substitution variable names). */
  readonly project: string;
  readonly manifests: readonly TreeManifest[];
  readonly helmReleases: readonly TreeHelmRelease[];
  readonly resources: readonly TreeResource[];
  /** Ids (`namespace/Secret/name`) of the Secrets kept out of `manifests/`. */
  readonly secretsOmitted: readonly string[];
  readonly secretOrigins: SecretOrigins;
  /** The config repository and the folder holding the render. */
  readonly repository: { readonly source: FluxSource; readonly path: string };
  /** @default { kind: 'platform' } */
  readonly scope?: TreeScope;
}

/** Ids of the layers, in apply order. */
export const LAYER_IDS = ['namespaces', 'secrets', 'charts', 'objects', 'services'] as const;
/** A layer id. */
export type LayerId = (typeof LAYER_IDS)[number];

/** One object of a layer, and its file relative to the layer's folder. */
export interface TreeObject {
  readonly object: KubeObject;
  readonly file: string;
  /** URN of the resource that deploys it in `pulumi` mode. */
  readonly source: string;
}

/** A Flux Kustomization of the tree and the folder it applies. */
export interface Layer {
  readonly id: LayerId;
  /** The Flux Kustomization's name (in `flux-system`). */
  readonly name: string;
  /** Folder under `gitops/`, for example `layers/objects` or `flux/charts`. */
  readonly folder: string;
  /** Names of the Flux Kustomizations applied first. */
  readonly dependsOn: readonly string[];
  readonly objects: readonly TreeObject[];
  /** Whether Flux substitutes `${VAR}` from the bootstrap's Secret (the secrets layer only). */
  readonly substitute: boolean;
  /** How long Flux waits for the layer's objects to become ready, a Go duration. */
  readonly timeout: string;
}

/** The tree: layers, every file (paths relative to the output folder), and what cannot be delivered. */
export interface GitOpsTree {
  readonly layers: readonly Layer[];
  /** The Flux Kustomization of each layer (written under `gitops/flux/`). */
  readonly kustomizations: readonly TreeObject[];
  /** Argo CD Applications (written under `gitops/argocd/`). */
  readonly applications: readonly TreeObject[];
  readonly files: ReadonlyMap<string, string>;
  readonly problems: readonly Problem[];
}
