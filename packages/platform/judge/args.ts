/**
 * Settings of the canary judge's deployment (packages/judge is the server; this is how the platform runs it):
 * defaults, validation and the names other parts rely on.
 */
import { z } from 'zod';
import { PLATFORM_CONTRACT } from '../../shared/platform-contract';
import { ValidationError, type Problem } from '../../shared/problems';
import { IMAGES } from '../../shared/versions';

/** Compute resources of the judge container. */
export interface JudgeResources {
  /** CPU request. @default '50m' */
  readonly cpuRequest: string;
  /** Memory request. @default '96Mi' */
  readonly memoryRequest: string;
  /** CPU limit. @default '500m' */
  readonly cpuLimit: string;
  /** Memory limit. @default '256Mi' */
  readonly memoryLimit: string;
}

/** How the platform runs the canary judge. */
export interface CanaryJudgeSettings {
  /**
   * Deploy the judge. With `false`, CanaryServices that ask for the judge fail validation.
   * @default true
   */
  readonly enabled: boolean;
  /**
   * Replicas. The judge keeps no per-replica state (every answer is derived from Prometheus), so any replica
   * answers any question; 2 survive a node drain.
   * @default 2
   */
  readonly replicas: number;
  /** Container resources. @default - {@link JUDGE_DEFAULTS}.resources */
  readonly resources: JudgeResources;
  /**
   * Timeout of each Prometheus query, in seconds; a request makes a few, so keep it well under Flagger's webhook
   * timeout (10 s by default).
   * @default 4
   */
  readonly queryTimeoutSeconds: number;
}

/** Partial settings, as a stack or a caller gives them. */
export type CanaryJudgeSettingsInput = Partial<Omit<CanaryJudgeSettings, 'resources'>> & { readonly resources?: Partial<JudgeResources> };

/** Defaults of {@link CanaryJudgeSettings} and the fixed names. */
export const JUDGE_DEPLOYMENT_DEFAULTS = {
  enabled: true,
  replicas: 2,
  resources: { cpuRequest: '50m', memoryRequest: '96Mi', cpuLimit: '500m', memoryLimit: '256Mi' },
  queryTimeoutSeconds: 4,
  /** Namespace: next to Flagger and the load tester, which already accept plaintext calls from the controllers. */
  namespace: 'flagger-system',
  /** Name of the Deployment, Service, ConfigMap and ServiceAccount. */
  name: 'canary-judge',
  /** The container's port. */
  port: 8080,
  /** The load tester's traffic is left out of every comparison (it calls the canary only). */
  excludeSource: 'flagger-system/flagger-loadtester',
  /** The image: the official Node.js image, pinned; the server itself ships in a ConfigMap. */
  image: IMAGES.judgeNode,
} as const;

/** In-cluster base URL of the judge (no trailing slash). */
export function judgeBaseUrl(): string {
  return PLATFORM_CONTRACT.judgeUrl;
}

const QUANTITY = /^\d+(\.\d+)?(m|Mi|Gi|Ki)?$/;
const quantity = z.string().regex(QUANTITY, { error: 'must be a Kubernetes quantity such as "50m", "1", "128Mi" or "1Gi"' });

/** The schema of {@link CanaryJudgeSettingsInput}: the stack configuration's `canary-platform:judge` uses it too. */
export const canaryJudgeSettingsSchema = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  replicas: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be 1-10' }).max(10, { error: 'must be 1-10' }).optional(),
  resources: z
    .strictObject({ cpuRequest: quantity.optional(), memoryRequest: quantity.optional(), cpuLimit: quantity.optional(), memoryLimit: quantity.optional() })
    .optional(),
  queryTimeoutSeconds: z.number({ error: 'must be a number of seconds' }).min(0.5, { error: 'must be 0.5-8 seconds' }).max(8, { error: 'must be 0.5-8 seconds (Flagger gives a webhook 10 s)' }).optional(),
});

/**
 * Every problem of `input` as judge settings, each naming the field (`judge.<field>`), its value and what is valid.
 * @param subject - the resource name, for messages
 */
export function canaryJudgeSettingsProblems(subject: string, input: unknown): Problem[] {
  const parsed = canaryJudgeSettingsSchema.safeParse(input ?? {});
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = ['judge', ...issue.path.map(String)].join('.');
    const value = issue.path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);
    if (issue.code === 'unrecognized_keys') {
      return { subject, path, message: `has unknown keys ${issue.keys.join(', ')} (valid: enabled, replicas, resources, queryTimeoutSeconds)` };
    }
    return { subject, path, message: `${value === undefined ? '' : `(${JSON.stringify(value)}) `}${issue.message}` };
  });
}

/**
 * Validates `input` and fills in the defaults.
 * @param subject - the resource name, for messages
 * @throws ValidationError `CanaryJudge <subject>: invalid arguments`, naming every invalid field, its value and what is valid
 */
export function resolveCanaryJudgeSettings(subject: string, input: unknown = {}): CanaryJudgeSettings {
  const problems = canaryJudgeSettingsProblems(subject, input);
  if (problems.length > 0) throw new ValidationError(`CanaryJudge ${subject}: invalid arguments`, problems);
  const d = JUDGE_DEPLOYMENT_DEFAULTS;
  const s = canaryJudgeSettingsSchema.parse(input ?? {});
  return {
    enabled: s.enabled ?? d.enabled,
    replicas: s.replicas ?? d.replicas,
    resources: { ...d.resources, ...s.resources },
    queryTimeoutSeconds: s.queryTimeoutSeconds ?? d.queryTimeoutSeconds,
  };
}
