/**
 * `canary-platform/policies`: the policy rules enforced before deploy, as pure functions over Kubernetes
 * objects, Pulumi resources and stack config; {@link evaluatePolicies} runs them anywhere, and
 * {@link canaryPlatformPolicies} turns them into @pulumi/policy policies for a team's own policy pack.
 *
 * @packageDocumentation
 */
export {
  PROD_ENVIRONMENT,
  type AppliedWaiver,
  type EvaluatePoliciesInput,
  type EvaluatePoliciesResult,
  type Finding,
  type ObjectContext,
  type PolicyEnvironment,
  type PolicyRule,
  type PolicyTarget,
  type PolicyViolation,
  type PulumiResource,
  type ResourceContext,
  type ResourceWaivers,
  type Severity,
} from '../packages/policies/types';
export { evaluatePolicies, resourceToObject } from '../packages/policies/evaluate';
export { countByRule, formatViolation, formatWaiver, hasBlockingViolations } from '../packages/policies/format';
export { canaryPlatformPolicies, POLICY_PACK_NAME, type PolicyPackPolicyConfig } from '../packages/policies/pack';
// The rules as one list (and by id); the individual rule constants stay internal: compose a custom set with
// `POLICY_RULES.filter(...)` or `findRule(id)`. docs/policies.md describes every rule.
export { ALL_RULE_IDS, findRule, POLICY_RULES, WAIVABLE_RULE_IDS, WAIVER_RULES } from '../packages/policies/rules';
export { MIN_REASON_LENGTH, MIN_REASON_WORDS, WAIVER_ANNOTATION_PREFIX, waiverAnnotation } from '../packages/policies/rules/waiver-rules';
