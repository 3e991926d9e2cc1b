export { gitopsTree, kustomizeFile, layerKustomization, objectYaml, KUSTOMIZATION_DEFAULTS, TREE_FOLDER } from './tree';
export { treeLayers, layerName, teamLayerName, LAYER_DEFAULTS, WORKLOADS_TYPE } from './layers';
export { fluxHelmObjects, goDuration, helmPath, releaseDependencies, releaseNames, repositoryNames, variableOf, HELM_RELEASE_DEFAULTS } from './helm-releases';
export { secretTemplates, SECRET_TYPE, TEMPLATE_WAIVER } from './secrets';
export { argoApplications, ARGO_CD_DEFAULTS } from './argocd';
export { checkTreeOrder, type AppliedKustomization, type TreeBootstrap } from './check';
export { apiGroup, CHART_CRD_GROUPS, chartKey, FLUX_GROUPS, isBuiltInGroup } from './crds';
export * from './types';
export { treeRequest, teamGitopsSchema, DELIVERY_KEY, GITOPS_KEY, type TreeRequest } from './request';
