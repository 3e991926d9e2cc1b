/**
 * The Istio and Gateway API types that Flagger's Canary embeds in `spec.service` and `spec.analysis.match`,
 * written from Flagger v1.44.0's own Go types (pkg/apis/istio/v1beta1/virtual_service.go and
 * destination_rule.go, pkg/apis/gatewayapi/v1beta1): Flagger copies them into the VirtualService and
 * DestinationRule it generates. Fields the Go types have but the v1.44.0 CustomResourceDefinition does not serve
 * are left out, because the API server rejects them (`trafficPolicy.portLevelSettings`,
 * `connectionPool.tcp`, `localityLbSetting.failover_priority`); so is the CRD's
 * `consistentHash.httpQueryParameterName`, which Flagger's Go type does not have (it would be dropped).
 */
import { z } from 'zod';
import { atMostOneOf, exactlyOneOf } from './rules';

/** Go `map[string]string`. */
export const stringMap = z.record(z.string(), z.string());

/** Istio StringMatch: at most one of exact, prefix or regex (RE2). */
const stringMatch = z
  .strictObject({ exact: z.string().optional(), prefix: z.string().optional(), regex: z.string().optional() })
  .check(atMostOneOf(['exact', 'prefix', 'regex']));

/** StringMatch in a CORS `allowOrigins` entry: exactly one of exact, prefix or regex. */
const originMatch = z
  .strictObject({ exact: z.string().optional(), prefix: z.string().optional(), regex: z.string().optional() })
  .check(exactlyOneOf(['exact', 'prefix', 'regex']));

/** Istio HTTPMatchRequest: the request attributes a route (or an A/B test) matches. */
export const httpMatchRequest = z.strictObject({
  authority: stringMatch.optional(),
  gateways: z.array(z.string()).optional(),
  headers: z.record(z.string(), stringMatch).optional(),
  ignoreUriCase: z.boolean().optional(),
  method: stringMatch.optional(),
  name: z.string().optional(),
  port: z.int().min(0).optional(),
  queryParams: z.record(z.string(), stringMatch).optional(),
  scheme: stringMatch.optional(),
  sourceLabels: stringMap.optional(),
  sourceNamespace: z.string().optional(),
  uri: stringMatch.optional(),
  withoutHeaders: z.record(z.string(), stringMatch).optional(),
});

/** Istio HTTPRetry: attempts per request, the timeout of each, and the conditions that retry. */
export const httpRetry = z.strictObject({
  attempts: z.int().optional(),
  perTryTimeout: z.string().optional(),
  retryOn: z.string().optional(),
});

/** Flagger's HTTPRewrite (uri, authority; `type` for the Gateway API: ReplaceFullPath or ReplacePrefixMatch). */
export const httpRewrite = z.strictObject({
  authority: z.string().optional(),
  type: z.string().optional(),
  uri: z.string().optional(),
});

const headerOperations = z.strictObject({
  add: stringMap.optional(),
  remove: z.array(z.string()).optional(),
  set: stringMap.optional(),
});

/** Istio Headers: request and response header operations. */
export const headers = z.strictObject({ request: headerOperations.optional(), response: headerOperations.optional() });

/** Istio CorsPolicy. */
export const corsPolicy = z.strictObject({
  allowCredentials: z.boolean().optional(),
  allowHeaders: z.array(z.string()).optional(),
  allowMethods: z.array(z.string()).optional(),
  allowOrigin: z.array(z.string()).optional(),
  allowOrigins: z.array(originMatch).optional(),
  exposeHeaders: z.array(z.string()).optional(),
  maxAge: z.string().optional(),
});

const DNS_SUBDOMAIN_OR_EMPTY = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND_NAME = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const portNumber = z.int().min(1).max(65535);

/** Gateway API ParentReference (`service.gatewayRefs`). */
export const parentReference = z.strictObject({
  group: z.string().max(253).regex(DNS_SUBDOMAIN_OR_EMPTY).optional(),
  kind: z.string().min(1).max(63).regex(KIND_NAME).optional(),
  name: z.string().min(1).max(253),
  namespace: z.string().min(1).max(63).regex(DNS_LABEL).optional(),
  port: portNumber.optional(),
  sectionName: z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/).optional(),
});

/** Gateway API HTTPRequestMirrorFilter (`service.mirror`). */
export const requestMirror = z.strictObject({
  backendRef: z.strictObject({
    group: z.string().max(253).regex(DNS_SUBDOMAIN_OR_EMPTY).optional(),
    kind: z.string().min(1).max(63).regex(KIND_NAME).optional(),
    name: z.string().min(1).max(253),
    namespace: z.string().min(1).max(63).regex(DNS_LABEL).optional(),
    port: portNumber.optional(),
  }),
});

const consistentHash = z
  .strictObject({
    httpCookie: z.strictObject({ name: z.string().optional(), path: z.string().optional(), ttl: z.string().optional() }).optional(),
    httpHeaderName: z.string().optional(),
    minimumRingSize: z.int().min(0).optional(),
    useSourceIp: z.boolean().optional(),
  })
  .check(exactlyOneOf(['httpHeaderName', 'httpCookie', 'useSourceIp']));

/** Istio LoadBalancerSettings: exactly one of a simple algorithm or consistent hashing. */
const loadBalancer = z
  .strictObject({
    consistentHash: consistentHash.optional(),
    localityLbSetting: z
      .strictObject({
        distribute: z.array(z.strictObject({ from: z.string().optional(), to: z.record(z.string(), z.int().min(0)).optional() })).optional(),
        enabled: z.boolean().optional(),
        failover: z.array(z.strictObject({ from: z.string().optional(), to: z.string().optional() })).optional(),
      })
      .optional(),
    simple: z.enum(['ROUND_ROBIN', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'LEAST_REQUEST']).optional(),
    warmupDurationSecs: z.string().optional(),
  })
  .check(exactlyOneOf(['simple', 'consistentHash']));

/** Istio TrafficPolicy, as Flagger copies it into the DestinationRules of the primary and the canary. */
export const trafficPolicy = z.strictObject({
  connectionPool: z
    .strictObject({
      http: z
        .strictObject({
          h2UpgradePolicy: z.enum(['DEFAULT', 'DO_NOT_UPGRADE', 'UPGRADE']).optional(),
          http1MaxPendingRequests: z.int().optional(),
          http2MaxRequests: z.int().optional(),
          idleTimeout: z.string().optional(),
          maxRequestsPerConnection: z.int().optional(),
          maxRetries: z.int().optional(),
        })
        .optional(),
    })
    .optional(),
  loadBalancer: loadBalancer.optional(),
  outlierDetection: z
    .strictObject({
      baseEjectionTime: z.string().optional(),
      consecutive5xxErrors: z.int().min(0).optional(),
      consecutiveErrors: z.int().optional(),
      consecutiveGatewayErrors: z.int().min(0).optional(),
      consecutiveLocalOriginFailures: z.int().min(0).optional(),
      interval: z.string().optional(),
      maxEjectionPercent: z.int().optional(),
      minHealthPercent: z.int().optional(),
      splitExternalLocalOriginErrors: z.boolean().optional(),
    })
    .optional(),
  tls: z
    .strictObject({
      caCertificates: z.string().optional(),
      clientCertificate: z.string().optional(),
      mode: z.enum(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']).optional(),
      privateKey: z.string().optional(),
      sni: z.string().optional(),
      subjectAltNames: z.array(z.string()).optional(),
    })
    .optional(),
});
