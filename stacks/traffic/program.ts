/**
 * The traffic program: the Cloud DNS records that send a standby pair's domains to the gateway of the stack that
 * serves. It runs in its own project (`canary-platform-traffic`), one stack per standby (`dr`), reading the
 * standby's stack file: `canary-platform:standby.state` decides where the records point (`serving`: the
 * standby; otherwise its primary), `standby.traffic` gives the zone and the TTL.
 *
 * Why a project of its own: the records are shared by two environments, so they belong to neither one's layers
 * (an `up` or the loss of either would decide the other's traffic); one small stack keeps one owner and one
 * switch, and its `up` takes seconds. Why DNS and not a global load balancer: see docs/disaster-recovery.md.
 *
 * The serving gateway's address is read from its Service (`istio-ingress/istio-ingressgateway`) through the
 * serving stack's kubeconfig (its cluster layer's output). Both stacks' references and providers are always
 * declared, so switching never deletes a resource (the read of the old gateway is discarded, nothing else).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ISTIO_DEFAULTS } from '../../packages/platform/istio';
import { TrafficRecords } from '../../packages/platform/standby';
import { PLATFORM_CONTRACT, ValidationError } from '../../packages/shared';
import { loadStackConfig, StackConfig } from '../platform/config';
import { PROJECT } from '../platform/config-schema';
import { layerStackName } from '../layers/layers';

/** The project name of the traffic records. */
export const TRAFFIC_PROJECT = 'canary-platform-traffic';

/** The gateway Service whose load balancer address the records point at (the gateway chart names it after its release). */
export const GATEWAY_SERVICE = { namespace: PLATFORM_CONTRACT.ingressNamespace, name: ISTIO_DEFAULTS.releases.gateway } as const;

/** What the traffic stack exports. */
export interface TrafficOutputs {
  /** The stack the records point at. */
  readonly servingStack: string;
  /** The records' names, fully qualified. */
  readonly records: readonly string[];
  /** The address they hold. */
  readonly address: pulumi.Output<string>;
}

/** A standby's config with its traffic settings, or a ValidationError naming what is missing. */
function trafficSettings(config: StackConfig): { readonly standby: NonNullable<StackConfig['standby']>; readonly traffic: { managedZone: string; ttlSeconds?: number } } {
  const traffic = config.standby?.settings.traffic;
  if (!config.standby || !traffic) {
    throw new ValidationError(`Invalid stack configuration in ${config.file}`, [
      { subject: config.file, path: `${PROJECT}:standby.traffic`, message: `is required by the traffic project (${TRAFFIC_PROJECT}): it holds the records of a standby pair` },
    ]);
  }
  return { standby: config.standby, traffic };
}

/** The stack the records point at: the standby once `serving`, its primary otherwise. */
export function servingStack(config: StackConfig, stack: string): string {
  const { standby } = trafficSettings(config);
  return standby.state === 'serving' ? stack : standby.settings.of;
}

/** Reads the serving gateway's load balancer address; fails the update, naming the stack, when it has none. */
export type GatewayAddress = (serving: string) => pulumi.Input<string>;

/**
 * The gateway addresses through each stack's kubeconfig: a StackReference and a provider for both stacks of the
 * pair (so a switch deletes nothing), a read of the serving stack's gateway Service.
 */
export function clusterGatewayAddress(stacks: readonly string[], organization: string): GatewayAddress {
  const providers = new Map(
    stacks.map((stack) => {
      const cluster = new pulumi.StackReference(`cluster-${stack}`, { name: layerStackName(organization, 'cluster', stack) });
      return [stack, new k8s.Provider(`k8s-${stack}`, { kubeconfig: cluster.requireOutput('kubeconfig') as pulumi.Output<string> })] as const;
    }),
  );
  return (serving) => {
    const service = k8s.core.v1.Service.get(`gateway-${serving}`, `${GATEWAY_SERVICE.namespace}/${GATEWAY_SERVICE.name}`, { provider: providers.get(serving) });
    return service.status.loadBalancer.ingress.apply((ingress) => {
      const ip = ingress?.[0]?.ip;
      if (!ip) throw new Error(`the gateway of stack ${serving} (${GATEWAY_SERVICE.namespace}/${GATEWAY_SERVICE.name}) has no load balancer address yet`);
      return ip;
    });
  };
}

/** Registers the records of the standby `stack` pointing at the serving gateway. */
export function buildTraffic(config: StackConfig, stack: string, gatewayAddress: GatewayAddress): TrafficOutputs {
  const { traffic } = trafficSettings(config);
  const serving = servingStack(config, stack);
  const address = pulumi.output(gatewayAddress(serving));
  const records = new TrafficRecords(`${stack}-traffic`, {
    project: config.project,
    managedZone: traffic.managedZone,
    domains: config.domains,
    ttlSeconds: traffic.ttlSeconds,
    address,
  });
  return { servingStack: serving, records: records.names, address };
}

/** The program of the traffic project (`stacks/traffic/index.ts` exports it). */
export function trafficProgram(): () => TrafficOutputs {
  return () => {
    const config = loadStackConfig();
    const stack = pulumi.getStack();
    const { standby } = trafficSettings(config);
    return buildTraffic(config, stack, clusterGatewayAddress([standby.settings.of, stack], pulumi.getOrganization()));
  };
}
