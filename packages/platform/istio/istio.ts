/**
 * `Istio`: the official charts installed base -> cni -> istiod -> gateway, mesh-wide STRICT mTLS and the shared
 * ingress Gateway. Values and objects come from the pure functions in `values.ts`.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { customResource, mergeValues, releaseArgs } from '../helm';
import { PLATFORM_CONTRACT } from '../../shared';
import { CHARTS } from '../../shared/versions';
import {
  assertIstioSettings,
  gatewayHosts,
  gatewayValues,
  istioBaseValues,
  istioCniValues,
  istiodValues,
  ISTIO_DEFAULTS,
  IstioSettings,
  meshStrictMtls,
  publicGateway,
} from './values';

/** Arguments of {@link Istio}. */
export interface IstioArgs extends IstioSettings {
  /** Kubernetes provider of the target cluster. */
  readonly provider: k8s.Provider;
  /** Resources that must exist first (the cluster and its node pools). @default - none */
  readonly dependsOn?: readonly pulumi.Resource[];
}

/** Istio service mesh with one shared ingress gateway. Type token `canary-platform:istio:Istio`. */
export class Istio extends pulumi.ComponentResource {
  /** `istio/base` (CRDs); every Istio custom resource depends on it. */
  readonly base: k8s.helm.v3.Release;
  /** `istio/cni`. */
  readonly cni: k8s.helm.v3.Release;
  /** `istio/istiod`. */
  readonly istiod: k8s.helm.v3.Release;
  /** `istio/gateway` (the ingress gateway deployment). */
  readonly gateway: k8s.helm.v3.Release;
  /** The shared Gateway custom resource. */
  readonly publicGateway: k8s.apiextensions.CustomResource;
  /** The mesh-wide STRICT PeerAuthentication. */
  readonly strictMtls: k8s.apiextensions.CustomResource;
  /** The shared Gateway as `<namespace>/<name>` (what VirtualServices reference). */
  readonly gatewayName: string;
  /** Hosts the shared Gateway serves. */
  readonly gatewayHosts: readonly string[];
  /** What workloads must wait for: the gateway, the Gateway object and mTLS policy. */
  readonly ready: readonly pulumi.Resource[];

  constructor(name: string, args: IstioArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:istio:Istio', name, {}, opts);
    assertIstioSettings(name, args);
    const provider = args.provider;
    const overrides = args.valuesOverrides ?? {};
    const upstream = [...(args.dependsOn ?? [])];

    const systemNs = new k8s.core.v1.Namespace(
      `${name}-system-ns`,
      { metadata: { name: PLATFORM_CONTRACT.istioNamespace, labels: { 'topology.istio.io/network': 'default' } } },
      { parent: this, provider, dependsOn: upstream },
    );
    const ingressNs = new k8s.core.v1.Namespace(
      `${name}-ingress-ns`,
      { metadata: { name: PLATFORM_CONTRACT.ingressNamespace, labels: { 'istio-injection': 'enabled' } } },
      { parent: this, provider, dependsOn: upstream },
    );

    const r = ISTIO_DEFAULTS.releases;
    const ns = PLATFORM_CONTRACT.istioNamespace;
    this.base = new k8s.helm.v3.Release(
      `${name}-base`,
      releaseArgs(CHARTS.istioBase, { name: r.base, namespace: ns, values: mergeValues(istioBaseValues(), overrides.base) }),
      { parent: this, provider, dependsOn: [systemNs] },
    );
    this.cni = new k8s.helm.v3.Release(
      `${name}-cni`,
      releaseArgs(CHARTS.istioCni, { name: r.cni, namespace: ns, values: mergeValues(istioCniValues(), overrides.cni) }),
      { parent: this, provider, dependsOn: [this.base] },
    );
    this.istiod = new k8s.helm.v3.Release(
      `${name}-istiod`,
      releaseArgs(CHARTS.istiod, { name: r.istiod, namespace: ns, values: mergeValues(istiodValues(args), overrides.istiod) }),
      { parent: this, provider, dependsOn: [this.base, this.cni] },
    );
    this.gateway = new k8s.helm.v3.Release(
      `${name}-gateway`,
      releaseArgs(CHARTS.istioGateway, {
        name: r.gateway,
        namespace: PLATFORM_CONTRACT.ingressNamespace,
        values: mergeValues(gatewayValues(args), overrides.gateway),
      }),
      { parent: this, provider, dependsOn: [ingressNs, this.istiod] },
    );

    // Custom resources: after the chart bringing their CRDs (base) and istiod, whose webhook validates them.
    const crdReady = [this.base, this.istiod];
    this.strictMtls = customResource(`${name}-strict-mtls`, meshStrictMtls(), { parent: this, provider, dependsOn: crdReady });
    this.publicGateway = customResource(`${name}-public-gateway`, publicGateway(args.ingress), {
      parent: this,
      provider,
      dependsOn: [...crdReady, ingressNs, this.gateway],
    });

    this.gatewayName = PLATFORM_CONTRACT.gateway;
    this.gatewayHosts = gatewayHosts(args.ingress);
    this.ready = [this.istiod, this.gateway, this.publicGateway, this.strictMtls];
    this.registerOutputs({ gatewayName: this.gatewayName, gatewayHosts: this.gatewayHosts });
  }
}
