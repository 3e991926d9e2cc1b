/**
 * The Pulumi program as a function: validated stack configuration in, the platform (and the stack's
 * CanaryServices) registered, stack outputs returned. `stacks/platform/index.ts` calls it with the loaded configuration;
 * tests call it with a parsed one.
 */
import * as pulumi from '@pulumi/pulumi';
import type { AlertChannels } from '../../packages/platform/observability';
import { Platform, PlatformArgs } from '../../packages/platform';
import type { PlatformNamespaces } from '../../packages/platform';
import type { StackConfig } from './config';
import { buildGitOpsStack } from './gitops';
import { buildRestorePlan } from './restore';
import { buildWorkloads } from './workloads';

/** What `pulumi up` exports. */
export interface PlatformStackOutputs {
  /** Cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** Control-plane endpoint. */
  readonly endpoint: pulumi.Output<string>;
  /** Kubeconfig (gke-gcloud-auth-plugin); secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Namespaces of the platform's parts. */
  readonly namespaces: PlatformNamespaces;
  /** The shared Gateway, `istio-ingress/public-gateway`. */
  readonly gatewayName: string;
  /** First domain of the shared Gateway. */
  readonly gatewayHost: string;
  /** Every host of the shared Gateway. */
  readonly gatewayHosts: readonly string[];
  /** In-cluster Prometheus URL. */
  readonly prometheusUrl: string;
  /** In-cluster flagger-loadtester URL. */
  readonly loadTesterUrl: string;
  /** The Loki bucket. */
  readonly lokiBucket: pulumi.Output<string>;
  /** The CanaryServices deployed, as `<namespace>/<name>`. */
  readonly services: readonly string[];
}

/** Maps the validated stack configuration to the Platform's typed arguments. */
export function platformArgs(config: StackConfig): PlatformArgs {
  const c = config.cluster;
  return {
    cluster: {
      project: config.project,
      region: config.region,
      zones: c.zones,
      clusterName: c.name,
      releaseChannel: c.releaseChannel,
      network: c.network,
      authorizedNetworks: c.authorizedNetworks,
      controlPlaneEndpoint: c.controlPlaneEndpoint,
      maintenanceWindow: c.maintenanceWindow,
      maintenanceExclusions: c.maintenanceExclusions,
      artifactRegistryProjects: c.artifactRegistryProjects,
      nodePools: c.nodePools,
      binaryAuthorization: config.addons.binaryAuthorization,
      kmsKeyName: config.addons.kmsKey,
      deletionProtection: c.deletionProtection,
      protect: c.protect,
      backup: c.backup,
      labels: { environment: config.environment, 'managed-by': 'pulumi', ...c.labels },
    },
    istio: { ingress: { ...config.ingress, domains: config.domains } },
    observability: {
      prometheus: config.observability.prometheus,
      loki: config.observability.loki,
      alerts: alertChannels(config),
      grafanaAdminPassword: config.secrets.grafanaAdminPassword
        ? pulumi.secret(config.secrets.grafanaAdminPassword.reveal())
        : undefined,
    },
    flagger: config.flagger,
    judge: config.judge,
    addons: {
      argoRollouts: config.addons.argoRollouts ?? false,
      ...(config.secrets.argoRolloutsSlackToken
        ? { argoRolloutsSlack: { token: pulumi.secret(config.secrets.argoRolloutsSlackToken.reveal()) } }
        : {}),
    },
  };
}

/**
 * Alert receivers: a channel becomes a receiver when its webhook URL secret is set. A channel without its
 * secret is reported as a warning (the stack still deploys; alerts stay in Alertmanager until it is set).
 */
export function alertChannels(config: StackConfig): AlertChannels {
  const channels: { slack?: AlertChannels['slack']; rocketChat?: AlertChannels['rocketChat'] } = {};
  const { slack, rocketChat } = config.alerts;
  const slackUrl = config.secrets.slackWebhookUrl;
  const rocketUrl = config.secrets.rocketChatWebhookUrl;
  if (slack && slackUrl) channels.slack = { channel: slack.channel, webhookUrl: pulumi.secret(slackUrl.reveal()) };
  else if (slack) missingSecret('alerts.slack', 'slackWebhookUrl');
  if (rocketChat && rocketUrl) {
    channels.rocketChat = { channel: rocketChat.channel, webhookUrl: pulumi.secret(rocketUrl.reveal()) };
  } else if (rocketChat) missingSecret('alerts.rocketChat', 'rocketChatWebhookUrl');
  return channels;
}

function missingSecret(channel: string, key: string): void {
  void pulumi.log.warn(
    `canary-platform:${channel} is set but canary-platform:${key} is not: alerts stay in Alertmanager. ` +
      `Set it with: pulumi config set --secret canary-platform:${key} <url>`,
  );
}

/** Registers the platform and the stack's CanaryServices; returns the stack outputs. */
export function buildPlatformStack(config: StackConfig): PlatformStackOutputs {
  // ---- GitOps delivery (issue 20, docs/gitops.md): Pulumi builds the cloud parts and bootstraps Flux; Flux applies
  // every in-cluster object from the tree `synth` writes. One owner per object.
  if (config.delivery === 'gitops') return buildGitOpsStack(config, platformArgs(config).cluster);
  // ---- end of GitOps delivery
  const platform = new Platform(config.cluster.name, platformArgs(config));
  // Disaster recovery: `cluster.restore` adds a Backup for GKE restore plan into this cluster.
  buildRestorePlan(config, platform.cluster);
  const services = buildWorkloads(config, platform);
  return {
    clusterName: platform.cluster.clusterName,
    endpoint: platform.cluster.endpoint,
    kubeconfig: platform.kubeconfig,
    namespaces: platform.namespaces,
    gatewayName: platform.gatewayName,
    gatewayHost: platform.gatewayHost,
    gatewayHosts: platform.gatewayHosts,
    prometheusUrl: platform.prometheusUrl,
    loadTesterUrl: platform.loadTesterUrl,
    lokiBucket: platform.observability.lokiBucket.name,
    services,
  };
}
