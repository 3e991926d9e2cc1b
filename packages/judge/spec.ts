/**
 * The judge's per-service settings: what a team may set (`JudgeSettings`), the defaults (`JUDGE_DEFAULTS`), the
 * resolved form every decision uses (`JudgeSpec`), and validation that reports every problem at once, each as
 * `<field> (<value>) <rule>`, e.g. `alpha (1.5) must be a number in (0, 0.5]`.
 *
 * The defaults suit services with 10 to 1000 requests per second and a 5-50% traffic ramp: at 10 req/s a healthy
 * release gathers its evidence in roughly 5-10 minutes, at 100 req/s within the usual four 30-second steps
 * (`estimateReleaseDuration` in ./plan.ts gives the arithmetic for any traffic).
 */
import { z } from 'zod';
import { Duration, DURATION_RULE } from './duration';
import { formatProblems, type Problem } from './problems';

/** How big an error-rate regression must be caught. */
export type ErrorRateRegression =
  /** The canary's error rate is at least the primary's plus `percentagePoints` (0.5% + 2 = 2.5%). */
  | { readonly kind: 'absolute'; readonly percentagePoints: number }
  /** The canary's error rate is at least `factor` times the primary's (0.5% x 3 = 1.5%). */
  | { readonly kind: 'relative'; readonly factor: number };

/** A hard limit on the canary's latency: at most `1 - quantile` of its requests slower than `maxMs`. */
export interface LatencyLimit {
  /** The quantile the limit applies to, e.g. 0.99 for "P99 <= maxMs". */
  readonly quantile: number;
  /**
   * The bound in milliseconds. It should be a bucket bound of the histogram (Istio's defaults include 100, 250,
   * 500, 1000); otherwise the next larger bound is used, which the verdict says.
   */
  readonly maxMs: number;
}

/** The per-service settings a team may give; every field is optional. */
export interface JudgeSettings {
  /**
   * Probability that a canary no worse than its primary is ever rolled back by a comparison, however often the
   * judge is asked. Split equally over the active comparisons (errors, latency: Bonferroni).
   * @default 0.01
   */
  readonly alpha?: number;
  /**
   * Probability that a regression of the `detect` size is caught before the release is promoted: the judge
   * holds promotion until this much evidence exists.
   * @default 0.95
   */
  readonly power?: number;
  /**
   * The smallest regressions the judge must catch (with probability `power`).
   * @default { errorRate: { kind: 'absolute', percentagePoints: 2 }, latencyIncrease: 0.25 }
   */
  readonly detect?: {
    /**
     * Error-rate regression.
     * @default { kind: 'absolute', percentagePoints: 2 }
     */
    readonly errorRate?: ErrorRateRegression;
    /**
     * Latency regression: every request `latencyIncrease` slower (0.25 = 25%), or `false` to compare error rates
     * only.
     * @default 0.25
     */
    readonly latencyIncrease?: number | false;
  };
  /**
   * How long the analysis may run without enough evidence to promote. After it, a release that would still be held
   * fails: it never got enough traffic. Counted from the analysis start (the judge keeps no state).
   * @default '30m'
   */
  readonly maxHold?: string | Duration;
  /**
   * Canary requests (production traffic) needed before traffic may increase, and at least before promotion:
   * enough for a gross failure (a canary failing 10% of requests shows 5 errors) before more users are exposed.
   * @default 50
   */
  readonly minCanaryRequests?: number;
  /**
   * Width of the time strata the tests compare within (the canary's share of traffic changes between strata).
   * Boundaries are aligned to multiples of it, so every call sees the same strata.
   * @default '15s'
   */
  readonly resolution?: string | Duration;
  /**
   * Absolute limits on the canary alone, tested sequentially like the comparisons; `false` turns one off.
   * @default { alpha: 0.001, maxErrorPercent: 1, latency: { quantile: 0.99, maxMs: 500 } }
   */
  readonly hardLimits?: {
    /**
     * Probability that a canary inside its limits is ever rolled back by one, split over the active limits. With
     * `alpha`, a canary no worse than its primary and inside its limits is rolled back with probability at most
     * alpha + hardLimits.alpha.
     * @default 0.001
     */
    readonly alpha?: number;
    /**
     * Highest acceptable canary error rate, in percent.
     * @default 1
     */
    readonly maxErrorPercent?: number | false;
    /**
     * Highest acceptable latency quantile.
     * @default { quantile: 0.99, maxMs: 500 }
     */
    readonly latency?: LatencyLimit | false;
  };
}

/** The resolved settings: every default applied, durations parsed. */
export interface JudgeSpec {
  readonly alpha: number;
  readonly power: number;
  readonly detect: { readonly errorRate: ErrorRateRegression; readonly latencyIncrease: number | false };
  readonly maxHold: Duration;
  readonly minCanaryRequests: number;
  readonly resolution: Duration;
  readonly hardLimits: { readonly alpha: number; readonly maxErrorPercent: number | false; readonly latency: LatencyLimit | false };
}

/** Every default, in one place (the `@default` tags above show the same values). */
export const JUDGE_DEFAULTS: JudgeSpec = {
  alpha: 0.01,
  power: 0.95,
  detect: { errorRate: { kind: 'absolute', percentagePoints: 2 }, latencyIncrease: 0.25 },
  maxHold: Duration.minutes(30),
  minCanaryRequests: 50,
  resolution: Duration.seconds(15),
  hardLimits: { alpha: 0.001, maxErrorPercent: 1, latency: { quantile: 0.99, maxMs: 500 } },
};

/** A strict object: an unknown field is a problem that lists the valid ones. */
function strict<T extends z.ZodRawShape>(shape: T) {
  const valid = Object.keys(shape).sort().join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `is not a known field (valid fields: ${valid})` : undefined),
  });
}

const rangeOpen = (min: number, max: number, rule: string) =>
  z.number({ error: `must be a number ${rule}` }).gt(min, { error: `must be a number ${rule}` }).lte(max, { error: `must be a number ${rule}` });

function durationField(min: Duration, max: Duration) {
  return z.union([z.string(), z.custom<Duration>((v) => Duration.isDuration(v))]).transform((value, ctx): Duration => {
    const parsed = typeof value === 'string' ? Duration.tryParse(value) : value;
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: DURATION_RULE });
      return z.NEVER;
    }
    if (parsed.toSeconds() < min.toSeconds() || parsed.toSeconds() > max.toSeconds()) {
      ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max}` });
      return z.NEVER;
    }
    return parsed;
  });
}

const errorRateSchema = z.discriminatedUnion('kind', [
  strict({ kind: z.literal('absolute'), percentagePoints: rangeOpen(0, 100, 'in (0, 100] (percentage points)') }),
  strict({ kind: z.literal('relative'), factor: z.number({ error: 'must be a number above 1' }).gt(1, { error: 'must be a number above 1' }) }),
]);

const latencyLimitSchema = strict({
  quantile: z.number({ error: 'must be a number in (0, 1)' }).gt(0, { error: 'must be a number in (0, 1)' }).lt(1, { error: 'must be a number in (0, 1)' }),
  maxMs: rangeOpen(0, 3_600_000, 'of milliseconds in (0, 3600000]'),
});

/** The schema of {@link JudgeSettings}, resolving to {@link JudgeSpec}. */
export const judgeSettingsSchema = strict({
  alpha: rangeOpen(0, 0.5, 'in (0, 0.5]').default(JUDGE_DEFAULTS.alpha),
  power: z.number({ error: 'must be a number in [0.5, 0.999]' }).gte(0.5, { error: 'must be a number in [0.5, 0.999]' }).lte(0.999, { error: 'must be a number in [0.5, 0.999]' }).default(JUDGE_DEFAULTS.power),
  detect: strict({
      errorRate: errorRateSchema.default(JUDGE_DEFAULTS.detect.errorRate),
      latencyIncrease: z.union([z.literal(false), rangeOpen(0, 10, 'in (0, 10] (0.25 = 25% slower), or false')]).default(0.25),
    })
    .default({ errorRate: JUDGE_DEFAULTS.detect.errorRate, latencyIncrease: 0.25 }),
  maxHold: durationField(Duration.minutes(1), Duration.hours(24)).default(JUDGE_DEFAULTS.maxHold),
  minCanaryRequests: z.number({ error: 'must be a whole number in [1, 1000000]' }).int({ error: 'must be a whole number in [1, 1000000]' }).gte(1, { error: 'must be a whole number in [1, 1000000]' }).lte(1_000_000, { error: 'must be a whole number in [1, 1000000]' }).default(JUDGE_DEFAULTS.minCanaryRequests),
  resolution: durationField(Duration.seconds(5), Duration.minutes(5)).default(JUDGE_DEFAULTS.resolution),
  hardLimits: strict({
      alpha: rangeOpen(0, 0.5, 'in (0, 0.5]').default(JUDGE_DEFAULTS.hardLimits.alpha),
      maxErrorPercent: z.union([z.literal(false), rangeOpen(0, 100, 'in (0, 100), or false')]).default(1),
      latency: z.union([z.literal(false), latencyLimitSchema]).default({ quantile: 0.99, maxMs: 500 }),
    })
    .default({ alpha: 0.001, maxErrorPercent: 1, latency: { quantile: 0.99, maxMs: 500 } }),
});

// Types follow the schema: the documented interfaces and the schema's input/output are held equal here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const inputMatches: Same<Required<JudgeSettings>['alpha'], NonNullable<z.input<typeof judgeSettingsSchema>['alpha']>> = true;
const outputMatches: Same<JudgeSpec, z.output<typeof judgeSettingsSchema>> = true;
const settingsAccepted: (s: JudgeSettings) => z.input<typeof judgeSettingsSchema> = (s) => s;
void inputMatches;
void outputMatches;
void settingsAccepted;

/** Invalid settings: every problem, one line each. */
export class JudgeSettingsError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(`invalid judge settings:\n${problems.map((p) => `  ${p.text}`).join('\n')}`);
    this.name = 'JudgeSettingsError';
  }
}

/**
 * Validates `settings` and applies the defaults. `path` prefixes field names in messages (e.g. `settings`).
 * @throws JudgeSettingsError listing every problem
 */
export function resolveJudgeSettings(settings: unknown = {}, path: readonly (string | number)[] = []): JudgeSpec {
  const result = judgeSettingsSchema.safeParse(settings ?? {});
  if (result.success) return result.data;
  throw new JudgeSettingsError(formatProblems(result.error.issues, settings, path));
}
