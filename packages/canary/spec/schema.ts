/**
 * The zod schema of {@link CanaryServiceProps}, as one schema per top-level prop (a "section"). Sections are
 * parsed independently so that one broken section does not hide the problems of the others, and rules that
 * relate sections (rules.ts) still run on every section that parsed.
 */
import { judgeSettingsSchema } from '../../judge/spec';
import { z } from 'zod';
import { fillTemplateVariables, validatePromQL } from '../../validation/promql';
import { DEFAULTS } from './defaults';
import { Duration } from './duration';
import { ALERT_SEVERITIES, ALERT_TYPES, ENGINES } from './props';
import { addProblem, dnsLabel, duration, intRange, numberRange, orFalse, strict } from './schema-helpers';
import { strategySchema } from './schema-strategy';
import {
  annotationsSchema,
  containerPort,
  envFromSchema,
  envSchema,
  extraPortSchema,
  labelsSchema,
  metricsSchema,
  portNumber,
  probesSchema,
  resourcesSchema,
  rollingUpdateSchema,
  scalingSchema,
  securitySchema,
  serviceAccountSchema,
  shutdownSchema,
  tmpSizeLimitSchema,
  topologySpreadSchema,
} from './schema-workload';
import { imageRule, IN_CLUSTER_SERVICE_URL_RULE, parseInClusterServiceUrl } from './values';

/** Why names are limited to 55 characters. */
export const NAME_LENGTH_WHY = ', so that Flagger\'s "<name>-primary" and "<name>-canary" stay within 63';

const httpUrl = z.string().refine(
  (text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: 'must be an http(s) URL' },
);

const hookTimeout = duration({ min: Duration.seconds(1) });
const checkInterval = duration({ wholeSeconds: true, min: Duration.seconds(30), why: ' (a rate needs at least two Prometheus scrapes)' });

/** Variables Flagger passes to MetricTemplate queries (`{{ variables.x }}` is not used: we set no templateVariables). */
export const TEMPLATE_VARIABLES = ['namespace', 'target', 'name', 'service', 'interval'] as const;

const businessMetric = strict({
  name: dnsLabel(63),
  query: z.string().min(1, { error: 'must not be empty' }),
  min: z.number().optional(),
  max: z.number().optional(),
  interval: checkInterval.default(DEFAULTS.checks.businessInterval),
}).superRefine((metric, ctx) => {
  if (metric.min === undefined && metric.max === undefined) {
    addProblem(ctx, [], undefined, 'needs min, max or both: the range of values that pass');
  } else if (metric.min !== undefined && metric.max !== undefined && metric.min > metric.max) {
    addProblem(ctx, ['min'], metric.min, `must be at most max (${metric.max})`);
  }
  const unknown = [...metric.query.matchAll(/\{\{\s*(.*?)\s*\}\}/g)]
    .map((m) => m[1] ?? '')
    .filter((v) => !(TEMPLATE_VARIABLES as readonly string[]).includes(v));
  if (unknown.length > 0) {
    const offered = TEMPLATE_VARIABLES.map((v) => `{{ ${v} }}`).join(', ');
    addProblem(ctx, ['query'], undefined, `uses ${unknown.map((v) => `{{ ${v} }}`).join(', ')}; Flagger offers ${offered}`);
    return;
  }
  const syntax = validatePromQL(fillTemplateVariables(metric.query))[0]?.message;
  if (syntax !== undefined) addProblem(ctx, ['query'], undefined, `${syntax} (with template variables filled in)`);
});

const checksSchema = strict({
  successRate: orFalse(strict({ minPercent: numberRange(0, 100).default(DEFAULTS.checks.successRate.minPercent), interval: checkInterval.default(DEFAULTS.checks.successRate.interval) })).prefault({}),
  latencyP99: orFalse(strict({ maxMs: numberRange(1, 600000).default(DEFAULTS.checks.latencyP99.maxMs), interval: checkInterval.default(DEFAULTS.checks.latencyP99.interval) })).prefault({}),
  errorRate: orFalse(strict({ maxPercent: numberRange(0, 100).default(DEFAULTS.checks.errorRate.maxPercent), interval: checkInterval.default(DEFAULTS.checks.errorRate.interval) })).prefault({}),
  latencyP95: orFalse(strict({ maxMs: numberRange(1, 600000).default(DEFAULTS.checks.latencyP95.maxMs), interval: checkInterval.default(DEFAULTS.checks.latencyP95.interval) })).prefault({}),
  // No default here: it depends on the strategy (resolved in resolve.ts, `relativeLatencyByDefault`).
  relativeLatency: orFalse(
    strict({
      maxSlowerPercent: numberRange(0, 1000).default(DEFAULTS.checks.relativeLatency.maxSlowerPercent),
      interval: checkInterval.default(DEFAULTS.checks.relativeLatency.interval),
    }),
  ).optional(),
  business: z.array(businessMetric).default([]),
});

const analysisSchema = strict({
  interval: duration({ wholeSeconds: true, min: Duration.seconds(10), why: ' (Flagger silently raises shorter intervals to 10s)' }).default(DEFAULTS.analysis.interval),
  threshold: intRange(1, 100).default(DEFAULTS.analysis.threshold),
  progressDeadline: duration({ wholeSeconds: true, min: Duration.seconds(30) }).default(DEFAULTS.analysis.progressDeadline),
  checks: checksSchema.prefault({}),
  judge: orFalse(judgeSettingsSchema).default(false),
});

/** Characters a load-test path may use: the `hey` command runs in a shell, so no shell metacharacters. */
const SAFE_PATH = /^\/[A-Za-z0-9._~/%-]*$/;

const webhooksSchema = strict({
  acceptanceTest: orFalse(strict({ command: z.string().min(1, { error: 'must not be empty' }).optional(), timeout: hookTimeout.default(DEFAULTS.webhooks.acceptanceTest.timeout) })).prefault({}),
  loadTest: orFalse(
    strict({
      path: z.string().regex(SAFE_PATH, { error: "must be a path of letters, digits and . _ ~ / % - starting with '/' (the hey command runs in a shell)" }).default(DEFAULTS.webhooks.loadTest.path),
      workers: intRange(1, 100).default(DEFAULTS.webhooks.loadTest.workers),
      ratePerWorker: intRange(1, 1000).default(DEFAULTS.webhooks.loadTest.ratePerWorker),
      duration: duration({ wholeSeconds: true, min: Duration.seconds(10) }).default(DEFAULTS.webhooks.loadTest.duration),
      timeout: hookTimeout.default(DEFAULTS.webhooks.loadTest.timeout),
    }),
  ).prefault({}),
  confirmRollout: z.boolean().default(DEFAULTS.webhooks.confirmRollout),
  confirmPromotion: z.boolean().default(DEFAULTS.webhooks.confirmPromotion),
  rollbackGate: z.boolean().default(DEFAULTS.webhooks.rollbackGate),
  postRollout: strict({ url: httpUrl, timeout: hookTimeout.default(DEFAULTS.webhooks.postRolloutTimeout) }).optional(),
});

const alertSchema = strict({
  name: dnsLabel(63),
  type: z.enum(ALERT_TYPES),
  secretName: z.string().superRefine((name, ctx) => {
    // Never echo the value: a URL here would be the secret webhook address itself.
    if (name.includes('://')) {
      addProblem(ctx, [], undefined, 'looks like a URL: put the webhook address in a Secret\'s "address" key and give the Secret\'s name here');
    } else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name) || name.length > 253) {
      addProblem(ctx, [], name, "must be a Secret name: lower-case letters, digits, '-' and '.'");
    }
  }),
  severity: z.enum(ALERT_SEVERITIES).default(DEFAULTS.alertSeverity),
  channel: z.string().min(1, { error: 'must not be empty' }).optional(),
  username: z.string().min(1, { error: 'must not be empty' }).optional(),
});

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const ingressSchema = strict({
  hosts: z
    .array(z.string().regex(HOST, { error: 'must be a lower-case DNS name, optionally starting with "*."' }))
    .min(1, { error: 'must list at least one host name' }),
  gateway: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'must be "<namespace>/<gateway name>"' })
    .default(DEFAULTS.ingressGateway),
});

/** Envoy retry conditions Istio accepts in `retryOn` (plus three-digit status codes). */
export const RETRY_CONDITIONS = [
  '5xx', 'gateway-error', 'reset', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
] as const;

const retryOn = z.string().superRefine((text, ctx) => {
  const bad = text.split(',').filter((c) => !(RETRY_CONDITIONS as readonly string[]).includes(c) && !/^[1-5][0-9]{2}$/.test(c));
  if (bad.length > 0) addProblem(ctx, [], text, `has unknown retry conditions ${bad.map((b) => JSON.stringify(b)).join(', ')}; valid: ${RETRY_CONDITIONS.join(', ')} or a status code`);
});

const trafficSchema = strict({
  timeout: duration({ min: Duration.millis(1) }).default(DEFAULTS.traffic.timeout),
  retries: orFalse(
    strict({
      attempts: intRange(1, 10).default(DEFAULTS.traffic.retries.attempts),
      perTryTimeout: duration({ min: Duration.millis(1) }).default(DEFAULTS.traffic.retries.perTryTimeout),
      retryOn: retryOn.default(DEFAULTS.traffic.retries.retryOn),
    }),
  ).prefault({}),
});

/** The load tester's address: the analysis finds its requests by the Service and namespace it names. */
const loadTesterUrl = z.string().superRefine((url, ctx) => {
  if (parseInClusterServiceUrl(url) === undefined) {
    addProblem(ctx, [], url, `${IN_CLUSTER_SERVICE_URL_RULE}: the relative-latency check leaves the load tester's own requests out, and finds them by that Service's workload and namespace`);
  }
});

const platformSchema = strict({
  prometheusUrl: httpUrl.default(DEFAULTS.platform.prometheusUrl),
  loadTesterUrl: loadTesterUrl.default(DEFAULTS.platform.loadTesterUrl),
});

const imageSchema = z.string().superRefine((image, ctx) => {
  const rule = imageRule(image);
  if (rule !== undefined) addProblem(ctx, [], image, rule);
});

/** One schema per top-level prop. Order = the order problems are reported in. */
export const SECTIONS = {
  name: dnsLabel(55, NAME_LENGTH_WHY),
  namespace: dnsLabel(63).default(DEFAULTS.namespace),
  engine: z.enum(ENGINES).default(DEFAULTS.engine),
  image: imageSchema,
  port: containerPort,
  servicePort: portNumber.optional(),
  extraPorts: z.array(extraPortSchema).default([]),
  metrics: metricsSchema.optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  env: envSchema.default({}),
  envFrom: z.array(envFromSchema).default([]),
  resources: resourcesSchema.prefault({}),
  probes: probesSchema.prefault({}),
  shutdown: shutdownSchema.prefault({}),
  rollingUpdate: rollingUpdateSchema.prefault({}),
  scaling: scalingSchema.prefault({ kind: 'autoscaled' }),
  security: securitySchema.prefault({}),
  tmpSizeLimit: tmpSizeLimitSchema.default(DEFAULTS.tmpSizeLimit),
  topologySpread: topologySpreadSchema.prefault({}),
  serviceAccount: serviceAccountSchema.prefault({}),
  labels: labelsSchema.default({}),
  podAnnotations: annotationsSchema.default({}),
  ingress: ingressSchema.optional(),
  traffic: trafficSchema.prefault({}),
  strategy: strategySchema.prefault({ kind: 'canary' }),
  analysis: analysisSchema.prefault({}),
  webhooks: webhooksSchema.prefault({}),
  alerts: z.array(alertSchema).default([]),
  platform: platformSchema.prefault({}),
} as const;

/** A top-level prop. */
export type SectionKey = keyof typeof SECTIONS;
/** The parsed value of every section (zod's output; `undefined` for an optional section that was not given). */
export type Sections = { -readonly [K in SectionKey]: z.output<(typeof SECTIONS)[K]> };
/** What each section accepts (zod's input): CanaryServiceProps is held equal to it (schema-types.ts). */
export type SectionInputs = { -readonly [K in SectionKey]: z.input<(typeof SECTIONS)[K]> };

/** Each section's schema, typed by its output: indexing it with a key gives that section's parse result type. */
export const SECTION_SCHEMAS: { readonly [K in SectionKey]: z.ZodType<Sections[K]> } = SECTIONS;

/** Sections that may be absent after parsing: optional props without a default. */
export type OptionalSectionKey = { [K in SectionKey]: undefined extends Sections[K] ? K : never }[SectionKey];

/** The sections that may be absent after parsing, at run time (held equal to {@link OptionalSectionKey}). */
export const OPTIONAL_SECTIONS = ['servicePort', 'metrics', 'command', 'args', 'ingress'] as const satisfies readonly OptionalSectionKey[];

/**
 * Parsed props: zod's output of every section (section defaults filled in), an optional section absent when it
 * was not given. `resolve` turns it into the {@link ResolvedCanaryService} (resolve.ts).
 */
export type ParsedCanaryService = { readonly [K in Exclude<SectionKey, OptionalSectionKey>]: Sections[K] } & {
  readonly [K in OptionalSectionKey]?: Exclude<Sections[K], undefined>;
};
