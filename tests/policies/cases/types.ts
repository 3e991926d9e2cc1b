import type { EvaluatePoliciesInput } from '../../../packages/policies/types';

/** A violation as the tests state it. */
export interface ExpectedViolation {
  readonly ruleId: string;
  readonly subject: string;
  readonly path: string;
  readonly message: string;
}

/**
 * A rule's specification: inputs that must pass it and inputs that must fail it with exactly these violations.
 * Inputs are complete (start from the compliant baseline), so a failing case also proves that the change breaks
 * no other rule.
 */
export interface RuleCases {
  readonly passes: ReadonlyArray<{ readonly name: string; readonly input: EvaluatePoliciesInput }>;
  readonly fails: ReadonlyArray<{ readonly name: string; readonly input: EvaluatePoliciesInput; readonly violations: readonly ExpectedViolation[] }>;
}
