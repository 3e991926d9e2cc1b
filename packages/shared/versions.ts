/**
 * The one place that pins every Helm chart, container image and Kubernetes API version this project deploys.
 *
 * Rules for this file (see STYLE.md): every chart pins an exact version (never a range, never "latest");
 * charts that must move together share one constant (the four Istio charts share {@link ISTIO_VERSION});
 * other helpers may ADD entries with a small edit but never reorder or rewrite existing ones.
 *
 * The versions below were released together (July 2026) and are known to work with each other:
 * Flagger 1.44.0 is the API packages/validation/flagger describes, kube-prometheus-stack 87.19.1 ships
 * Prometheus Operator v0.92.1 (monitoring.coreos.com/v1), Istio 1.30.3 serves networking.istio.io/v1.
 *
 * Validation checks Istio, Argo Rollouts and Prometheus Operator objects with older schemas than these releases:
 * the CommonJS builds of their kubernetes-models packages match Istio 1.18.0, Argo Rollouts v1.5.0 and Prometheus
 * Operator v0.65.1 (tests/validation/model-versions.test.ts; why not newer: docs/synth.md). Moving a version here
 * makes that test name the gap to re-check.
 */

/** A pinned Helm chart: what `helm install <release> <repo>/<chart> --version <version>` needs. */
export interface ChartVersion {
  /** Chart name inside its repository, for example `istiod`. */
  readonly chart: string;
  /** Helm repository URL (an HTTPS chart repository). */
  readonly repo: string;
  /** Exact chart version. */
  readonly version: string;
  /** Version of the application the chart deploys (informational; the chart decides the image). */
  readonly appVersion: string;
}

/** A pinned container image. */
export interface ImageVersion {
  /** Registry and repository, for example `ghcr.io/fluxcd/flagger`. */
  readonly repository: string;
  /** Exact tag. */
  readonly tag: string;
}

/** Istio release shared by the base, cni, istiod and gateway charts: they must always move together. */
export const ISTIO_VERSION = '1.30.3';

const ISTIO_REPO = 'https://istio-release.storage.googleapis.com/charts';

/** Every Helm chart the platform installs, pinned. */
export const CHARTS = {
  /** Istio CRDs and cluster roles; installed first. */
  istioBase: { chart: 'base', repo: ISTIO_REPO, version: ISTIO_VERSION, appVersion: ISTIO_VERSION },
  /** Istio CNI node agent (no privileged init containers in application pods). */
  istioCni: { chart: 'cni', repo: ISTIO_REPO, version: ISTIO_VERSION, appVersion: ISTIO_VERSION },
  /** Istio control plane. */
  istiod: { chart: 'istiod', repo: ISTIO_REPO, version: ISTIO_VERSION, appVersion: ISTIO_VERSION },
  /** Istio ingress gateway deployment and Service. */
  istioGateway: { chart: 'gateway', repo: ISTIO_REPO, version: ISTIO_VERSION, appVersion: ISTIO_VERSION },
  /** Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter. */
  kubePrometheusStack: {
    chart: 'kube-prometheus-stack',
    repo: 'https://prometheus-community.github.io/helm-charts',
    version: '87.19.1',
    appVersion: 'v0.92.1',
  },
  /**
   * Grafana Loki. Since March 2026 the OSS chart lives in grafana-community/helm-charts (the grafana/loki chart
   * 7.x is for Grafana Enterprise Logs only).
   */
  loki: {
    chart: 'loki',
    repo: 'https://grafana-community.github.io/helm-charts',
    version: '18.5.4',
    appVersion: '3.7.4',
  },
  /** Grafana Alloy, the log shipper (DaemonSet). */
  alloy: { chart: 'alloy', repo: 'https://grafana.github.io/helm-charts', version: '1.11.0', appVersion: 'v1.18.0' },
  /** Flagger, the progressive delivery operator (packages/validation/flagger describes its 1.44.0 API). */
  flagger: { chart: 'flagger', repo: 'https://flagger.app', version: '1.44.0', appVersion: '1.44.0' },
  /** flagger-loadtester, the webhook that generates traffic during analysis. */
  flaggerLoadTester: { chart: 'loadtester', repo: 'https://flagger.app', version: '0.38.0', appVersion: '0.38.0' },
  /** Argo Rollouts controller (optional add-on). */
  argoRollouts: {
    chart: 'argo-rollouts',
    repo: 'https://argoproj.github.io/argo-helm',
    version: '2.41.0',
    appVersion: 'v1.9.0',
  },
} as const satisfies Record<string, ChartVersion>;

/**
 * Flux, bootstrapped by Pulumi in `canary-platform:delivery: gitops` mode (the fluxcd-community chart; 2.18.3 ships
 * Flux v2.8.5, whose controllers serve only the API versions in {@link FLUX_API_VERSIONS}). Kept apart from
 * {@link CHARTS} until `../shared/charts` holds this chart's upstream data: tests/charts/values-vs-charts.test.ts
 * checks every entry of CHARTS against it.
 */
export const FLUX_CHART = {
  chart: 'flux2',
  repo: 'https://fluxcd-community.github.io/helm-charts',
  version: '2.18.3',
  appVersion: '2.8.5',
} as const satisfies ChartVersion;

/** Key of {@link CHARTS}. */
export type ChartKey = keyof typeof CHARTS;

/** Container images the platform sets explicitly (the charts above pin the rest). */
export const IMAGES = {
  /** Flagger controller; equal to the chart's default, pinned here so an upgrade is one visible diff. */
  flagger: { repository: 'ghcr.io/fluxcd/flagger', tag: '1.44.0' },
  /** flagger-loadtester. */
  flaggerLoadTester: { repository: 'ghcr.io/fluxcd/flagger-loadtester', tag: '0.38.0' },
  /** podinfo, the demo CanaryService in the example stacks. */
  podinfo: { repository: 'ghcr.io/stefanprodan/podinfo', tag: '6.14.1' },
  /**
   * The official Node.js image (Node 24 LTS on Alpine) that runs the canary judge, whose single-file server
   * ships in a ConfigMap: no image registry of ours is needed. Pinned by its exact tag; the digest could not be
   * looked up from this project's build machines (no registry access), so pin `@sha256:` on top where your
   * registry policy requires it (see docs/judge.md).
   */
  judgeNode: { repository: 'docker.io/library/node', tag: '24.11.1-alpine3.22' },
} as const satisfies Record<string, ImageVersion>;

/** Kubernetes API versions of the custom resources this project writes. */
export const API_VERSIONS = {
  /** Istio Gateway, VirtualService, DestinationRule. */
  istioNetworking: 'networking.istio.io/v1',
  /** Istio PeerAuthentication, AuthorizationPolicy. */
  istioSecurity: 'security.istio.io/v1',
  /** Prometheus Operator ServiceMonitor, PodMonitor, PrometheusRule. */
  monitoring: 'monitoring.coreos.com/v1',
  /** Flagger Canary, MetricTemplate, AlertProvider. */
  flagger: 'flagger.app/v1beta1',
  /** Argo Rollouts Rollout, AnalysisTemplate. */
  argoRollouts: 'argoproj.io/v1alpha1',
} as const;

/**
 * Flux API versions of the GitOps tree and the bootstrap (the only versions Flux v2.8, {@link FLUX_CHART}, serves),
 * and Argo CD's Application API.
 */
export const FLUX_API_VERSIONS = {
  /** GitRepository, OCIRepository, HelmRepository. */
  source: 'source.toolkit.fluxcd.io/v1',
  /** Kustomization (Flux's, not kustomize's `kustomization.yaml`). */
  kustomize: 'kustomize.toolkit.fluxcd.io/v1',
  /** HelmRelease. */
  helm: 'helm.toolkit.fluxcd.io/v2',
  /** Argo CD Application (for teams on Argo CD instead of Flux). */
  argoCdApplication: 'argoproj.io/v1alpha1',
} as const;

/** GKE defaults: the release channel decides the control plane and node versions (no pinned minor). */
export const GKE_DEFAULTS = {
  /** Release channel for production clusters. */
  releaseChannel: 'REGULAR',
  /** Node image: Container-Optimized OS with containerd. */
  imageType: 'COS_CONTAINERD',
  /** Dataplane V2 (eBPF, built-in NetworkPolicy enforcement). */
  datapathProvider: 'ADVANCED_DATAPATH',
} as const;
