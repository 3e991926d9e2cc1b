export * from './args';
export { clusterSettings, kubeconfig, NODE_SERVICE_ACCOUNT_ROLES, nodePoolSettings, SECONDARY_RANGES, WEBHOOK_PORTS, workloadPool } from './render';
export type { ClusterReferences, KubeconfigInputs, NodePoolReferences } from './render';
export { GkeCluster } from './gke-cluster';
