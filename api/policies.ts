/**
 * `canary-platform/policies`: the policy rules enforced before deploy, as pure functions over Kubernetes
 * objects, Pulumi resources and stack config; {@link evaluatePolicies} runs them anywhere (with
 * {@link formatViolation} and {@link formatWaiver} to print its result), and {@link canaryPlatformPolicies} turns
 * them into @pulumi/policy policies for a team's own policy pack.
 *
 * @packageDocumentation
 */
export type {
  AppliedWaiver,
  EvaluatePoliciesInput,
  EvaluatePoliciesResult,
  Finding,
  ObjectContext,
  PolicyEnvironment,
  PolicyRule,
  PolicyTarget,
  PolicyViolation,
  PulumiResource,
  ResourceContext,
  ResourceWaivers,
  Severity,
} from '../packages/policies/types';
export { evaluatePolicies } from '../packages/policies/evaluate';
export { formatViolation, formatWaiver } from '../packages/policies/format';
export { canaryPlatformPolicies } from '../packages/policies/pack';
// The rules as one list (and by id); the individual rule constants stay internal: compose a custom set with
// `POLICY_RULES.filter(...)` or `findRule(id)`. docs/policies.md describes every rule.
export { findRule, POLICY_RULES } from '../packages/policies/rules';
