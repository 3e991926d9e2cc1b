/**
 * `Platform`: the whole platform in one stack. It builds the parts (cluster, mesh, observability, delivery) with
 * the builders of `parts.ts`, which also state their order and why, and exposes what team stacks need.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { ArgoRolloutsController, SlackNotifications } from './argo-rollouts-controller';
import type { Flagger, FlaggerSettings } from './flagger';
import type { GkeCluster, GkeClusterArgs } from './gke';
import type { HelmValues } from './helm';
import type { Istio, IstioSettings } from './istio';
import type { Observability, ObservabilitySettings } from './observability';
import { buildCluster, buildDelivery, buildMesh, buildObservability, type PlatformJudgeArgs } from './parts';
import { objectProblems, ValidationError } from '../shared';

/** Optional add-ons. */
export interface PlatformAddons {
  /** Install the Argo Rollouts controller (for CanaryServices with `engine: 'argoRollouts'`). @default false */
  readonly argoRollouts?: boolean;
  /** Escape hatch: values deep-merged last into the Argo Rollouts chart. @default - none */
  readonly argoRolloutsValues?: HelmValues;
  /** Slack notifications of the Argo Rollouts controller (bot token, a Pulumi secret). @default - none */
  readonly argoRolloutsSlack?: SlackNotifications;
}

/** Arguments of {@link Platform}. */
export interface PlatformArgs {
  /** The cluster. */
  readonly cluster: GkeClusterArgs;
  /** Istio and the shared ingress gateway. */
  readonly istio: IstioSettings;
  /**
   * Prometheus, Grafana, Alertmanager, Loki, Alloy (project, region, cluster name and pool come from `cluster`).
   * @default - see OBSERVABILITY_DEFAULTS
   */
  readonly observability?: Omit<ObservabilitySettings, 'project' | 'region' | 'clusterName' | 'workloadPool'>;
  /** Flagger. @default - see FLAGGER_DEFAULTS */
  readonly flagger?: FlaggerSettings;
  /** Optional add-ons. @default - none */
  readonly addons?: PlatformAddons;
  /**
   * The canary judge (packages/judge): compares canary and primary with anytime-valid sequential tests and answers
   * Flagger's and Argo Rollouts' webhooks. Set `enabled: false` to leave it out.
   * @default - deployed: 2 replicas in flagger-system (see JUDGE_DEPLOYMENT_DEFAULTS)
   */
  readonly judge?: PlatformJudgeArgs;
}

/** Namespaces of the platform's parts. */
export interface PlatformNamespaces {
  /** Istio's control plane (`istio-system`). */
  readonly istio: string;
  /** The shared ingress gateway (`istio-ingress`). */
  readonly ingress: string;
  /** Prometheus, Grafana, Alertmanager, Loki and Alloy (`monitoring`). */
  readonly monitoring: string;
  /** Flagger and flagger-loadtester (`flagger-system`). */
  readonly flagger: string;
  /** Present when the Argo Rollouts add-on is enabled. */
  readonly argoRollouts?: string;
}

/**
 * Rejects `args`, or one of its sections, that is not an object (plain JavaScript may pass anything) before any
 * part of the platform is created; each part validates its own section's fields.
 * @throws ValidationError `Platform <name>: invalid arguments`, naming each field
 */
function assertPlatformArgs(name: string, args: PlatformArgs): void {
  const problems = objectProblems(name, { args });
  if (problems.length === 0) {
    const { cluster, istio, observability, flagger, addons, judge } = args;
    problems.push(...objectProblems(name, { cluster, istio, observability, flagger, addons, judge }, { optional: ['observability', 'flagger', 'addons', 'judge'] }));
  }
  if (problems.length > 0) throw new ValidationError(`Platform ${name}: invalid arguments`, problems);
}

/** The whole platform on one cluster. Type token `canary-platform:platform:Platform`. */
export class Platform extends pulumi.ComponentResource {
  /** The GKE cluster, its network and node pools. */
  readonly cluster: GkeCluster;
  /** Istio: CRDs, CNI, istiod, the ingress gateway and mesh policies. */
  readonly istio: Istio;
  /** Prometheus, Grafana, Alertmanager, Loki and Alloy. */
  readonly observability: Observability;
  /** Flagger and flagger-loadtester. */
  readonly flagger: Flagger;
  /** The Argo Rollouts controller add-on, when enabled. */
  readonly argoRollouts?: ArgoRolloutsController;
  /** Kubernetes provider of the cluster. */
  readonly provider: k8s.Provider;
  /** Kubeconfig (gke-gcloud-auth-plugin); a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Namespaces of the platform's parts. */
  readonly namespaces: PlatformNamespaces;
  /** The shared Gateway as `<namespace>/<name>`. */
  readonly gatewayName: string;
  /** The first domain of the shared Gateway (services get `<service>.<gatewayHost>`). */
  readonly gatewayHost: string;
  /** Every host the shared Gateway serves. */
  readonly gatewayHosts: readonly string[];
  /** In-cluster Prometheus URL. */
  readonly prometheusUrl: string;
  /** In-cluster flagger-loadtester URL. */
  readonly loadTesterUrl: string;
  /** What workloads wait for: Istio's control plane, gateway and policies, Flagger and its CRDs, add-ons. */
  readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:platform:Platform', name, {}, opts);
    assertPlatformArgs(name, args);
    const parent = { parent: this };

    const cluster = buildCluster(name, args.cluster, parent);
    const mesh = buildMesh(name, { cluster: cluster.part, istio: args.istio }, parent);
    const observability = buildObservability(name, { cluster: cluster.part, mesh: mesh.part, observability: args.observability }, parent);
    const delivery = buildDelivery(
      name,
      { cluster: cluster.part, mesh: mesh.part, observability: observability.part, flagger: args.flagger, addons: args.addons, ...(args.judge ? { judge: args.judge } : {}) },
      parent,
    );

    this.cluster = cluster.gke;
    this.istio = mesh.istio;
    this.observability = observability.observability;
    this.flagger = delivery.flagger;
    if (delivery.argoRollouts) this.argoRollouts = delivery.argoRollouts;
    this.provider = cluster.part.provider;
    this.ready = [...mesh.part.ready, ...delivery.part.ready];
    this.kubeconfig = this.cluster.kubeconfig;
    this.namespaces = {
      ...mesh.part.namespaces,
      monitoring: observability.part.namespace,
      ...delivery.part.namespaces,
    };
    this.gatewayName = mesh.part.gatewayName;
    this.gatewayHosts = mesh.part.gatewayHosts;
    this.gatewayHost = mesh.part.gatewayHost;
    this.prometheusUrl = observability.part.prometheus.url;
    this.loadTesterUrl = delivery.part.loadTesterUrl;

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
