/**
 * The stack in `canary-platform:delivery: gitops` mode (docs/gitops.md): Pulumi creates the cloud parts and
 * bootstraps Flux; every in-cluster object is in the GitOps tree `synth` writes, and Flux applies it. The outputs
 * are those of `pulumi` mode.
 */
import * as pulumi from '@pulumi/pulumi';
import { GitOpsPlatform } from '../../packages/platform/flux';
import { substitutionVariable, type FluxBootstrapSettings } from '../../packages/platform/flux/args';
import type { GkeClusterArgs } from '../../packages/platform/gke';
import { PROJECT, SECRET_KEYS } from './config-schema';
import type { StackConfig } from './config';
import type { PlatformStackOutputs } from './program';
import { buildRestorePlan } from './restore';

/**
 * The bootstrap's settings: the config repository of `canary-platform:gitops`, and every stack secret that is
 * set as a substitution value (`SLACK_WEBHOOK_URL`, ...) for the Secret templates of the tree.
 * @throws Error when `canary-platform:gitops` is missing (parseStackConfig reports that first)
 */
export function fluxSettings(config: StackConfig): FluxBootstrapSettings {
  const gitops = config.gitops;
  if (gitops === undefined) throw new Error(`${config.file}: ${PROJECT}:gitops is required with ${PROJECT}:delivery gitops`);
  const substitutions = Object.fromEntries(
    SECRET_KEYS.flatMap((key) => {
      const value = config.secrets[key];
      return value === undefined ? [] : [[substitutionVariable(key), pulumi.secret(value.reveal())]];
    }),
  );
  return { ...gitops, substitutions };
}

/**
 * Registers the cloud parts and the Flux bootstrap; returns the stack outputs.
 * @param cluster the cluster's arguments, as `pulumi` mode builds them (`platformArgs(config).cluster`)
 */
export function buildGitOpsStack(config: StackConfig, cluster: GkeClusterArgs): PlatformStackOutputs {
  const platform = new GitOpsPlatform(config.cluster.name, {
    cluster,
    domains: config.domains,
    observability: { loki: config.observability.loki },
    flux: fluxSettings(config),
    argoRollouts: config.addons.argoRollouts ?? false,
  });
  buildRestorePlan(config, platform.cluster);
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
    lokiBucket: platform.loki.bucket.name,
    services: config.services.map((s) => `${s.namespace}/${s.name}`),
  };
}
