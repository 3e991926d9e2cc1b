/**
 * Checks for small value formats used by the spec: container image references, Kubernetes quantities, rolling
 * update amounts and Istio's reserved ports. Each check returns the rule that is broken, or `undefined`.
 */

/** Registry host with optional port (`ghcr.io`, `localhost:5000`, `europe-docker.pkg.dev`). */
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?';
/** One lower-case path component (`stefanprodan`, `podinfo`, `my_app`). */
const COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const NAME = new RegExp(`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The parts of an image reference. */
export interface ImageReference {
  /** Registry and repository, e.g. `ghcr.io/stefanprodan/podinfo`. */
  readonly repository: string;
  /** Tag, when given. */
  readonly tag?: string;
  /** Digest (`sha256:...`), when given. */
  readonly digest?: string;
}

/** Splits `repository[:tag][@digest]`; returns undefined when the text is not an image reference at all. */
export function parseImageReference(image: string): ImageReference | undefined {
  const at = image.indexOf('@');
  const withoutDigest = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : undefined;
  if (!NAME.test(repository) || (tag !== undefined && !TAG.test(tag))) return undefined;
  return { repository, tag, digest };
}

/**
 * The rule an image breaks, or undefined when it is pinned: a tag other than `latest`, or a sha256 digest.
 * Messages follow `image "<value>" <rule>`.
 */
export function imageRule(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (ref === undefined) {
    return 'is not a valid image reference; expected [registry/]repository:tag or [registry/]repository@sha256:<64 hex digits>';
  }
  if (ref.digest !== undefined) {
    return DIGEST.test(ref.digest) ? undefined : 'has an invalid digest; expected @sha256: followed by 64 lower-case hex digits';
  }
  if (ref.tag === undefined || ref.tag === 'latest') {
    return `must be pinned by a tag other than latest or by a digest (e.g. ${ref.repository}:1.27.3 or ${ref.repository}@sha256:...)`;
  }
  return undefined;
}

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$/;
const MULTIPLIER: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The rule a Kubernetes quantity (`'100m'`, `'0.5'`, `'128Mi'`, `'1e3'`) breaks, or undefined. */
export const QUANTITY_RULE = 'must be a Kubernetes quantity such as "100m", "0.5", "128Mi" or "1Gi"';

/** The value of a quantity in base units (cores or bytes), or undefined when it does not parse. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (match === null) return undefined;
  const [, number, suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIER[suffix];
  return multiplier === undefined ? undefined : Number(number) * multiplier;
}

/** The rule a rolling-update amount (a count, or `'25%'`) breaks, or undefined. */
export function rollingAmountRule(value: number | string): string | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 1000 ? undefined : 'must be a whole number 0-1000 or a percentage such as "25%"';
  }
  const match = /^([0-9]{1,3})%$/.exec(value);
  return match !== null && Number(match[1]) <= 100 ? undefined : 'must be a whole number 0-1000 or a percentage 0%-100% such as "25%"';
}

/** True when a rolling-update amount is zero (`0` or `'0%'`). */
export function isZeroAmount(value: number | string): boolean {
  return value === 0 || value === '0%';
}

/**
 * Ports the Istio sidecar uses inside every pod; an application port on one of them would clash.
 * @see https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const ISTIO_RESERVED_PORTS: readonly number[] = [15000, 15001, 15004, 15006, 15008, 15009, 15020, 15021, 15053, 15090];

/** The UID of the Istio sidecar; applications must not run as it. */
export const ISTIO_PROXY_UID = 1337;

/** A Kubernetes Service address inside the cluster. */
export interface InClusterServiceAddress {
  /** Service name. */
  readonly service: string;
  /** Namespace of the Service. */
  readonly namespace: string;
}

/** The rule {@link parseInClusterServiceUrl} enforces, for messages. */
export const IN_CLUSTER_SERVICE_URL_RULE =
  'must be an in-cluster Service address http://<service>.<namespace>[.svc[.<cluster domain>]][:port]/, e.g. http://flagger-loadtester.flagger-system/';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The Service and namespace of an in-cluster URL (`http://flagger-loadtester.flagger-system/`,
 * `http://loadtester.team-a.svc.cluster.local:8080/`), or undefined when the host does not name a Service in a
 * namespace.
 */
export function parseInClusterServiceUrl(text: string): InClusterServiceAddress | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const labels = url.hostname.split('.');
  const [service, namespace, ...rest] = labels;
  // `<service>.<namespace>`, optionally followed by `.svc` and the cluster domain (`cluster.local` on GKE).
  const suffixOk = rest.length === 0 || rest[0] === 'svc';
  if (service === undefined || namespace === undefined || !suffixOk) return undefined;
  return DNS_LABEL.test(service) && DNS_LABEL.test(namespace) ? { service, namespace } : undefined;
}
