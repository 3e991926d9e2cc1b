/**
 * Checks of the platform's Helm releases against the pinned charts themselves: the charts' own data (values.yaml,
 * values.schema.json, Istio profile files) offline, and the real `helm template` for `canary-platform
 * verify-charts`. A tool: it imports the library (components, policies) and the offline engine, never the reverse.
 */
export { readChartFolder, readPackedChart, readTar, type ChartData, type PackedChartFiles, type PackedChartReader } from './chart-data';
export { FREE_FORM_VALUES, ROOT_ALIASES, unionValues, unknownProfiles, unknownValuePaths } from './values-paths';
export { deadValuePaths, READ_WHEN_DISABLED } from './dead-values';
export { KUBERNETES_VALUE_TYPES, kubernetesTypeOf, type KubernetesFields } from './kubernetes-values';
export { coalesceValues, conditionHolds, schemaDraft, schemaProblems, type SchemaDraft } from './values-schema';
export { renderedReleases, stackReleases, type ChartRelease, type StackReleases } from './stack-releases';
export { HELM_PACKAGE, locateHelm, locateKubectl, packagedBinary, packagedHelm, PACKAGED_BINARIES, readZipEntry, type HelmBinary, type LocateHelmOptions, type PackagedBinary } from './helm-binary';
export { helmTemplate, helmTemplateArgs, helmVersion, type HelmTemplateOptions, type HelmTemplateResult } from './helm-template';
export { indentQuotedContinuations, readHelmOutput, type HelmOutput, type UnparsedDocument } from './helm-output';
export {
  chartFolder,
  CLUSTER_API_VERSIONS,
  DEFAULT_KUBE_VERSION,
  helmPullCommand,
  verifyCharts,
  type ChartFinding,
  type MissingChart,
  type ReleaseVerification,
  type VerifyChartsOptions,
  type VerifyChartsReport,
} from './verify';
