/**
 * Policies enforced before deploy: pure rules over Kubernetes objects, Pulumi resources and stack config, the
 * engine-agnostic {@link evaluatePolicies}, and the @pulumi/policy policies built from the same rules. Importing
 * this module starts nothing; the policy pack starts only when Pulumi loads this folder as a pack (see pulumi-policy-pack.ts).
 */
export * from './types';
export { evaluatePolicies, resourceToObject, resourceSubject, configSubject, kubernetesKindOfType } from './evaluate';
export { formatViolation, formatWaiver, hasBlockingViolations, countByRule } from './format';
export { canaryPlatformPolicies, policyResourceOf, unwrapProps, policyMessage, POLICY_PACK_NAME, type PolicyPackPolicyConfig } from './pack';
export { POLICY_RULES, WAIVER_RULES, ALL_RULE_IDS, WAIVABLE_RULE_IDS, findRule } from './rules';
export {
  WAIVER_ANNOTATION_PREFIX,
  waiverAnnotation,
  waiverReasonProblem,
  MIN_REASON_LENGTH,
  MIN_REASON_WORDS,
} from './rules/waiver-rules';
export { isUnknown, isSecretValue, REDACTED_SECRET, UNKNOWN_PLACEHOLDER } from './support/values';
export {
  policyCheck,
  policyWaiverTable,
  policyInputFromRendered,
  evaluateRendered,
  renderedSubject,
  ENVIRONMENT_CONFIG_KEY,
  WAIVERS_CONFIG_KEY,
  type RenderedStackForPolicies,
} from './synth-check';
export { isPolicyPackHost, startPolicyPack, POLICY_PACK_DESCRIPTION } from './pulumi-policy-pack';

import { isPolicyPackHost, startPolicyPack } from './pulumi-policy-pack';

// `pulumi preview --policy-pack packages/policies` loads this folder under @pulumi/pulumi's policy pack host: serve the pack.
if (isPolicyPackHost(require.main?.filename)) startPolicyPack();
