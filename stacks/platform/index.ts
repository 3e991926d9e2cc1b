/**
 * The Pulumi program `pulumi up -s <stack>` runs: reads and validates the stack configuration, registers the
 * platform and the stack's CanaryServices, and exports the platform outputs. It reads nothing but Pulumi config.
 */
import { loadStackConfig } from './config';
import { buildPlatformStack } from './program';

const outputs = buildPlatformStack(loadStackConfig());

/** Cluster name. */
export const clusterName = outputs.clusterName;
/** Control-plane endpoint. */
export const endpoint = outputs.endpoint;
/** Kubeconfig (gke-gcloud-auth-plugin); secret. */
export const kubeconfig = outputs.kubeconfig;
/** Namespaces of the platform's parts. */
export const namespaces = outputs.namespaces;
/** The shared ingress Gateway, `<namespace>/<name>`. */
export const gatewayName = outputs.gatewayName;
/** First domain of the shared Gateway. */
export const gatewayHost = outputs.gatewayHost;
/** Every host of the shared Gateway. */
export const gatewayHosts = outputs.gatewayHosts;
/** In-cluster Prometheus URL. */
export const prometheusUrl = outputs.prometheusUrl;
/** In-cluster flagger-loadtester URL. */
export const loadTesterUrl = outputs.loadTesterUrl;
/** The Loki bucket. */
export const lokiBucket = outputs.lokiBucket;
/** CanaryServices deployed, `<namespace>/<name>`. */
export const services = outputs.services;
