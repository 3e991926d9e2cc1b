/**
 * Istio: arguments, defaults and the pure functions that render chart values and custom resources.
 */
import { KubeObject, objectProblems, PLATFORM_CONTRACT, Problem, sortKeys, ValidationError } from '../../shared';
import { HelmValues } from '../helm';
import { API_VERSIONS } from '../../shared/versions';

/** Requests and limits of a container. */
export interface ResourceRequirements {
  /** CPU and memory requests, Kubernetes quantities such as `500m` and `2Gi`. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** CPU and memory limits. @default - none */
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Settings of the shared ingress gateway. */
export interface IngressSettings {
  /**
   * Domains the shared Gateway serves; each `d` is served as `d` and `*.d`.
   * @example ['prod.canary.example.com']
   */
  readonly domains: readonly string[];
  /**
   * Name of a TLS Secret in the ingress namespace (for example issued by cert-manager). When set, the Gateway
   * terminates HTTPS on 443 and redirects HTTP to HTTPS. @default - HTTP only on port 80
   */
  readonly tlsCredentialName?: string;
  /** Minimum gateway replicas (HPA). @default 2 */
  readonly minReplicas?: number;
  /** Maximum gateway replicas (HPA). @default 6 */
  readonly maxReplicas?: number;
}

/** Istio settings other than the provider and ordering (which `Istio`'s args add). */
export interface IstioSettings {
  /** The shared ingress gateway. */
  readonly ingress: IngressSettings;
  /** Minimum istiod replicas (HPA). @default 2 */
  readonly istiodMinReplicas?: number;
  /** Maximum istiod replicas (HPA). @default 5 */
  readonly istiodMaxReplicas?: number;
  /** istiod resources. @default - requests 500m / 2Gi, memory limit 4Gi */
  readonly istiodResources?: ResourceRequirements;
  /** Sidecar proxy resources (every meshed pod). @default - requests 100m / 128Mi, limits 1 CPU / 512Mi */
  readonly proxyResources?: ResourceRequirements;
  /**
   * Escape hatch: values deep-merged last into each chart's values (see `mergeValues`). Use for settings we do
   * not type; anything set here wins over the typed settings above. @default - none
   */
  readonly valuesOverrides?: {
    readonly base?: HelmValues;
    readonly cni?: HelmValues;
    readonly istiod?: HelmValues;
    readonly gateway?: HelmValues;
  };
}

/** Defaults of {@link IstioSettings}. */
export const ISTIO_DEFAULTS = {
  istiodMinReplicas: 2,
  istiodMaxReplicas: 5,
  // Twice the request: istiod's memory grows with the mesh's endpoints and config; the limit keeps a leak from
  // starving the node (the chart sets requests only).
  istiodResources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '4Gi' } },
  /** The CNI node agent (chart default requests 100m / 100Mi, no limit). */
  cniResources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { memory: '512Mi' } },
  proxyResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
  gatewayMinReplicas: 2,
  gatewayMaxReplicas: 6,
  /** Helm release names (the gateway's decides its pod labels). */
  releases: { base: 'istio-base', cni: 'istio-cni', istiod: 'istiod', gateway: 'istio-ingressgateway' },
  /** Pod labels of the ingress gateway; the shared Gateway selects them. */
  gatewaySelector: { istio: 'ingressgateway' },
} as const;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;

/** Every problem with `settings`; empty when valid. */
export function validateIstioSettings(name: string, settings: IstioSettings): Problem[] {
  const notAnObject = objectProblems(name, { args: settings });
  if (notAnObject.length > 0) return notAnObject;
  const noIngress = objectProblems(name, { ingress: settings.ingress });
  if (noIngress.length > 0) return noIngress;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  const ingress = settings.ingress;
  if (ingress.domains.length === 0) add('ingress.domains', '(empty) must name at least one domain');
  ingress.domains.forEach((d, i) => {
    if (!DOMAIN.test(d)) add(`ingress.domains[${i}]`, `(${d}) must be a lowercase DNS name like canary.example.com`);
  });
  const min = ingress.minReplicas ?? ISTIO_DEFAULTS.gatewayMinReplicas;
  const max = ingress.maxReplicas ?? ISTIO_DEFAULTS.gatewayMaxReplicas;
  if (min < 1) add('ingress.minReplicas', `(${min}) must be >= 1`);
  if (max < min) add('ingress.maxReplicas', `(${max}) must be >= minReplicas (${min})`);
  const imin = settings.istiodMinReplicas ?? ISTIO_DEFAULTS.istiodMinReplicas;
  const imax = settings.istiodMaxReplicas ?? ISTIO_DEFAULTS.istiodMaxReplicas;
  if (imin < 1) add('istiodMinReplicas', `(${imin}) must be >= 1`);
  if (imax < imin) add('istiodMaxReplicas', `(${imax}) must be >= istiodMinReplicas (${imin})`);
  return problems;
}

/** Throws one {@link ValidationError} listing every problem with `settings`. */
export function assertIstioSettings(name: string, settings: IstioSettings): void {
  const problems = validateIstioSettings(name, settings);
  if (problems.length > 0) throw new ValidationError(`Istio ${name}: invalid arguments`, problems);
}

/** Values of the `base` chart (CRDs, cluster roles). */
export function istioBaseValues(): HelmValues {
  return sortKeys({ defaultRevision: 'default', global: { istioNamespace: PLATFORM_CONTRACT.istioNamespace } });
}

/**
 * Values of the `cni` chart for GKE: GKE keeps CNI binaries in /home/kubernetes/bin, and pods with the
 * `system-node-critical` priority class only run in namespaces with a matching ResourceQuota.
 * @see https://istio.io/latest/docs/ambient/install/platform-prerequisites/#google-kubernetes-engine-gke
 */
export function istioCniValues(): HelmValues {
  // No `profile`: Istio's charts ship no profile-default.yaml (the default profile is `profile` left unset), and
  // `helm template` stops with "unknown profile default" when it is set.
  return sortKeys({
    global: { platform: 'gke', logAsJson: true },
    cniBinDir: '/home/kubernetes/bin',
    resourceQuotas: { enabled: true, pods: 5000 },
    excludeNamespaces: ['kube-system'],
    resources: ISTIO_DEFAULTS.cniResources,
  });
}

/** Values of the `istiod` chart: HA control plane, CNI instead of init containers, metrics for Prometheus. */
export function istiodValues(settings: IstioSettings): HelmValues {
  // No `profile` (see istioCniValues): the chart's defaults are the default profile.
  return sortKeys({
    global: {
      platform: 'gke',
      istioNamespace: PLATFORM_CONTRACT.istioNamespace,
      logAsJson: true,
      proxy: { resources: settings.proxyResources ?? ISTIO_DEFAULTS.proxyResources },
    },
    pilot: {
      autoscaleEnabled: true,
      autoscaleMin: settings.istiodMinReplicas ?? ISTIO_DEFAULTS.istiodMinReplicas,
      autoscaleMax: settings.istiodMaxReplicas ?? ISTIO_DEFAULTS.istiodMaxReplicas,
      replicaCount: settings.istiodMinReplicas ?? ISTIO_DEFAULTS.istiodMinReplicas,
      resources: settings.istiodResources ?? ISTIO_DEFAULTS.istiodResources,
      cni: { enabled: true },
    },
    meshConfig: {
      // Merges application metrics with Envoy's on :15020/stats/prometheus, scraped by the sidecar PodMonitor.
      enablePrometheusMerge: true,
      accessLogFile: '/dev/stdout',
      accessLogEncoding: 'JSON',
      defaultConfig: { holdApplicationUntilProxyStarts: true },
    },
  });
}

/** Values of the `gateway` chart: autoscaled, disruption-budgeted public LoadBalancer. */
export function gatewayValues(settings: IstioSettings): HelmValues {
  return sortKeys({
    labels: { ...ISTIO_DEFAULTS.gatewaySelector, app: ISTIO_DEFAULTS.releases.gateway },
    service: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
    autoscaling: {
      enabled: true,
      minReplicas: settings.ingress.minReplicas ?? ISTIO_DEFAULTS.gatewayMinReplicas,
      maxReplicas: settings.ingress.maxReplicas ?? ISTIO_DEFAULTS.gatewayMaxReplicas,
      targetCPUUtilizationPercentage: 70,
    },
    podDisruptionBudget: { minAvailable: 1 },
    resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '2', memory: '1Gi' } },
  });
}

/** The hosts of the shared Gateway: each domain and its wildcard. */
export function gatewayHosts(ingress: IngressSettings): string[] {
  return ingress.domains.flatMap((d) => [d, `*.${d}`]);
}

/** `[namespace, name]` of the shared Gateway, from the platform contract. */
export function gatewayRef(): { namespace: string; name: string } {
  const [namespace, name] = PLATFORM_CONTRACT.gateway.split('/');
  return { namespace, name };
}

/** The one shared ingress `Gateway` every CanaryService's VirtualService binds to. */
export function publicGateway(ingress: IngressSettings): KubeObject {
  const { namespace, name } = gatewayRef();
  const hosts = gatewayHosts(ingress);
  const servers: unknown[] = ingress.tlsCredentialName
    ? [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts,
          tls: { mode: 'SIMPLE', credentialName: ingress.tlsCredentialName, minProtocolVersion: 'TLSV1_2' },
        },
      ]
    : [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts }];
  return sortKeys({
    apiVersion: API_VERSIONS.istioNetworking,
    kind: 'Gateway',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'canary-platform' } },
    spec: { selector: { ...ISTIO_DEFAULTS.gatewaySelector }, servers },
  });
}

/** Mesh-wide STRICT mutual TLS: a PeerAuthentication named `default` in the Istio root namespace. */
export function meshStrictMtls(): KubeObject {
  return sortKeys({
    apiVersion: API_VERSIONS.istioSecurity,
    kind: 'PeerAuthentication',
    metadata: {
      name: 'default',
      namespace: PLATFORM_CONTRACT.istioNamespace,
      labels: { 'app.kubernetes.io/managed-by': 'canary-platform' },
    },
    spec: { mtls: { mode: 'STRICT' } },
  });
}
