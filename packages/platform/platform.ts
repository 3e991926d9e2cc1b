/**
 * `Platform`: composes GkeCluster -> Istio -> Observability -> Flagger (and the optional Argo Rollouts add-on) in
 * an explicit, typed order, and exposes what team stacks need.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ArgoRolloutsController, type SlackNotifications } from './argo-rollouts-controller';
import { Flagger, FlaggerSettings } from './flagger';
import { GkeCluster, GkeClusterArgs } from './gke';
import { HelmValues } from './helm';
import { Istio, IstioSettings } from './istio';
import { Observability, ObservabilitySettings } from './observability';
import { objectProblems, PLATFORM_CONTRACT, ValidationError } from '../shared';

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
    const { cluster, istio, observability, flagger, addons } = args;
    problems.push(...objectProblems(name, { cluster, istio, observability, flagger, addons }, { optional: ['observability', 'flagger', 'addons'] }));
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

    this.cluster = new GkeCluster(`${name}-gke`, args.cluster, { parent: this });
    this.provider = this.cluster.provider;
    const provider = this.provider;
    const clusterReady = [...this.cluster.nodePools];

    this.istio = new Istio(`${name}-istio`, { ...args.istio, provider, dependsOn: clusterReady }, { parent: this });

    this.observability = new Observability(
      `${name}-observability`,
      {
        ...args.observability,
        project: this.cluster.settings.project,
        region: this.cluster.settings.region,
        clusterName: this.cluster.settings.clusterName,
        workloadPool: this.cluster.workloadPool,
        provider,
        // The sidecar PodMonitor and istiod ServiceMonitor are about Istio: install it first.
        dependsOn: [...clusterReady, this.istio.istiod],
      },
      { parent: this },
    );

    this.flagger = new Flagger(
      `${name}-flagger`,
      {
        clusterName: this.cluster.settings.clusterName,
        ...args.flagger,
        provider,
        prometheus: this.observability.prometheus,
        dependsOn: [this.istio.istiod, this.istio.gateway],
      },
      { parent: this },
    );

    const ready: pulumi.Resource[] = [...this.istio.ready, this.flagger.flagger, this.flagger.loadTester];
    if (args.addons?.argoRollouts) {
      // Rollouts patch Istio routing objects; its ServiceMonitor needs the monitoring CRDs.
      this.argoRollouts = new ArgoRolloutsController(
        `${name}-argo-rollouts`,
        {
          provider,
          istio: this.istio.istiod,
          monitoring: this.observability.kubePrometheusStack,
          ...(args.addons.argoRolloutsSlack !== undefined ? { slack: args.addons.argoRolloutsSlack } : {}),
          values: args.addons.argoRolloutsValues,
        },
        { parent: this },
      );
      ready.push(this.argoRollouts.release);
    }
    this.ready = ready;

    this.kubeconfig = this.cluster.kubeconfig;
    this.namespaces = {
      istio: PLATFORM_CONTRACT.istioNamespace,
      ingress: PLATFORM_CONTRACT.ingressNamespace,
      monitoring: this.observability.namespace,
      flagger: this.flagger.namespace,
      ...(this.argoRollouts ? { argoRollouts: PLATFORM_CONTRACT.argoRolloutsNamespace } : {}),
    };
    this.gatewayName = this.istio.gatewayName;
    this.gatewayHosts = this.istio.gatewayHosts;
    this.gatewayHost = args.istio.ingress.domains[0];
    this.prometheusUrl = this.observability.prometheus.url;
    this.loadTesterUrl = this.flagger.loadTesterUrl;

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
