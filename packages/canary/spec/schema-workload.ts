/**
 * zod schemas of the workload props (props-workload.ts). Field-level rules only; rules that relate two fields
 * live in rules.ts.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults';
import { Duration } from './duration';
import type { ResolvedProbe } from './resolved';
import { addProblem, duration, intRange, keyedUnion, strict } from './schema-helpers';
import { ISTIO_PROXY_UID, ISTIO_RESERVED_PORTS, QUANTITY_RULE, parseQuantity, rollingAmountRule } from './values';

/** A port number. */
export const portNumber = intRange(1, 65535);

/** A container port: a port number that does not clash with the Istio sidecar. */
export const containerPort = portNumber.refine((port) => !ISTIO_RESERVED_PORTS.includes(port), {
  error: `is reserved by the Istio sidecar (${ISTIO_RESERVED_PORTS.join(', ')}); use another port`,
});

/** IANA service name: what Kubernetes accepts as a port name. */
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export const extraPortSchema = strict({
  name: z
    .string()
    .max(15, { error: 'must be at most 15 characters (an IANA service name)' })
    .regex(PORT_NAME, { error: "must be an IANA service name: lower-case letters, digits and '-', with at least one letter" })
    .refine((name) => name !== 'http', { error: 'is taken by the main port; choose another name' }),
  port: containerPort,
  protocol: z.enum(['TCP', 'UDP']).default('TCP'),
});

/** The app's metrics endpoint (props-workload.ts `MetricsProps`). */
export const metricsSchema = strict({
  port: containerPort,
  path: z.string().regex(/^\/[A-Za-z0-9._~/%-]*$/, { error: "must be a path of letters, digits and . _ ~ / % - starting with '/'" }).default(DEFAULTS.metricsPath),
});

const KEY = /^[-._a-zA-Z0-9]+$/;
const resourceName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
  error: "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.'",
});
const keyReference = strict({
  name: resourceName,
  key: z.string().regex(KEY, { error: "must be a Secret or ConfigMap key: letters, digits, '-', '_' and '.'" }),
});
const FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'status.podIP', 'spec.nodeName'] as const;

/** An environment value: a string, or exactly one of secretKeyRef, configMapKeyRef, fieldPath. */
const envValue = keyedUnion(
  { secretKeyRef: keyReference, configMapKeyRef: keyReference, fieldPath: z.enum(FIELD_PATHS) },
  true,
  'must be a string, or an object with exactly one of secretKeyRef, configMapKeyRef or fieldPath',
);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment variables; names are C identifiers. */
export const envSchema = z.record(
  z.string().regex(ENV_NAME, { error: 'is not a valid variable name: letters, digits and _, not starting with a digit' }),
  envValue,
);

/** Whole Secrets or ConfigMaps as environment. */
export const envFromSchema = keyedUnion(
  { secretRef: strict({ name: resourceName }), configMapRef: strict({ name: resourceName }) },
  false,
  'must be an object with exactly one of secretRef or configMapRef',
);

const quantity = z.string().refine((q) => parseQuantity(q) !== undefined, { error: QUANTITY_RULE });

export const resourcesSchema = strict({
  requests: strict({ cpu: quantity.default(DEFAULTS.resources.requests.cpu), memory: quantity.default(DEFAULTS.resources.requests.memory) }).prefault({}),
  limits: strict({ cpu: quantity.default(DEFAULTS.resources.limits.cpu), memory: quantity.default(DEFAULTS.resources.limits.memory) }).prefault({}),
});

const probeSeconds = duration({ wholeSeconds: true, min: Duration.seconds(1) });
const probeDelay = duration({ wholeSeconds: true, min: Duration.seconds(0) });

/** An HTTP probe with per-probe defaults. */
function probeSchema(defaults: ResolvedProbe) {
  return strict({
    path: z.string().regex(/^\/\S*$/, { error: "must start with '/' and contain no spaces" }).default(defaults.path),
    period: probeSeconds.default(defaults.period),
    timeout: probeSeconds.default(defaults.timeout),
    failureThreshold: intRange(1, 100).default(defaults.failureThreshold),
    initialDelay: probeDelay.default(defaults.initialDelay),
  });
}

export const probesSchema = strict({
  liveness: probeSchema(DEFAULTS.probes.liveness).prefault({}),
  readiness: probeSchema(DEFAULTS.probes.readiness).prefault({}),
  startup: probeSchema(DEFAULTS.probes.startup).prefault({}),
});

export const shutdownSchema = strict({
  preStopSleep: duration({ wholeSeconds: true, min: Duration.seconds(1), why: ' (connections need time to drain)' }).default(DEFAULTS.shutdown.preStopSleep),
  terminationGracePeriod: duration({ wholeSeconds: true, min: Duration.seconds(1) }).default(DEFAULTS.shutdown.terminationGracePeriod),
});

const rollingAmount = z.custom<number | string>().transform((value: unknown, ctx): number | string => {
  const rule = typeof value === 'number' || typeof value === 'string' ? rollingAmountRule(value) : 'must be a whole number or a percentage such as "25%"';
  if (rule === undefined) return value as number | string;
  addProblem(ctx, [], value, rule);
  return z.NEVER;
});

export const rollingUpdateSchema = strict({
  maxSurge: rollingAmount.default(DEFAULTS.rollingUpdate.maxSurge),
  maxUnavailable: rollingAmount.default(DEFAULTS.rollingUpdate.maxUnavailable),
});

const replicas = intRange(1, 1000);

export const scalingSchema = z.discriminatedUnion('kind', [
  strict({
    kind: z.literal('autoscaled'),
    minReplicas: replicas.default(DEFAULTS.scaling.minReplicas),
    maxReplicas: replicas.default(DEFAULTS.scaling.maxReplicas),
    targetCpuUtilization: intRange(1, 100).default(DEFAULTS.scaling.targetCpuUtilization),
  }),
  strict({ kind: z.literal('fixed'), replicas }),
]);

const id = intRange(0, 2147483647)
  .refine((uid) => uid !== 0, { error: 'is root; the container must run as a non-root user (1-2147483647)' })
  .refine((uid) => uid !== ISTIO_PROXY_UID, { error: `is the Istio sidecar's UID (${ISTIO_PROXY_UID}); choose another` });

export const securitySchema = strict({
  runAsUser: id.default(DEFAULTS.security.runAsUser),
  runAsGroup: id.default(DEFAULTS.security.runAsGroup),
});

export const topologySpreadSchema = strict({
  maxSkew: intRange(1, 10).default(DEFAULTS.topologySpread.maxSkew),
  whenUnsatisfiable: z.enum(['ScheduleAnyway', 'DoNotSchedule']).default(DEFAULTS.topologySpread.whenUnsatisfiable),
});

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const KEY_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The rule a label or annotation key breaks, or undefined. */
export function metadataKeyRule(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  const prefixOk = prefix === undefined || (prefix.length <= 253 && KEY_PREFIX.test(prefix));
  return prefixOk && name.length <= 63 && LABEL_NAME.test(name)
    ? undefined
    : "is not a valid key: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'";
}

const metadataKey = z.string().superRefine((key, ctx) => {
  const rule = metadataKeyRule(key);
  if (rule !== undefined) ctx.addIssue({ code: 'custom', message: rule });
});

/** Annotations: valid keys, any string values. */
export const annotationsSchema = z.record(metadataKey, z.string());

/** Labels: valid keys and values. */
export const labelsSchema = z.record(
  metadataKey,
  z.string().refine((value) => value.length <= 63 && LABEL_VALUE.test(value), {
    error: "must be a label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
  }),
);

export const serviceAccountSchema = strict({
  annotations: annotationsSchema.default({}),
  automountToken: z.boolean().default(DEFAULTS.serviceAccount.automountToken),
});

export const tmpSizeLimitSchema = quantity;
