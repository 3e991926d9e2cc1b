/**
 * The project's own schema of Flagger's `Canary` (flagger.app/v1beta1), written from Flagger v1.44.0's Go
 * types and their documentation (pkg/apis/flagger/v1beta1/canary.go; docs/gitbook/usage/how-it-works.md,
 * deployment-strategies.md, metrics.md, webhooks.md). Every object is closed: a field Flagger does not define
 * is an error, as with `kubectl apply --validate=strict`.
 *
 * Where the Go types and the v1.44.0 CustomResourceDefinition the API server serves differ, the schema takes
 * the stricter of the two, and tests/validation/conformance.test.ts lists each difference:
 * - required fields follow the CRD (`targetRef.apiVersion`/`kind`, `analysis`), plus `service`: the Go type
 *   has no `omitempty` on it and Flagger cannot route without `service.port`;
 * - counts are integers (Go `int`), where the CRD says `number`: Flagger's decoder rejects `threshold: 2.5`;
 * - `canaryAnalysis` (deprecated alias of `analysis` in Go) is not served by the CRD and is rejected.
 */
import { z } from 'zod';
import { corsPolicy, headers, httpMatchRequest, httpRetry, httpRewrite, parentReference, requestMirror, stringMap, trafficPolicy } from './istio-types';
import { objectMeta } from './object-meta';
import { exactlyOneOf } from './rules';

/** A Go duration in whole seconds or minutes, as the CRD's pattern `^[0-9]+(m|s)` states it (`30s`, `1m`). */
export const flaggerDuration = z.string().regex(/^[0-9]+(m|s)/);

/** Providers Flagger routes traffic with (pkg/apis/flagger/v1beta1/provider.go and the CRD's list). */
export const FLAGGER_MESH_PROVIDERS = [
  'apisix',
  'appmesh',
  'appmesh:v1beta2',
  'contour',
  'gatewayapi:v1',
  'gatewayapi:v1beta1',
  'gloo',
  'istio',
  'knative',
  'kubernetes',
  'kuma',
  'linkerd',
  'nginx',
  'osm',
  'skipper',
  'smi:v1alpha1',
  'smi:v1alpha2',
  'smi:v1alpha3',
  'traefik',
] as const;

/** Webhook types, in the order of a release (canary.go HookType); empty means `rollout`. */
export const FLAGGER_HOOK_TYPES = [
  '',
  'confirm-rollout',
  'pre-rollout',
  'rollout',
  'confirm-promotion',
  'post-rollout',
  'event',
  'rollback',
  'confirm-traffic-increase',
] as const;

const reference = <K extends string>(kinds: readonly [K, ...K[]]) =>
  z.strictObject({ apiVersion: z.string(), kind: z.enum(kinds), name: z.string() });

const crossNamespaceReference = z.strictObject({ name: z.string(), namespace: z.string().optional() });
const customMetadata = z.strictObject({ annotations: stringMap.optional(), labels: stringMap.optional() });

/** CanaryService: the Service (and, for meshes, the routes) Flagger generates for the target. */
const service = z.strictObject({
  apex: customMetadata.optional(),
  appProtocol: z.string().optional(),
  backends: z.array(z.string()).optional(),
  backendTimeout: z.string().optional(),
  canary: customMetadata.optional(),
  corsPolicy: corsPolicy.optional(),
  delegation: z.boolean().optional(),
  gatewayRefs: z.array(parentReference).optional(),
  gateways: z.array(z.string()).optional(),
  headers: headers.optional(),
  headless: z.boolean().optional(),
  hosts: z.array(z.string()).optional(),
  match: z.array(httpMatchRequest).optional(),
  meshName: z.string().optional(),
  mirror: z.array(requestMirror).optional(),
  name: z.string().optional(),
  port: z.int(),
  portDiscovery: z.boolean().optional(),
  portName: z.string().optional(),
  primary: customMetadata.optional(),
  retries: httpRetry.optional(),
  rewrite: httpRewrite.optional(),
  targetPort: z.union([z.int(), z.string()]).optional(),
  timeout: z.string().optional(),
  trafficDistribution: z.enum(['PreferClose', 'PreferSameZone', 'PreferSameNode']).optional(),
  trafficPolicy: trafficPolicy.optional(),
  unmanagedMetadata: z.strictObject({ annotations: z.array(z.string()).optional(), labels: z.array(z.string()).optional() }).optional(),
});

/** CanaryMetric: a builtin check by name, a query, or a MetricTemplate reference. */
const metric = z.strictObject({
  interval: flaggerDuration.optional(),
  name: z.string(),
  query: z.string().optional(),
  templateRef: crossNamespaceReference.optional(),
  templateVariables: stringMap.optional(),
  threshold: z.number().optional(),
  thresholdRange: z.strictObject({ max: z.number().optional(), min: z.number().optional() }).optional(),
});

/** CanaryWebhook: called by Flagger at its point of the release. */
const webhook = z.strictObject({
  disableTLS: z.boolean().optional(),
  metadata: stringMap.optional(),
  muteAlert: z.boolean().optional(),
  name: z.string(),
  retries: z.int().optional(),
  timeout: flaggerDuration.optional(),
  type: z.enum(FLAGGER_HOOK_TYPES).optional(),
  url: z.string(),
});

/**
 * CanaryAnalysis. The strategy follows from the fields set (canary.go DeploymentStrategy): `iterations` for
 * blue/green (with `match`: A/B testing), `stepWeight` or `stepWeights` for a weighted canary; exactly one.
 */
const analysis = z
  .strictObject({
    alerts: z
      .array(z.strictObject({ name: z.string(), providerRef: crossNamespaceReference, severity: z.enum(['', 'info', 'warn', 'error']).optional() }))
      .optional(),
    canaryReadyThreshold: z.int().optional(),
    interval: flaggerDuration,
    iterations: z.int().optional(),
    match: z.array(httpMatchRequest).optional(),
    maxWeight: z.int().optional(),
    metrics: z.array(metric).optional(),
    mirror: z.boolean().optional(),
    mirrorWeight: z.int().optional(),
    primaryReadyThreshold: z.int().optional(),
    sessionAffinity: z
      .strictObject({
        cookieName: z.string(),
        domain: z.string().optional(),
        httpOnly: z.boolean().optional(),
        maxAge: z.int().optional(),
        partitioned: z.boolean().optional(),
        path: z.string().optional(),
        primaryCookieName: z.string().optional(),
        sameSite: z.enum(['Strict', 'Lax', 'None']).optional(),
        secure: z.boolean().optional(),
      })
      .optional(),
    stepWeight: z.int().optional(),
    stepWeightPromotion: z.int().optional(),
    stepWeights: z.array(z.int()).optional(),
    threshold: z.int(),
    webhooks: z.array(webhook).optional(),
  })
  .check(exactlyOneOf(['iterations', 'stepWeight', 'stepWeights'], ' (iterations: blue/green or A/B testing; stepWeight or stepWeights: canary)'));

/** The Canary kind. `status` is written by Flagger and not checked. */
export const canarySchema = z.strictObject({
  apiVersion: z.literal('flagger.app/v1beta1'),
  kind: z.literal('Canary'),
  metadata: objectMeta,
  spec: z.strictObject({
    analysis,
    autoscalerRef: z
      .strictObject({
        apiVersion: z.string(),
        kind: z.enum(['HorizontalPodAutoscaler', 'ScaledObject']),
        name: z.string(),
        primaryScalerQueries: stringMap.optional(),
        primaryScalerReplicas: z.strictObject({ maxReplicas: z.int().min(1).optional(), minReplicas: z.int().min(1).optional() }).optional(),
      })
      .optional(),
    ingressRef: reference(['Ingress']).optional(),
    metricsServer: z.string().optional(),
    progressDeadlineSeconds: z.int().optional(),
    provider: z.enum(FLAGGER_MESH_PROVIDERS).optional(),
    revertOnDeletion: z.boolean().optional(),
    routeRef: reference(['ApisixRoute']).optional(),
    service,
    skipAnalysis: z.boolean().optional(),
    suspend: z.boolean().optional(),
    targetRef: reference(['DaemonSet', 'Deployment', 'Service']),
    upstreamRef: z.strictObject({ apiVersion: z.string(), kind: z.enum(['Upstream']), name: z.string(), namespace: z.string().optional() }).optional(),
  }),
  status: z.record(z.string(), z.unknown()).optional(),
});
