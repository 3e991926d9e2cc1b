import type {
  Policies,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import { evaluatePolicies, kubernetesKindOfType } from './evaluate';
import { POLICY_RULES } from './rules';
import { waiverKnownRule } from './rules/waiver-rules';
import { PROD_ENVIRONMENT, type PolicyRule, type PolicyViolation, type PulumiResource } from './types';
import { asRecord } from './support/values';

/** The policy pack's name (`pulumi preview --policy-pack packages/policies` reports violations under it). */
export const POLICY_PACK_NAME = 'canary-platform';

/** What each policy accepts in the policy pack configuration (`--policy-pack-config <file>`). */
export interface PolicyPackPolicyConfig {
  /**
   * The environment; `prod` switches on the prod-only rules. Only prod-only policies accept it.
   * @default "prod"
   */
  readonly environment?: string;
  /**
   * Waivers of this policy's rule for Pulumi resources: `{ "<type>::<name>": "<reason>" }`. Kubernetes objects are
   * waived with the annotation `policy.canary-platform.dev/waive-<rule-id>` instead.
   * @default {}
   */
  readonly waivers?: Readonly<Record<string, string>>;
}

/** The special property of @pulumi/policy's unknown-checking proxy that returns the raw, unproxied inputs. */
const PROXY_TARGET = '__getSpecialProxyTarget';

/**
 * The raw inputs behind @pulumi/policy's proxy. The proxy throws on any unknown value during preview; the rules
 * recognise Pulumi's unknown sentinels themselves, so they read the raw inputs and skip only what is unknown.
 */
export function unwrapProps(props: unknown): Record<string, unknown> {
  const record = asRecord(props) ?? {};
  const raw = (record as Record<string, unknown>)[PROXY_TARGET];
  return asRecord(raw) ?? record;
}

/** A resource from a policy validation's arguments, as the rules see it. */
export function policyResourceOf(resource: Pick<ResourceValidationArgs | PolicyResource, 'type' | 'name' | 'props' | 'opts'>): PulumiResource {
  return {
    type: resource.type,
    name: resource.name,
    inputs: unwrapProps(resource.props),
    secretInputs: resource.opts?.additionalSecretOutputs ?? [],
  };
}

function configSchema(rule: PolicyRule): PolicyConfigSchema {
  return {
    properties: {
      ...(rule.prodOnly ? { environment: { type: 'string', default: PROD_ENVIRONMENT, description: 'The environment; prod switches the rule on.' } } : {}),
      waivers: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Waivers for Pulumi resources: { "<type>::<name>": "<reason>" }.',
      },
    },
  };
}

function readConfig(getConfig: () => object): { environment: string; waivers: Record<string, string> } {
  const config = getConfig() as PolicyPackPolicyConfig;
  return { environment: config.environment ?? PROD_ENVIRONMENT, waivers: { ...(config.waivers ?? {}) } };
}

/** The message the pack reports: the subject, field and fix, tagged with the rule when it is a waiver rule. */
export function policyMessage(v: PolicyViolation): string {
  const where = v.path ? `${v.subject}: ${v.path} ${v.message}` : `${v.subject}: ${v.message}`;
  return `${where}${v.ruleId.startsWith('waiver-') ? ` [${v.ruleId}]` : ''}`;
}

function metadata(rule: PolicyRule): Pick<ResourceValidationPolicy, 'name' | 'description' | 'enforcementLevel' | 'severity' | 'remediationSteps' | 'tags'> {
  return {
    name: rule.id,
    description: rule.description,
    enforcementLevel: rule.severity === 'error' ? 'mandatory' : 'advisory',
    severity: rule.severity === 'error' ? 'high' : 'low',
    remediationSteps: rule.remediation,
    tags: [rule.id.split('-')[0]],
  };
}

/** True when the rule has something to say about this resource type. */
function applies(rule: PolicyRule, resource: PulumiResource): boolean {
  if (kubernetesKindOfType(resource.type)) return rule.checkObject !== undefined;
  return rule.checkResource !== undefined && (!rule.resourceTypes || rule.resourceTypes.includes(resource.type));
}

function resourcePolicy(rule: PolicyRule): ResourceValidationPolicy {
  return {
    ...metadata(rule),
    configSchema: configSchema(rule),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const resource = policyResourceOf(args);
      if (!applies(rule, resource)) return;
      const { environment, waivers } = readConfig(() => args.getConfig());
      const result = evaluatePolicies({ resources: [resource], environment, resourceWaivers: { [rule.id]: waivers }, rules: [rule.id] });
      for (const v of result.violations) reportViolation(policyMessage(v));
    },
  };
}

function stackPolicy(rule: PolicyRule): StackValidationPolicy {
  return {
    ...metadata(rule),
    configSchema: configSchema(rule),
    validateStack: (args, reportViolation) => {
      const resources = args.resources.map(policyResourceOf);
      const { environment, waivers } = readConfig(() => args.getConfig());
      const result = evaluatePolicies({ resources, environment, resourceWaivers: { [rule.id]: waivers }, rules: [rule.id] });
      for (const v of result.violations) {
        const urn = v.target.kind === 'resource' ? args.resources[v.target.index]?.urn : undefined;
        reportViolation(policyMessage(v), urn);
      }
    },
  };
}

/**
 * The policies of the pack, one per rule id: rules that look at one object or resource validate each resource as
 * it is registered; rules that relate objects (PodDisruptionBudgets, Argo analysis templates) validate the
 * stack. Kubernetes objects are read from Kubernetes-typed resources (the children of ConfigGroups and Charts,
 * which the engine registers one by one); Helm releases, GKE clusters and node pools, and every resource's
 * inputs for plaintext secrets, from their inputs. Pure: builds policy objects, starts nothing.
 */
export function canaryPlatformPolicies(): Policies {
  const policies: Policies = POLICY_RULES.map((rule) => (rule.usesObjectSet ? stackPolicy(rule) : resourcePolicy(rule)));
  policies.push({
    ...metadata(waiverKnownRule),
    validateResource: (args, reportViolation) => {
      const resource = policyResourceOf(args);
      const result = evaluatePolicies({ resources: [resource], environment: PROD_ENVIRONMENT, rules: [waiverKnownRule.id] });
      for (const v of result.violations) reportViolation(policyMessage(v));
    },
  });
  return policies;
}
