export * from './args';
export {
  ARTIFACT_REGISTRY_READER_ROLE,
  CLUSTER_IGNORED_CHANGES,
  clusterSettings,
  IMAGE_STREAMING_ROLE,
  kubeconfig,
  NODE_POOL_IGNORED_CHANGES,
  NODE_SERVICE_ACCOUNT_ROLES,
  nodePoolSettings,
  nodeServiceAccountId,
  SECONDARY_RANGES,
  WEBHOOK_PORTS,
  workloadPool,
} from './render';
export type { ClusterReferences, KubeconfigInputs, NodePoolReferences } from './render';
export { GkeCluster } from './gke-cluster';
