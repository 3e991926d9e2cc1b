export * from './args';
export { FLUX_BOOTSTRAP_LABELS, fluxRootKustomization, fluxSource, fluxValues, sourceRef, treePath } from './render';
export { FluxBootstrap, type FluxBootstrapArgs } from './flux-bootstrap';
export { GitOpsPlatform, type GitOpsPlatformArgs } from './gitops-platform';
