/**
 * Names the platform gives to the things CanaryServices rely on. The platform components create them under
 * these names and the CanaryService construct uses them as defaults, so a service declared with no platform
 * settings works on a cluster built by this project. Team stacks override them from the platform's outputs.
 */
export const PLATFORM_CONTRACT = {
  /** Namespace of Flagger and flagger-loadtester. */
  flaggerNamespace: 'flagger-system',
  /** In-cluster address of flagger-loadtester (its Service listens on port 80). */
  loadTesterUrl: 'http://flagger-loadtester.flagger-system/',
  /** Namespace of the Istio control plane. */
  istioNamespace: 'istio-system',
  /** Namespace of the shared ingress gateway. */
  ingressNamespace: 'istio-ingress',
  /** The shared ingress Gateway, as `<namespace>/<name>`. */
  gateway: 'istio-ingress/public-gateway',
  /** Namespace of Prometheus, Grafana, Alertmanager, Loki and Alloy. */
  monitoringNamespace: 'monitoring',
  /** In-cluster Prometheus address (kube-prometheus-stack with release name `kube-prometheus-stack`). */
  prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring:9090',
  /** Label Grafana's dashboard sidecar watches on ConfigMaps. */
  grafanaDashboardLabel: 'grafana_dashboard',
  /** In-cluster address of the canary judge (packages/judge; its Service listens on port 80), no trailing slash. */
  judgeUrl: 'http://canary-judge.flagger-system',
  /** Namespace of the Argo Rollouts controller, when that add-on is enabled. */
  argoRolloutsNamespace: 'argo-rollouts',
} as const;

/** The type of {@link PLATFORM_CONTRACT}. */
export type PlatformContract = typeof PLATFORM_CONTRACT;
