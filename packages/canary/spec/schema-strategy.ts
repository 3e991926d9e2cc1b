/**
 * zod schema of the release strategy (props-strategy.ts): a discriminated union on `kind`, with the schedule
 * rules Flagger itself does not enforce (it would silently overshoot maxWeight or accept a decreasing schedule).
 */
import { z } from 'zod';
import { requireObjectArguments } from '../../shared';
import { DEFAULTS } from './defaults';
import type { WeightSchedule } from './props-strategy';
import type { ResolvedMatchRule, ResolvedStrategy } from './resolved';
import { addProblem, describe, intRange, strict } from './schema-helpers';
import { HEADER_MATCH_TYPES } from './props-strategy';

const weight = intRange(1, 100);
const iterations = intRange(1, 1000);

/** RE2 (Envoy's regex engine) has no lookaround and no backreferences. */
const NOT_RE2 = /\(\?[=!]|\(\?<[=!]|\\[1-9]/;

const headerRule = strict({
  kind: z.literal('header'),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "must be a lower-case header name (letters, digits and '-')" }),
  match: z.enum(HEADER_MATCH_TYPES).default(DEFAULTS.headerMatch),
  value: z.string().min(1, { error: 'must not be empty' }),
}).superRefine((rule, ctx) => {
  if (rule.match !== 'regex') return;
  if (NOT_RE2.test(rule.value)) {
    addProblem(ctx, ['value'], rule.value, 'uses lookaround or a backreference, which RE2 (the regex engine of Envoy) does not support');
    return;
  }
  try {
    new RegExp(rule.value);
  } catch {
    addProblem(ctx, ['value'], rule.value, 'is not a valid regular expression');
  }
});

const cookieRule = strict({
  kind: z.literal('cookie'),
  name: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: 'must be a cookie name (letters, digits and !#$%&\'*+.^_`|~-)' }),
  value: z.string().regex(/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]+$/, {
    error: 'must be a cookie value: no spaces, quotes, commas, semicolons or backslashes',
  }),
});

const matchRule = z.discriminatedUnion('kind', [headerRule, cookieRule]);

/** Schedule fields shared by `canary` and `mirror`. */
const scheduleShape = {
  stepWeight: weight.optional(),
  maxWeight: weight.optional(),
  stepWeights: z.array(weight).optional(),
};

interface ScheduleInput {
  readonly stepWeight?: number;
  readonly maxWeight?: number;
  readonly stepWeights?: readonly number[];
}

/** Exactly one schedule form, increasing, and a maxWeight that stepWeight reaches exactly. */
function checkSchedule(s: ScheduleInput, ctx: z.RefinementCtx): void {
  const linear = s.stepWeight !== undefined || s.maxWeight !== undefined;
  if (s.stepWeights !== undefined && linear) {
    addProblem(ctx, [], undefined, 'sets both stepWeights and stepWeight/maxWeight; use exactly one schedule form');
    return;
  }
  if (s.stepWeights !== undefined) {
    if (s.stepWeights.length === 0) addProblem(ctx, ['stepWeights'], s.stepWeights, 'must list at least one weight, e.g. [5, 10, 20, 50]');
    const increasing = s.stepWeights.every((w, i) => i === 0 || w > (s.stepWeights?.[i - 1] ?? 0));
    if (!increasing) addProblem(ctx, ['stepWeights'], s.stepWeights, 'must be strictly increasing, e.g. [5, 10, 20, 50]');
    return;
  }
  if (s.stepWeight !== undefined && s.maxWeight === undefined) {
    addProblem(ctx, ['maxWeight'], undefined, 'is required with stepWeight (or use stepWeights)');
  } else if (s.maxWeight !== undefined && s.stepWeight === undefined) {
    addProblem(ctx, ['stepWeight'], undefined, 'is required with maxWeight (or use stepWeights)');
  } else if (s.stepWeight !== undefined && s.maxWeight !== undefined && Number.isInteger(s.stepWeight) && s.stepWeight >= 1) {
    if (s.stepWeight > s.maxWeight) {
      addProblem(ctx, ['stepWeight'], s.stepWeight, `must be at most maxWeight (${s.maxWeight})`);
    } else if (s.maxWeight % s.stepWeight !== 0) {
      const over = Math.ceil(s.maxWeight / s.stepWeight) * s.stepWeight;
      addProblem(ctx, ['maxWeight'], s.maxWeight, `must be a multiple of stepWeight (${s.stepWeight}); Flagger would step past it to ${over}`);
    }
  }
}

/**
 * The one schedule form a checked schedule uses, or the default schedule when none is given. `checkSchedule` has
 * already rejected both forms together and a linear form missing stepWeight or maxWeight (zod does not run a
 * transform after a failed check).
 */
function schedule(s: ScheduleInput): WeightSchedule {
  if (s.stepWeights !== undefined) return { stepWeights: s.stepWeights };
  if (s.stepWeight !== undefined && s.maxWeight !== undefined) return { stepWeight: s.stepWeight, maxWeight: s.maxWeight };
  return { stepWeights: [...DEFAULTS.stepWeights] };
}

const canaryStrategy = strict({ kind: z.literal('canary'), ...scheduleShape })
  .superRefine(checkSchedule)
  .transform((s): ResolvedStrategy => ({ kind: s.kind, ...schedule(s) }));

const mirrorStrategy = strict({ kind: z.literal('mirror'), mirrorWeight: weight.default(DEFAULTS.mirrorWeight), ...scheduleShape })
  .superRefine(checkSchedule)
  .transform((s): ResolvedStrategy => ({ kind: s.kind, mirrorWeight: s.mirrorWeight, ...schedule(s) }));

const abTestingStrategy = strict({
  kind: z.literal('abTesting'),
  match: z.array(matchRule).optional(),
  iterations: iterations.default(DEFAULTS.iterations),
}).superRefine((s, ctx) => {
  // `match` is optional in the schema only so that a missing list gets this message rather than zod's.
  if (s.match === undefined) {
    addProblem(ctx, ['match'], undefined, 'is required: A/B testing sends only requests matching a header or cookie rule to the canary');
  } else if (s.match.length === 0) {
    addProblem(ctx, ['match'], [], 'must have at least one header or cookie rule');
  }
}).transform((s): ResolvedStrategy => ({ kind: s.kind, match: s.match ?? [], iterations: s.iterations })); // match: checked above

const blueGreenStrategy = strict({
  kind: z.literal('blueGreen'),
  iterations: iterations.default(DEFAULTS.iterations),
  mirrorWeight: weight.optional(),
}).transform((s): ResolvedStrategy => ({ kind: s.kind, iterations: s.iterations, ...(s.mirrorWeight !== undefined ? { mirrorWeight: s.mirrorWeight } : {}) }));

/**
 * The strategy schema. Each kind's transform builds its {@link ResolvedStrategy} with only the fields of its form
 * (no undefined fields), in the order of the kind's fields.
 */
export const strategySchema = z.discriminatedUnion('kind', [canaryStrategy, abTestingStrategy, blueGreenStrategy, mirrorStrategy]);

/** The canary's traffic at each step of a canary or mirror schedule, e.g. [10, 20, 30, 40, 50] or [5, 10, 20, 50]. */
export function scheduleWeights(s: { readonly stepWeight?: number; readonly maxWeight?: number; readonly stepWeights?: readonly number[] }): number[] {
  requireObjectArguments('scheduleWeights', { strategy: s });
  if (s.stepWeights !== undefined) return [...s.stepWeights];
  const step = s.stepWeight ?? 0;
  const max = s.maxWeight ?? 0;
  const out: number[] = [];
  for (let w = step; step > 0 && w <= max; w += step) out.push(w);
  return out;
}

/** Describes a match rule for docs and messages, e.g. `header x-canary exact "insider"`. */
export function describeMatchRule(rule: ResolvedMatchRule): string {
  return rule.kind === 'header' ? `header ${rule.name} ${rule.match} ${describe(rule.value, '')}`.trim() : `cookie ${rule.name}=${rule.value}`;
}
