import type { KubeObject, Problem } from '../shared';

/**
 * How bad a violation is. `error` blocks: `canary-platform check` exits non-zero, `synth` refuses the stack and
 * the policy pack reports it as mandatory. `warning` is printed but does not block.
 */
export type Severity = 'error' | 'warning';

/** The environment a stack or a set of manifests is meant for. Only `prod` switches on the prod-only rules. */
export type PolicyEnvironment = string;

/** The environment name that switches on the prod-only rules. */
export const PROD_ENVIRONMENT = 'prod';

/**
 * A Pulumi resource as policy rules see it: the type token, the resource name and its inputs (plain data).
 *
 * Inputs may hold values the engine does not know yet (during `pulumi preview`, or under runtime mocks): the
 * rules treat Pulumi's unknown sentinels and `Unknown` objects as "computed at deploy time" and do not flag them.
 * Values made with `pulumi.secret(...)` may arrive wrapped (runtime mocks) or redacted as `"[secret]"`; both
 * count as secret, never as plaintext.
 */
export interface PulumiResource {
  /** Type token, for example `gcp:container/cluster:Cluster` or `kubernetes:helm.sh/v3:Release`. */
  readonly type: string;
  /** The resource's logical name (the first constructor argument). */
  readonly name: string;
  /** The resource's inputs, as plain data. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /**
   * Top-level inputs the engine keeps secret (Pulumi's `additionalSecretOutputs`); their values are never
   * plaintext.
   * @default - none
   */
  readonly secretInputs?: readonly string[];
}

/**
 * One thing a rule found: the dotted path of the offending field and what is wrong with it, including how to fix
 * it, for example `path: 'spec.template.spec.containers[0].image'`,
 * `message: '("nginx:latest") uses the mutable tag "latest"; pin a version tag such as nginx:1.27.3 or a digest'`.
 */
export interface Finding {
  /** Dotted path of the offending field inside the object or the resource inputs. Empty for the whole subject. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/** What a rule that checks Kubernetes objects can see besides the object itself. */
export interface ObjectContext {
  /** The environment being checked. */
  readonly environment: PolicyEnvironment;
  /** Every object in the set being checked (the checked object included), for rules that relate objects. */
  readonly objects: readonly KubeObject[];
  /**
   * The objects of one kind in one namespace (`undefined` for cluster-scoped objects), in input order: an index,
   * so rules that relate objects stay linear in the number of objects.
   */
  readonly objectsOfKind: (kind: string, namespace: string | undefined) => readonly KubeObject[];
}

/** What a rule that checks Pulumi resources can see besides the resource itself. */
export interface ResourceContext {
  /** The environment being checked. */
  readonly environment: PolicyEnvironment;
}

/**
 * A policy rule: pure functions plus the text a developer needs. A rule may check Kubernetes objects, Pulumi
 * resources, stack configuration, or several of these (the plaintext-secret rule checks all three).
 */
export interface PolicyRule {
  /** Stable id, kebab-case, for example `workload-image-pinned`. Used in waivers and in the policy pack. */
  readonly id: string;
  /** Whether a violation blocks. */
  readonly severity: Severity;
  /** One sentence: what the rule requires. */
  readonly description: string;
  /** Why the rule exists. */
  readonly rationale: string;
  /** How to fix a violation, in general terms (each finding also says what to change). */
  readonly remediation: string;
  /**
   * When true the rule runs only for the `prod` environment.
   * @default false
   */
  readonly prodOnly?: boolean;
  /**
   * True when `checkObject` looks at other objects in the set (`context.objects`). The policy pack runs such rules
   * as stack validations, the others per resource.
   * @default false
   */
  readonly usesObjectSet?: boolean;
  /** Checks one Kubernetes object. @default - the rule does not check Kubernetes objects */
  readonly checkObject?: (obj: KubeObject, context: ObjectContext) => Finding[];
  /**
   * The Pulumi type tokens `checkResource` applies to.
   * @default - every type
   */
  readonly resourceTypes?: readonly string[];
  /** Checks one Pulumi resource. @default - the rule does not check Pulumi resources */
  readonly checkResource?: (resource: PulumiResource, context: ResourceContext) => Finding[];
  /**
   * Checks stack configuration as written in `Pulumi.<stack>.yaml` (`key: value`, with secure values as
   * `{ secure: ... }`). @default - the rule does not check configuration
   */
  readonly checkConfig?: (config: Readonly<Record<string, unknown>>, context: ResourceContext) => Finding[];
}

/** Where a violation or waiver was found in the input of {@link EvaluatePoliciesInput}. */
export type PolicyTarget =
  | { readonly kind: 'object'; readonly index: number }
  | { readonly kind: 'resource'; readonly index: number }
  | { readonly kind: 'config'; readonly key: string }
  /** A resource waiver whose `<type>::<name>` or `config::<key>` matches nothing in the input. */
  | { readonly kind: 'unmatched'; readonly subject: string };

/**
 * A rule broken by one object or resource. It is a {@link Problem} (`subject`, `path`, `message`) so it prints
 * like every other problem in the project, plus the rule, its severity and the remedy.
 */
export interface PolicyViolation extends Problem {
  /** The rule broken. */
  readonly ruleId: string;
  /** The rule's severity. */
  readonly severity: Severity;
  /** The rule's general remedy (the message says what to change in this case). */
  readonly remediation: string;
  /** Which input holds the offending field. */
  readonly target: PolicyTarget;
}

/** A waiver that was declared with a valid reason. */
export interface AppliedWaiver {
  /** The rule waived. */
  readonly ruleId: string;
  /** The object (`namespace/Kind/name`), resource (`<type>::<name>`) or config key (`config::<key>`) it covers. */
  readonly subject: string;
  /** The reason given. */
  readonly reason: string;
  /** Where the waiver was declared. */
  readonly source: 'annotation' | 'resource-waivers';
  /** How many violations it suppressed; 0 means the waiver is stale and can be removed. */
  readonly suppressed: number;
  /** Which input the waiver belongs to. */
  readonly target: PolicyTarget;
}

/**
 * Waivers for Pulumi resources and stack configuration, which carry no annotations:
 * `{ "<rule-id>": { "<type>::<name>": "<reason>" } }`, and `config::<key>` for a configuration key.
 * The same shape is the `waivers` property of each policy's configuration in the policy pack.
 */
export type ResourceWaivers = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** Input of {@link evaluatePolicies}. */
export interface EvaluatePoliciesInput {
  /**
   * Kubernetes objects (rendered manifests, ConfigGroup `objs`, files given to `check`).
   * @default []
   */
  readonly objects?: readonly KubeObject[];
  /**
   * Pulumi resources. Resources whose type is a Kubernetes kind (`kubernetes:apps/v1:Deployment`) are also
   * checked as objects, unless an object with the same apiVersion, kind, namespace and name is in `objects`.
   * @default []
   */
  readonly resources?: readonly PulumiResource[];
  /**
   * Stack configuration as written in `Pulumi.<stack>.yaml` (`config:` block), checked for plaintext secrets.
   * @default - not checked
   */
  readonly config?: Readonly<Record<string, unknown>>;
  /** The environment; `prod` switches on the prod-only rules. */
  readonly environment: PolicyEnvironment;
  /**
   * Waivers for Pulumi resources and config keys.
   * @default {}
   */
  readonly resourceWaivers?: ResourceWaivers;
  /**
   * Only run these rule ids (the waiver rules always run for the waivers that concern them).
   * @default - every rule
   */
  readonly rules?: readonly string[];
}

/** Result of {@link evaluatePolicies}. */
export interface EvaluatePoliciesResult {
  /** Every violation not covered by a valid waiver, sorted by subject, rule and path. */
  readonly violations: readonly PolicyViolation[];
  /** Every valid waiver declared, sorted by subject and rule, with how many violations it suppressed. */
  readonly waivers: readonly AppliedWaiver[];
}
