import { z } from 'zod';
import { objectProblems, PLATFORM_CONTRACT, ValidationError } from '../shared';
import { DEFAULT_RULE_SELECTOR_LABELS, RESERVED_ALERT_LABELS, zodProblems } from './spec';

/** Settings of the platform-wide alerts and overview dashboard. Every field has a default. */
export interface PlatformObservabilityInput {
  /**
   * Namespace of the platform PrometheusRule and of the overview dashboard ConfigMap.
   * @default - PLATFORM_CONTRACT.monitoringNamespace (`monitoring`)
   */
  readonly namespace?: string;
  /** Namespace of Flagger. @default - PLATFORM_CONTRACT.flaggerNamespace (`flagger-system`) */
  readonly flaggerNamespace?: string;
  /** Namespace of istiod. @default - PLATFORM_CONTRACT.istioNamespace (`istio-system`) */
  readonly istioNamespace?: string;
  /** Namespace of the ingress gateway. @default - PLATFORM_CONTRACT.ingressNamespace (`istio-ingress`) */
  readonly ingressNamespace?: string;
  /**
   * `job` label of Prometheus scraping itself (kube-prometheus-stack names it after the Prometheus Service).
   * @default 'kube-prometheus-stack-prometheus'
   */
  readonly prometheusJob?: string;
  /**
   * How long a component may be missing or a target down before its alert fires, in seconds.
   * @default 300
   */
  readonly downForSeconds?: number;
  /**
   * Grafana folder of the overview dashboard (`grafana_folder` annotation).
   * @default 'Canary releases'
   */
  readonly dashboardFolder?: string;
  /** Extra labels on every platform alert. @default {} */
  readonly alertLabels?: Readonly<Record<string, string>>;
  /** Runbook linked from every platform alert. @default - none */
  readonly runbookUrl?: string;
  /** Labels on the PrometheusRule object. @default - {@link DEFAULT_RULE_SELECTOR_LABELS} */
  readonly ruleLabels?: Readonly<Record<string, string>>;
}

/** {@link PlatformObservabilityInput} with defaults applied. */
export interface ResolvedPlatformObservability {
  /** See {@link PlatformObservabilityInput.namespace}. */
  readonly namespace: string;
  /** See {@link PlatformObservabilityInput.flaggerNamespace}. */
  readonly flaggerNamespace: string;
  /** See {@link PlatformObservabilityInput.istioNamespace}. */
  readonly istioNamespace: string;
  /** See {@link PlatformObservabilityInput.ingressNamespace}. */
  readonly ingressNamespace: string;
  /** See {@link PlatformObservabilityInput.prometheusJob}. */
  readonly prometheusJob: string;
  /** See {@link PlatformObservabilityInput.downForSeconds}. */
  readonly downForSeconds: number;
  /** See {@link PlatformObservabilityInput.dashboardFolder}. */
  readonly dashboardFolder: string;
  /** See {@link PlatformObservabilityInput.alertLabels}. */
  readonly alertLabels: Readonly<Record<string, string>>;
  /** See {@link PlatformObservabilityInput.runbookUrl}. */
  readonly runbookUrl?: string;
  /** See {@link PlatformObservabilityInput.ruleLabels}. */
  readonly ruleLabels: Readonly<Record<string, string>>;
}

/** Every default of {@link PlatformObservabilityInput}. */
export const PLATFORM_OBSERVABILITY_DEFAULTS = {
  prometheusJob: 'kube-prometheus-stack-prometheus',
  downForSeconds: 300,
  dashboardFolder: 'Canary releases',
} as const;

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = z
  .string()
  .max(63, { error: 'must be at most 63 characters' })
  .regex(DNS_1123_LABEL, { error: 'must be a DNS-1123 label (lower-case letters, digits and "-")' });
const labelMap = z.record(
  z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)' }),
  z.string(),
);

const schema = z
  .object({
    namespace: dnsLabel.optional(),
    flaggerNamespace: dnsLabel.optional(),
    istioNamespace: dnsLabel.optional(),
    ingressNamespace: dnsLabel.optional(),
    prometheusJob: z.string().min(1, { error: 'must not be empty' }).optional(),
    downForSeconds: z.number().int({ error: 'must be a whole number of seconds' }).min(60, { error: 'must be at least 60 seconds' }).optional(),
    dashboardFolder: z.string().min(1, { error: 'must not be empty' }).optional(),
    alertLabels: labelMap
      .refine((l) => !Object.keys(l).some((k) => (RESERVED_ALERT_LABELS as readonly string[]).includes(k)), {
        error: `must not set the reserved labels ${RESERVED_ALERT_LABELS.join(', ')}`,
      })
      .optional(),
    runbookUrl: z.string().regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL' }).optional(),
    ruleLabels: labelMap.optional(),
  })
  .strict();

/**
 * Validates the platform settings and applies defaults.
 * @throws ValidationError listing every problem, subject `platform`
 */
export function resolvePlatformObservability(input: PlatformObservabilityInput = {}): ResolvedPlatformObservability {
  const notAnObject = objectProblems('platform', { input });
  if (notAnObject.length > 0) throw new ValidationError('platform: invalid observability settings', notAnObject);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError('platform: invalid observability settings', zodProblems('platform', parsed.error, input));
  }
  const d = PLATFORM_OBSERVABILITY_DEFAULTS;
  return {
    namespace: input.namespace ?? PLATFORM_CONTRACT.monitoringNamespace,
    flaggerNamespace: input.flaggerNamespace ?? PLATFORM_CONTRACT.flaggerNamespace,
    istioNamespace: input.istioNamespace ?? PLATFORM_CONTRACT.istioNamespace,
    ingressNamespace: input.ingressNamespace ?? PLATFORM_CONTRACT.ingressNamespace,
    prometheusJob: input.prometheusJob ?? d.prometheusJob,
    downForSeconds: input.downForSeconds ?? d.downForSeconds,
    dashboardFolder: input.dashboardFolder ?? d.dashboardFolder,
    alertLabels: input.alertLabels ?? {},
    runbookUrl: input.runbookUrl,
    ruleLabels: input.ruleLabels ?? DEFAULT_RULE_SELECTOR_LABELS,
  };
}
