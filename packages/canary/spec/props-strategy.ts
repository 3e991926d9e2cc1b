/**
 * Release strategies: an explicit discriminated union on `kind`. Nothing is guessed from which fields are set.
 * @see https://docs.flagger.app/usage/deployment-strategies
 */

/** Strategy kinds. */
export const STRATEGY_KINDS = ['canary', 'abTesting', 'blueGreen', 'mirror'] as const;
/** A strategy kind. */
export type StrategyKind = (typeof STRATEGY_KINDS)[number];

/** A linear schedule: `stepWeight`, `2 x stepWeight`, ... up to `maxWeight` (a multiple of `stepWeight`). */
export interface LinearWeights {
  /** Traffic added to the canary at each step, percent (1-100). */
  readonly stepWeight: number;
  /** Traffic at the last step before promotion, percent (1-100, a multiple of stepWeight). */
  readonly maxWeight: number;
  /** Not allowed together with stepWeight/maxWeight. */
  readonly stepWeights?: never;
}

/** An explicit schedule such as `[5, 10, 20, 50]`: strictly increasing percentages (1-100). */
export interface ExplicitWeights {
  /** Canary traffic at each step, percent, strictly increasing. */
  readonly stepWeights: readonly number[];
  /** Not allowed together with stepWeights. */
  readonly stepWeight?: never;
  /** Not allowed together with stepWeights. */
  readonly maxWeight?: never;
}

/** No schedule given: the default `stepWeights` apply. */
export interface DefaultWeights {
  /** Not set. */
  readonly stepWeight?: never;
  /** Not set. */
  readonly maxWeight?: never;
  /** Not set. */
  readonly stepWeights?: never;
}

/** Exactly one of the two schedule forms (resolved). */
export type WeightSchedule = LinearWeights | ExplicitWeights;

/**
 * Progressive canary: the canary's share of live traffic grows step by step while every check passes.
 * @default - stepWeights [5, 10, 20, 50] when no schedule is given
 */
export type CanaryStrategyProps = { readonly kind: 'canary' } & (WeightSchedule | DefaultWeights);

/** A/B testing: only requests matching a rule go to the canary, for a number of iterations. */
export interface AbTestingStrategyProps {
  /** Strategy kind. */
  readonly kind: 'abTesting';
  /** Match rules (any rule matching sends the request to the canary); at least one. */
  readonly match: readonly MatchRule[];
  /** Analysis iterations before promotion (1-1000). @default 10 */
  readonly iterations?: number;
}

/**
 * Blue/green: the canary (green) is tested with the load test, and optionally mirrored live traffic, for a
 * number of iterations; then all traffic switches to it at promotion.
 */
export interface BlueGreenStrategyProps {
  /** Strategy kind. */
  readonly kind: 'blueGreen';
  /** Analysis iterations before the switch (1-1000). @default 10 */
  readonly iterations?: number;
  /** Percent of live traffic mirrored to the green pods during the iterations (1-100). @default - no mirroring */
  readonly mirrorWeight?: number;
}

/**
 * Traffic mirroring followed by a progressive canary: first a copy of live traffic (responses discarded) goes
 * to the canary for one step, then the canary schedule runs. Only for idempotent traffic.
 * @default - mirrorWeight 100, stepWeights [5, 10, 20, 50]
 */
export type MirrorStrategyProps = {
  /** Strategy kind. */
  readonly kind: 'mirror';
  /** Percent of live traffic mirrored (1-100). @default 100 */
  readonly mirrorWeight?: number;
} & (WeightSchedule | DefaultWeights);

/** A release strategy. */
export type StrategyProps = CanaryStrategyProps | AbTestingStrategyProps | BlueGreenStrategyProps | MirrorStrategyProps;

/** How a header value is compared. */
export const HEADER_MATCH_TYPES = ['exact', 'prefix', 'suffix', 'regex'] as const;
/** A header comparison: `regex` is RE2 syntax. */
export type HeaderMatchType = (typeof HEADER_MATCH_TYPES)[number];

/** Route requests whose header matches to the canary. */
export interface HeaderMatchRule {
  /** Rule kind. */
  readonly kind: 'header';
  /** Header name, lower case (e.g. `x-canary`). */
  readonly name: string;
  /** Comparison. @default 'exact' */
  readonly match?: HeaderMatchType;
  /** Value compared with the header. */
  readonly value: string;
}

/** Route requests carrying cookie `name=value` to the canary. */
export interface CookieMatchRule {
  /** Rule kind. */
  readonly kind: 'cookie';
  /** Cookie name (e.g. `canary`). */
  readonly name: string;
  /** Cookie value (e.g. `always`). */
  readonly value: string;
}

/** An A/B match rule. */
export type MatchRule = HeaderMatchRule | CookieMatchRule;
