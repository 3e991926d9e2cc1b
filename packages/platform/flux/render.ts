/**
 * Pure renderers of the Flux bootstrap: the flux2 chart values, the source of the config repository and the root
 * Kustomization. Typed input, plain objects out; no I/O.
 */
import { mergeValues, type HelmValues } from '../helm';
import { type KubeObject, sortKeys } from '../../shared';
import { FLUX_API_VERSIONS } from '../../shared/versions';
import { FLUX_DEFAULTS, type FluxBootstrapSettings } from './args';

/** Labels on every object of the bootstrap. */
export const FLUX_BOOTSTRAP_LABELS = { 'app.kubernetes.io/part-of': 'canary-platform', 'app.kubernetes.io/component': 'flux' } as const;

/**
 * flux2 chart values: the source, kustomize, helm and notification controllers with requests and a memory limit;
 * the image controllers only with `imageAutomation`; Flux's CRDs installed by the chart. `valuesOverrides` last.
 */
export function fluxValues(settings: FluxBootstrapSettings): HelmValues {
  const imageAutomation = settings.imageAutomation ?? FLUX_DEFAULTS.imageAutomation;
  const controller = { create: true, resources: FLUX_DEFAULTS.resources };
  const image = { create: imageAutomation, resources: FLUX_DEFAULTS.resources };
  return mergeValues(
    {
      installCRDs: true,
      watchAllNamespaces: true,
      sourceController: controller,
      kustomizeController: controller,
      helmController: controller,
      notificationController: controller,
      imageReflectionController: image,
      imageAutomationController: image,
    },
    settings.valuesOverrides,
  );
}

/** Repository-relative path of a folder of the GitOps tree: `./clusters/prod/gitops/flux`. */
export function treePath(settings: Pick<FluxBootstrapSettings, 'path'>, folder: string): string {
  return `./${settings.path}/${FLUX_DEFAULTS.treeFolder}/${folder}`;
}

/** The `sourceRef` every Kustomization of the tree uses. */
export function sourceRef(settings: Pick<FluxBootstrapSettings, 'source'>): { kind: 'GitRepository' | 'OCIRepository'; name: string } {
  return { kind: settings.source.kind === 'git' ? 'GitRepository' : 'OCIRepository', name: FLUX_DEFAULTS.sourceName };
}

/** The GitRepository or OCIRepository of the config repository, in `flux-system`. */
export function fluxSource(settings: FluxBootstrapSettings): KubeObject {
  const s = settings.source;
  const interval = settings.interval ?? FLUX_DEFAULTS.interval;
  const secretRef = s.secretName !== undefined ? { secretRef: { name: s.secretName } } : {};
  const spec =
    s.kind === 'git'
      ? { url: s.url, ref: { branch: s.branch ?? FLUX_DEFAULTS.branch }, interval, ...secretRef }
      : { url: s.url, ref: { tag: s.tag }, interval, provider: s.provider ?? FLUX_DEFAULTS.ociProvider, ...secretRef };
  return sortKeys({
    apiVersion: FLUX_API_VERSIONS.source,
    kind: sourceRef(settings).kind,
    metadata: { name: FLUX_DEFAULTS.sourceName, namespace: FLUX_DEFAULTS.namespace, labels: { ...FLUX_BOOTSTRAP_LABELS } },
    spec,
  }) as unknown as KubeObject;
}

/**
 * The root Kustomization: applies `<path>/gitops/flux`, the tree's own Flux Kustomizations (each layer of the
 * platform), and prunes what is removed from it. It does not wait: each layer reports its own health.
 */
export function fluxRootKustomization(settings: FluxBootstrapSettings): KubeObject {
  return sortKeys({
    apiVersion: FLUX_API_VERSIONS.kustomize,
    kind: 'Kustomization',
    metadata: { name: FLUX_DEFAULTS.rootKustomization, namespace: FLUX_DEFAULTS.namespace, labels: { ...FLUX_BOOTSTRAP_LABELS } },
    spec: {
      interval: FLUX_DEFAULTS.rootInterval,
      retryInterval: FLUX_DEFAULTS.retryInterval,
      timeout: FLUX_DEFAULTS.timeout,
      path: treePath(settings, 'flux'),
      prune: true,
      wait: false,
      sourceRef: sourceRef(settings),
    },
  }) as unknown as KubeObject;
}
