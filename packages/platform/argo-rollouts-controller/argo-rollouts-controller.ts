/**
 * `ArgoRolloutsController`: the optional Argo Rollouts add-on (argo/argo-rollouts Helm chart, pinned), the
 * second delivery engine CanaryServices can choose with `engine: 'argoRollouts'`.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { releaseArgs } from '../helm';
import {
  ARGO_ROLLOUTS_CHART,
  ARGO_ROLLOUTS_CONTROLLER_DEFAULTS,
  argoRolloutsControllerValues,
  type ArgoRolloutsControllerSettings,
  NOTIFICATION_SECRET_NAME,
  resolveArgoRolloutsControllerSettings,
  type ResolvedArgoRolloutsControllerSettings,
  SLACK_TOKEN_KEY,
} from './args';

/** Arguments of {@link ArgoRolloutsController}. */
export interface ArgoRolloutsControllerArgs extends ArgoRolloutsControllerSettings {
  /** Kubernetes provider of the cluster; every resource of the add-on uses it. */
  readonly provider: k8s.Provider;
  /**
   * The Istio control plane (Rollouts patch VirtualServices and DestinationRules, whose CRDs Istio installs).
   * The add-on is created after it.
   */
  readonly istio: pulumi.Resource;
  /**
   * The monitoring stack (Prometheus Operator CRDs for the ServiceMonitor; Prometheus for analysis). Required
   * when `serviceMonitor` is true.
   * @default - none
   */
  readonly monitoring?: pulumi.Resource;
}

/** The Argo Rollouts controller. Type token `canary-platform:argo-rollouts:ArgoRolloutsController`. */
export class ArgoRolloutsController extends pulumi.ComponentResource {
  /** Settings with every default applied. */
  readonly settings: ResolvedArgoRolloutsControllerSettings;
  /** The controller's namespace. */
  readonly namespace: k8s.core.v1.Namespace;
  /** `argo-rollouts-notification-secret`, when Slack notifications are configured. */
  readonly notificationSecret?: k8s.core.v1.Secret;
  /** The Helm release. */
  readonly release: k8s.helm.v3.Release;
  /** Namespace name, for outputs. */
  readonly namespaceName: pulumi.Output<string>;

  constructor(name: string, args: ArgoRolloutsControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:argo-rollouts:ArgoRolloutsController', name, {}, opts);
    // `args?.`: validation reports args that are not an object (plain JavaScript may pass anything).
    const s = resolveArgoRolloutsControllerSettings(name, args, { monitoring: args?.monitoring !== undefined });
    this.settings = s;
    const provider = args.provider;

    this.namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: s.namespace,
          labels: { 'app.kubernetes.io/part-of': 'canary-platform', 'app.kubernetes.io/component': 'argo-rollouts' },
        },
      },
      { parent: this, provider, dependsOn: [args.istio] },
    );

    const dependsOn: pulumi.Resource[] = [this.namespace, args.istio];
    if (args.monitoring) dependsOn.push(args.monitoring);
    if (args.slack) {
      this.notificationSecret = new k8s.core.v1.Secret(
        `${name}-notification-secret`,
        {
          metadata: {
            name: NOTIFICATION_SECRET_NAME,
            namespace: this.namespace.metadata.name,
            // The chart documents this label for a notifications Secret it does not create itself.
            labels: { 'app.kubernetes.io/component': 'rollouts-controller' },
          },
          type: 'Opaque',
          stringData: { [SLACK_TOKEN_KEY]: pulumi.secret(args.slack.token) },
        },
        { parent: this, provider },
      );
      dependsOn.push(this.notificationSecret);
    }

    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      releaseArgs(ARGO_ROLLOUTS_CHART, {
        name: ARGO_ROLLOUTS_CONTROLLER_DEFAULTS.releaseName,
        namespace: s.namespace,
        values: argoRolloutsControllerValues(s),
        timeoutSeconds: 600,
      }),
      { parent: this, provider, dependsOn },
    );

    this.namespaceName = this.namespace.metadata.name;
    this.registerOutputs({ namespace: this.namespaceName, release: this.release.status });
  }
}
