/**
 * The Services, VirtualService and DestinationRule (networking.istio.io/v1) of a Rollout. Unlike Flagger,
 * Argo Rollouts does not create routing objects: it patches the ones we render.
 *
 * Canary steps (canary, mirror, A/B, blue/green with mirroring) use Argo's subset-level split: the apex
 * Service `<name>` is the host every client calls (in the mesh and through the gateway); the VirtualService's
 * `primary` route sends it to the DestinationRule subsets `stable` and `canary`, whose labels Argo Rollouts
 * pins to each ReplicaSet's `rollouts-pod-template-hash` and whose weights it sets at each step. The Services
 * `<name>-primary` (stableService) and `<name>-canary` (canaryService) follow the same ReplicaSets, so testers
 * and the load test reach one version directly, as with Flagger.
 *
 * Argo's blueGreen strategy switches Service selectors instead: `<name>` is the active Service and
 * `<name>-canary` the preview. The VirtualService and DestinationRule then carry only the routing policy
 * (gateway, hosts, timeout, retries, mutual TLS), which Flagger would otherwise have written.
 * @see https://argo-rollouts.readthedocs.io/en/stable/features/traffic-management/istio/
 */
import { type KubeObject, requireObjectArguments } from '../../../shared';
import { SELECTOR_LABEL, type ResolvedCanaryService } from '../../spec';
import { objectMetadata, renderService } from '../../workload';
import { API_VERSIONS } from '../../../shared/versions';
import type { ArgoRolloutsNames } from './names';

/** True when the strategy runs as Argo canary steps with traffic routing (everything but plain blue/green). */
export function usesTrafficRouting(spec: ResolvedCanaryService): boolean {
  requireObjectArguments('usesTrafficRouting', { spec });
  return !(spec.strategy.kind === 'blueGreen' && spec.strategy.mirrorWeight === undefined);
}

/** The Services: apex, stable and canary for canary steps; active (apex) and preview for blue/green. */
export function renderServices(spec: ResolvedCanaryService, names: ArgoRolloutsNames): KubeObject[] {
  // Every Service selects the Rollout's pods by `app=<name>`; Argo Rollouts adds the ReplicaSet hash to the
  // stable, canary, active and preview selectors while it manages them.
  const services = [renderService(spec, names.apexService, spec.name)];
  if (usesTrafficRouting(spec)) services.push(renderService(spec, names.stableService, spec.name));
  services.push(renderService(spec, names.canaryService, spec.name));
  return services;
}

/** VirtualService hosts and gateways, computed as the Flagger engine's Canary declares them. */
export function routingHosts(spec: ResolvedCanaryService, names: ArgoRolloutsNames): { hosts: string[]; gateways: string[] } {
  requireObjectArguments('routingHosts', { spec, names });
  return {
    hosts: [...new Set([...(spec.ingress?.hosts ?? []), names.apexService])],
    gateways: spec.ingress !== undefined ? [spec.ingress.gateway, 'mesh'] : ['mesh'],
  };
}

/** The timeout and retry policy of the service's HTTP route. */
function routePolicy(spec: ResolvedCanaryService): Record<string, unknown> {
  const retries = spec.traffic.retries;
  return {
    timeout: spec.traffic.timeout.toString(),
    ...(retries !== false
      ? { retries: { attempts: retries.attempts, perTryTimeout: retries.perTryTimeout.toString(), retryOn: retries.retryOn } }
      : {}),
  };
}

/**
 * The VirtualService `<name>`. With traffic routing, the route `primary` starts at 100% stable / 0% canary
 * (Istio needs weights that add up to 100; Argo Rollouts rewrites them) and the managed routes for A/B testing
 * and mirroring are added above it by Argo Rollouts during a release.
 */
export function renderVirtualService(spec: ResolvedCanaryService, names: ArgoRolloutsNames): KubeObject {
  const { hosts, gateways } = routingHosts(spec, names);
  // Fresh objects everywhere: the output never shares a value between two places.
  const port = (): { number: number } => ({ number: spec.servicePort });
  const route = usesTrafficRouting(spec)
    ? [
        { destination: { host: names.apexService, subset: names.stableSubset, port: port() }, weight: 100 },
        { destination: { host: names.apexService, subset: names.canarySubset, port: port() }, weight: 0 },
      ]
    : [{ destination: { host: names.apexService, port: port() } }];
  return {
    apiVersion: API_VERSIONS.istioNetworking,
    kind: 'VirtualService',
    metadata: objectMetadata(spec, names.virtualService),
    spec: { hosts, gateways, http: [{ name: names.primaryRoute, route, ...routePolicy(spec) }] },
  };
}

/**
 * The DestinationRule `<name>`: mutual TLS inside the mesh (as Flagger's `trafficPolicy`), and with traffic
 * routing the `stable` and `canary` subsets Argo Rollouts pins to ReplicaSets.
 */
export function renderDestinationRule(spec: ResolvedCanaryService, names: ArgoRolloutsNames): KubeObject {
  const podLabels = (): Record<string, string> => ({ [SELECTOR_LABEL]: spec.name });
  return {
    apiVersion: API_VERSIONS.istioNetworking,
    kind: 'DestinationRule',
    metadata: objectMetadata(spec, names.destinationRule),
    spec: {
      host: names.apexService,
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      ...(usesTrafficRouting(spec)
        ? { subsets: [{ name: names.canarySubset, labels: podLabels() }, { name: names.stableSubset, labels: podLabels() }] }
        : {}),
    },
  };
}
