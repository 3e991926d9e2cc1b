/**
 * Types follow the schema (STYLE 14). The props and the resolved spec are hand-written, because their TSDoc
 * (a summary and a `@default` on every prop) is the API reference (docs/api); the zod schemas (schema*.ts) are
 * what validation runs. The checks below hold them equal at compile time: `tsc` (npm run typecheck) fails,
 * naming the mismatching section, when one changes without the other.
 *
 * - Props: `CanaryServiceProps` has exactly the schema's sections, and each prop accepts exactly what its section
 *   schema accepts (`z.input`), except `name` (the construct id when not given) and `strategy`, whose props type
 *   is stricter than the schema's input: it spells the exclusive schedule forms and the required A/B `match`,
 *   which the schema checks with its own messages. For `strategy` every props value is accepted by the schema
 *   and each kind has the same fields.
 * - Resolved spec: `ResolvedCanaryService` equals what `resolve` (resolve.ts) builds from the schema's output
 *   (`z.output`): the parsed sections with `servicePort`, the acceptance test's command and the relative-latency
 *   check filled in.
 *
 * Readonly modifiers are ignored (props and resolved types are readonly, zod's types are not). Nothing imports
 * this file; it exists to be type-checked.
 */
import type { Duration } from './duration';
import type { CanaryServiceProps } from './props';
import type { MatchRule, StrategyKind, StrategyProps } from './props-strategy';
import type { ResolvedCanaryService } from './resolved';
import type { OPTIONAL_SECTIONS, OptionalSectionKey, ParsedCanaryService, SectionInputs, SectionKey } from './schema';

/** `T` with every level readonly, so that two types compare by shape and optionality only. */
type Normalize<T> = T extends Duration
  ? T
  : T extends readonly (infer U)[]
    ? readonly Normalize<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Normalize<T[K]> }
      : T;

/** True when A and B are the same type (not merely assignable either way). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
/** True when T is never (for unions of mismatching keys; `Equal` cannot see through those). */
type IsNever<T> = [T] extends [never] ? true : false;
/** Compiles only when T is true. */
type Expect<T extends true> = T;
/** Every key of every member of a union. */
type KeysOf<T> = T extends unknown ? keyof T : never;

// ---- Props = z.input -------------------------------------------------------------------------------------

/** The props are the sections. */
export type PropsAreTheSections = Expect<Equal<keyof CanaryServiceProps, SectionKey>>;

/** Sections whose props type differs from what the schema accepts: none. */
type PropsMismatch = {
  [K in Exclude<SectionKey, 'name' | 'strategy'>]: Equal<Normalize<SectionInputs[K]>, Normalize<CanaryServiceProps[K]>> extends true ? never : K;
}[Exclude<SectionKey, 'name' | 'strategy'>];
export type PropsFollowTheSchema = Expect<IsNever<PropsMismatch>>;

/** `name` is optional in the props (validation falls back to the construct id) and required by its schema. */
export type NameFollowsTheSchema = Expect<Equal<SectionInputs['name'] | undefined, CanaryServiceProps['name']>>;

type StrategyInput = Exclude<SectionInputs['strategy'], undefined>;
/** Every strategy the props type allows is accepted by the schema. */
export type StrategyPropsAreAccepted = Expect<StrategyProps extends Normalize<StrategyInput> ? true : false>;
/** The same strategy kinds, and the same fields for each kind. */
type StrategyFieldMismatch = {
  [K in StrategyKind]: Equal<KeysOf<Extract<StrategyProps, { kind: K }>>, KeysOf<Extract<StrategyInput, { kind: K }>>> extends true ? never : K;
}[StrategyKind];
export type StrategyFollowsTheSchema = Expect<IsNever<StrategyFieldMismatch>> & Expect<Equal<StrategyProps['kind'], StrategyInput['kind']>>;
/** A/B match rules accept exactly what their schema accepts. */
type MatchInput = Exclude<Extract<StrategyInput, { kind: 'abTesting' }>['match'], undefined>[number];
export type MatchRulesFollowTheSchema = Expect<Equal<Normalize<MatchInput>, Normalize<MatchRule>>>;

// ---- Resolved spec = resolve(z.output) ------------------------------------------------------------------

/** The sections that may be absent after parsing are the ones `OPTIONAL_SECTIONS` lists at run time. */
export type OptionalSectionsAreListed = Expect<Equal<(typeof OPTIONAL_SECTIONS)[number], OptionalSectionKey>>;

type Parsed = ParsedCanaryService;
type ParsedChecks = Parsed['analysis']['checks'];
/** What `resolve` builds: the parsed sections with the three defaults that depend on other props filled in. */
type ResolvedFromSchema = Omit<Parsed, 'servicePort' | 'analysis' | 'webhooks'> & {
  readonly servicePort: number;
  readonly analysis: Omit<Parsed['analysis'], 'checks'> & {
    readonly checks: Omit<ParsedChecks, 'relativeLatency'> & { readonly relativeLatency: Exclude<ParsedChecks['relativeLatency'], undefined> };
  };
  readonly webhooks: Omit<Parsed['webhooks'], 'acceptanceTest'> & {
    readonly acceptanceTest: false | { readonly command: string; readonly timeout: Duration };
  };
};
export type ResolvedFollowsTheSchema = Expect<Equal<Normalize<ResolvedFromSchema>, Normalize<ResolvedCanaryService>>>;
