/**
 * Arguments of {@link FluxBootstrap}: the config repository Flux syncs, defaults and validation, and the names the
 * bootstrap and the GitOps tree (`synth`'s `gitops/` folder, tools/gitops) share. Pure; no Pulumi resources here.
 */
import type * as pulumi from '@pulumi/pulumi';
import type { HelmValues } from '../helm';
import { objectProblems, type Problem, ValidationError } from '../../shared';

/** A Git repository Flux clones (`GitRepository`). */
export interface FluxGitSource {
  readonly kind: 'git';
  /**
   * Repository URL: `https://...` or `ssh://git@...`.
   * @see https://fluxcd.io/flux/components/source/gitrepositories/#url
   */
  readonly url: string;
  /** Branch Flux follows: a merged pull request on it is a deploy. @default 'main' */
  readonly branch?: string;
  /**
   * Secret in `flux-system` with the credentials (`flux create secret git`); created outside this stack, so no
   * credential is in the stack's state. @default - none (a public repository)
   */
  readonly secretName?: string;
}

/** An OCI artifact Flux pulls (`OCIRepository`), for example pushed by CI with `flux push artifact`. */
export interface FluxOciSource {
  readonly kind: 'oci';
  /** Artifact URL: `oci://<registry>/<repository>`. @see https://fluxcd.io/flux/components/source/ocirepositories/#url */
  readonly url: string;
  /** Tag Flux follows (CI moves it on promotion), for example `prod`. */
  readonly tag: string;
  /**
   * How Flux authenticates: `gcp` uses the source-controller's Workload Identity (Artifact Registry), `generic`
   * the `secretName` Secret or none. @default 'generic'
   */
  readonly provider?: 'generic' | 'gcp';
  /** Secret in `flux-system` with registry credentials (`generic` only). @default - none */
  readonly secretName?: string;
}

/** Where Flux reads the rendered platform. A discriminated union: `kind` says which. */
export type FluxSource = FluxGitSource | FluxOciSource;

/** Kinds of {@link FluxSource}. */
export const FLUX_SOURCE_KINDS = ['git', 'oci'] as const;

/** The bootstrap's settings other than the provider and ordering. */
export interface FluxBootstrapSettings {
  /** The config repository (or OCI artifact) holding the output of `synth` for this stack. */
  readonly source: FluxSource;
  /**
   * Folder of the repository where the output of `synth` is committed, for example `clusters/prod`: Flux applies
   * `<path>/gitops/flux`. Relative, `/`-separated, without `.` or `..` segments.
   */
  readonly path: string;
  /** How often Flux checks the source for a new revision, a Go duration. @default '1m' */
  readonly interval?: string;
  /**
   * Run the image reflector and image automation controllers (image update automation: Flux commits new image
   * tags to the config repository). @default false
   */
  readonly imageAutomation?: boolean;
  /**
   * Values of Flux's `postBuild` substitution for the Secrets of the GitOps tree (`${SLACK_WEBHOOK_URL}`), kept in
   * the Secret `flux-system/canary-platform-secrets`; pass Pulumi secrets. Keys are {@link substitutionVariable}
   * names. @default - none (no Secret)
   */
  readonly substitutions?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Escape hatch: raw values of the flux2 chart, deep-merged last over the typed values.
   * @see https://github.com/fluxcd-community/helm-charts/blob/main/charts/flux2/values.yaml
   * @default - none
   */
  readonly valuesOverrides?: HelmValues;
}

/**
 * Names and defaults shared by the bootstrap and the GitOps tree, in one visible place. The tree's Flux
 * Kustomizations name {@link FLUX_DEFAULTS.sourceName} as their source and {@link FLUX_DEFAULTS.secretsName} for
 * substitution; the root Kustomization applies `<path>/<treeFolder>/flux`.
 */
export const FLUX_DEFAULTS = {
  /** Namespace of the controllers and of every Flux object the platform renders. */
  namespace: 'flux-system',
  /** Helm release of the flux2 chart. */
  releaseName: 'flux2',
  /** The GitRepository or OCIRepository of the config repository. */
  sourceName: 'canary-platform',
  /** The Kustomization the bootstrap creates: it applies the tree's Flux Kustomizations. */
  rootKustomization: 'canary-platform',
  /** Secret holding the substitution values of the tree's Secrets. */
  secretsName: 'canary-platform-secrets',
  /** Folder of `synth`'s output holding the GitOps tree. */
  treeFolder: 'gitops',
  branch: 'main',
  interval: '1m',
  imageAutomation: false,
  ociProvider: 'generic',
  /** The root Kustomization: re-applied every 10 minutes, retried every minute, 5 minutes to apply. */
  rootInterval: '10m',
  retryInterval: '1m',
  timeout: '5m',
  /** Controller resources: requests as the chart's, a memory limit (the chart sets none). */
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '1Gi' } },
} as const;

/** A Go duration as Flux accepts it: `30s`, `1m`, `1h30m`. */
export const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const GIT_URL = /^(https?|ssh):\/\/[^\s]+$/;
const OCI_URL = /^oci:\/\/[^\s]+$/;
const SEGMENT = /^[A-Za-z0-9_][-A-Za-z0-9_.]*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VARIABLE = /^[A-Z_][A-Z0-9_]*$/;
const REF = /^[^\s~^:?*[\\]+$/;

/** True for a repository folder: relative, `/`-separated, no empty, `.` or `..` segment. */
export function isRepositoryPath(path: string): boolean {
  return path.split('/').every((segment) => SEGMENT.test(segment) && segment !== '..');
}

/**
 * The Flux substitution variable of a stack secret key: `slackWebhookUrl` -> `SLACK_WEBHOOK_URL`. The program
 * (bootstrap Secret) and the tree (Secret templates) use the same names.
 */
export function substitutionVariable(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

function sourceProblems(source: FluxSource, add: (path: string, message: string) => void): void {
  const kind = (source as { kind?: unknown }).kind;
  if (kind !== 'git' && kind !== 'oci') {
    add('source.kind', `(${JSON.stringify(kind)}) must be one of: ${FLUX_SOURCE_KINDS.join(', ')}`);
    return;
  }
  if (source.kind === 'git') {
    if (typeof source.url !== 'string' || !GIT_URL.test(source.url)) {
      add('source.url', `(${JSON.stringify(source.url)}) must be an https:// or ssh:// Git URL, e.g. ssh://git@github.com/acme/platform-config`);
    }
    if (source.branch !== undefined && (typeof source.branch !== 'string' || !REF.test(source.branch))) {
      add('source.branch', `(${JSON.stringify(source.branch)}) must be a branch name like main`);
    }
  } else {
    if (typeof source.url !== 'string' || !OCI_URL.test(source.url)) {
      add('source.url', `(${JSON.stringify(source.url)}) must be an oci:// URL, e.g. oci://europe-docker.pkg.dev/acme/config/platform`);
    }
    if (source.tag === undefined) add('source.tag', 'is required: the tag Flux follows, like prod');
    else if (typeof source.tag !== 'string' || !REF.test(source.tag)) add('source.tag', `(${JSON.stringify(source.tag)}) must be a tag like prod`);
    if (source.provider !== undefined && source.provider !== 'generic' && source.provider !== 'gcp') {
      add('source.provider', `(${JSON.stringify(source.provider)}) must be one of: generic, gcp`);
    }
    if (source.provider === 'gcp' && source.secretName !== undefined) {
      add('source.secretName', `("${source.secretName}") is not used with provider gcp (Workload Identity); remove it or use provider generic`);
    }
  }
  if (source.secretName !== undefined && (typeof source.secretName !== 'string' || !DNS_SUBDOMAIN.test(source.secretName))) {
    add('source.secretName', `(${JSON.stringify(source.secretName)}) must be a Secret name (lower-case letters, digits, '-' and '.')`);
  }
}

/** Every problem with `settings`; empty when valid. */
export function validateFluxBootstrapSettings(name: string, settings: FluxBootstrapSettings): Problem[] {
  const notAnObject = objectProblems(name, { args: settings });
  if (notAnObject.length > 0) return notAnObject;
  const shape = objectProblems(name, { source: settings.source });
  if (shape.length > 0) return shape;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  sourceProblems(settings.source, add);
  if (typeof settings.path !== 'string' || !isRepositoryPath(settings.path)) {
    add('path', `(${JSON.stringify(settings.path)}) must be a folder of the repository like clusters/prod: relative, no '.' or '..' segments`);
  }
  if (settings.interval !== undefined && (typeof settings.interval !== 'string' || !GO_DURATION.test(settings.interval))) {
    add('interval', `(${JSON.stringify(settings.interval)}) must be a duration like 1m or 30s`);
  }
  if (settings.imageAutomation !== undefined && typeof settings.imageAutomation !== 'boolean') {
    add('imageAutomation', `(${JSON.stringify(settings.imageAutomation)}) must be true or false`);
  }
  for (const key of Object.keys(settings.substitutions ?? {})) {
    if (!VARIABLE.test(key)) add(`substitutions.${key}`, 'must be an upper-case variable name like SLACK_WEBHOOK_URL');
  }
  return problems;
}

/** Throws one {@link ValidationError} listing every problem with `settings`. */
export function assertFluxBootstrapSettings(name: string, settings: FluxBootstrapSettings): void {
  const problems = validateFluxBootstrapSettings(name, settings);
  if (problems.length > 0) throw new ValidationError(`FluxBootstrap ${name}: invalid arguments`, problems);
}
