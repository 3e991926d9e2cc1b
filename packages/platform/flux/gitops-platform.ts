/**
 * `GitOpsPlatform`: the platform of `canary-platform:delivery: gitops`. Pulumi creates the cloud parts (the GKE
 * cluster with its network, node pools and identities; Loki's bucket and identity) and bootstraps Flux; Flux
 * applies every in-cluster object from the GitOps tree `synth` writes (Istio, observability, Flagger, services).
 * Each object has one owner. Its outputs equal {@link Platform}'s, so team stacks work with either mode.
 */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { FLAGGER_DEFAULTS } from '../flagger/values';
import { GkeCluster, type GkeClusterArgs } from '../gke';
import { gatewayHosts } from '../istio/values';
import { OBSERVABILITY_DEFAULTS, resolveObservabilitySettings, type ObservabilitySettings } from '../observability/args';
import { lokiStorage, type LokiStorage } from '../observability/loki-storage';
import { prometheusUrl } from '../observability/prometheus-values';
import type { PlatformNamespaces } from '../platform';
import { PLATFORM_CONTRACT } from '../../shared';
import type { FluxBootstrapSettings } from './args';
import { FluxBootstrap } from './flux-bootstrap';

/** Arguments of {@link GitOpsPlatform}. */
export interface GitOpsPlatformArgs {
  /** The cluster. */
  readonly cluster: GkeClusterArgs;
  /** Domains of the shared Gateway (Flux installs it; the outputs name its hosts). */
  readonly domains: readonly string[];
  /** Loki's bucket settings (the rest of observability is in the GitOps tree). @default - see OBSERVABILITY_DEFAULTS */
  readonly observability?: Pick<ObservabilitySettings, 'loki'>;
  /** The config repository Flux syncs. */
  readonly flux: FluxBootstrapSettings;
  /** Whether the tree installs the Argo Rollouts controller (named in `namespaces`). @default false */
  readonly argoRollouts?: boolean;
}

/** Cloud parts and the Flux bootstrap. Type token `canary-platform:platform:GitOpsPlatform`. */
export class GitOpsPlatform extends pulumi.ComponentResource {
  /** The GKE cluster, its network and node pools. */
  readonly cluster: GkeCluster;
  /** Loki's bucket and identity. */
  readonly loki: LokiStorage;
  /** Flux, pointed at the config repository. */
  readonly flux: FluxBootstrap;
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** Kubeconfig (gke-gcloud-auth-plugin); a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Namespaces of the platform's parts (created by Flux). */
  readonly namespaces: PlatformNamespaces;
  /** The shared Gateway as `<namespace>/<name>`. */
  readonly gatewayName: string;
  /** The first domain of the shared Gateway. */
  readonly gatewayHost: string;
  /** Every host the shared Gateway serves. */
  readonly gatewayHosts: readonly string[];
  /** In-cluster Prometheus URL. */
  readonly prometheusUrl: string;
  /** In-cluster flagger-loadtester URL. */
  readonly loadTesterUrl: string;

  constructor(name: string, args: GitOpsPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:platform:GitOpsPlatform', name, {}, opts);
    this.cluster = new GkeCluster(`${name}-gke`, args.cluster, { parent: this });
    this.provider = this.cluster.provider;
    const settings = resolveObservabilitySettings(`${name}-observability`, {
      ...args.observability,
      project: this.cluster.settings.project,
      region: this.cluster.settings.region,
      clusterName: this.cluster.settings.clusterName,
      workloadPool: this.cluster.workloadPool,
    });
    // Named as in Platform's Observability, so the bucket keeps its name in both modes.
    this.loki = lokiStorage(`${name}-observability`, settings, this);
    this.flux = new FluxBootstrap(`${name}-flux`, { ...args.flux, provider: this.provider, dependsOn: [...this.cluster.nodePools] }, { parent: this });

    this.kubeconfig = this.cluster.kubeconfig;
    this.namespaces = {
      istio: PLATFORM_CONTRACT.istioNamespace,
      ingress: PLATFORM_CONTRACT.ingressNamespace,
      monitoring: OBSERVABILITY_DEFAULTS.namespace,
      flagger: FLAGGER_DEFAULTS.namespace,
      ...(args.argoRollouts === true ? { argoRollouts: PLATFORM_CONTRACT.argoRolloutsNamespace } : {}),
    };
    this.gatewayName = PLATFORM_CONTRACT.gateway;
    this.gatewayHosts = gatewayHosts({ domains: [...args.domains] });
    this.gatewayHost = args.domains[0];
    this.prometheusUrl = prometheusUrl(OBSERVABILITY_DEFAULTS.releases.kubePrometheusStack, OBSERVABILITY_DEFAULTS.namespace);
    this.loadTesterUrl = `http://${FLAGGER_DEFAULTS.releases.loadTester}.${FLAGGER_DEFAULTS.namespace}/`;
    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      namespaces: this.namespaces,
      gatewayName: this.gatewayName,
      gatewayHost: this.gatewayHost,
      gatewayHosts: this.gatewayHosts,
      prometheusUrl: this.prometheusUrl,
      loadTesterUrl: this.loadTesterUrl,
    });
  }
}
