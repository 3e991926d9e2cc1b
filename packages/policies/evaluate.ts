import { objectId, requireObjectArguments, type KubeObject } from '../shared';
import { POLICY_RULES, WAIVABLE_RULE_IDS } from './rules';
import { waiverAnnotationsOf, waiverHasReason, waiverKnownRule, waiverReasonProblem, waiverRuleProblem } from './rules/waiver-rules';
import {
  PROD_ENVIRONMENT,
  type AppliedWaiver,
  type EvaluatePoliciesInput,
  type EvaluatePoliciesResult,
  type Finding,
  type PolicyRule,
  type PolicyTarget,
  type PolicyViolation,
  type PulumiResource,
} from './types';
import { asRecord, REDACTED_SECRET } from './support/values';

/** Pulumi type token groups that are not Kubernetes kinds (Helm, YAML and Kustomize components). */
const NON_OBJECT_GROUPS: ReadonlySet<string> = new Set(['helm.sh', 'yaml', 'kustomize']);

/** `kubernetes:apps/v1:Deployment` -> `{ apiVersion: 'apps/v1', kind: 'Deployment' }`; `undefined` for other types. */
export function kubernetesKindOfType(type: string): { apiVersion: string; kind: string } | undefined {
  const match = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/.exec(type);
  if (!match) return undefined;
  const [, group, version, kind] = match;
  if (NON_OBJECT_GROUPS.has(group) || kind.endsWith('List')) return undefined;
  return { apiVersion: group === 'core' ? version : `${group}/${version}`, kind };
}

/**
 * The Kubernetes object a Pulumi Kubernetes resource declares, with inputs the engine keeps secret replaced by
 * `"[secret]"`; `undefined` when the resource is not a Kubernetes kind.
 */
export function resourceToObject(resource: PulumiResource): KubeObject | undefined {
  requireObjectArguments('resourceToObject', { resource });
  const typeKind = kubernetesKindOfType(resource.type);
  if (!typeKind) return undefined;
  const secret = new Set(resource.secretInputs ?? []);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource.inputs)) fields[key] = secret.has(key) ? REDACTED_SECRET : value;
  const metadata = asRecord(fields.metadata) ?? {};
  return {
    ...fields,
    apiVersion: typeof fields.apiVersion === 'string' ? fields.apiVersion : typeKind.apiVersion,
    kind: typeof fields.kind === 'string' ? fields.kind : typeKind.kind,
    metadata: { ...metadata, name: typeof metadata.name === 'string' ? metadata.name : resource.name },
  };
}

/** How violations and waivers name a Pulumi resource, and the key of `resourceWaivers`. */
export function resourceSubject(resource: Pick<PulumiResource, 'type' | 'name'>): string {
  return `${resource.type}::${resource.name}`;
}

/** How violations and waivers name a stack configuration key, and the key of `resourceWaivers`. */
export function configSubject(key: string): string {
  return `config::${key}`;
}

/** True for data shaped enough like a Kubernetes object for the rules to read it. Schema validation reports the rest. */
function isObjectShaped(value: unknown): value is KubeObject {
  const record = asRecord(value);
  const metadata = asRecord(record?.metadata);
  return !!record && typeof record.apiVersion === 'string' && typeof record.kind === 'string' && typeof metadata?.name === 'string';
}

const identity = (obj: KubeObject): string => `${obj.apiVersion}|${obj.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name}`;

interface ObjectEntry {
  readonly obj: KubeObject;
  readonly target: PolicyTarget;
  readonly subject: string;
}

interface DeclaredWaiver {
  readonly ruleId: string;
  readonly subject: string;
  readonly reason: string;
  readonly source: AppliedWaiver['source'];
  readonly target: PolicyTarget;
  suppressed: number;
}

const targetOrder = (t: PolicyTarget): string => {
  switch (t.kind) {
    case 'object':
      return `0|${String(t.index).padStart(9, '0')}`;
    case 'resource':
      return `1|${String(t.index).padStart(9, '0')}`;
    case 'config':
      return `2|${t.key}`;
    case 'unmatched':
      return `3|${t.subject}`;
  }
};

/**
 * Evaluates every policy rule on Kubernetes objects, Pulumi resources and stack configuration, applying waivers.
 *
 * Pure and deterministic: the same input gives the same result. Waivers come from object annotations
 * (`policy.canary-platform.dev/waive-<rule-id>: "<reason>"`) and from `resourceWaivers`
 * (`{ "<rule-id>": { "<type>::<name>" | "config::<key>": "<reason>" } }`). A waiver with no real reason, or for
 * an unknown rule, is itself a violation (`waiver-has-reason`, `waiver-known-rule`) and waives nothing.
 */
export function evaluatePolicies(input: EvaluatePoliciesInput): EvaluatePoliciesResult {
  requireObjectArguments('evaluatePolicies', { input });
  const isProd = input.environment === PROD_ENVIRONMENT;
  const only = input.rules ? new Set(input.rules) : undefined;
  const rules = POLICY_RULES.filter((r) => (!r.prodOnly || isProd) && (!only || only.has(r.id)));
  const reportsWaiverProblem = (waiverRuleId: string, waivedRuleId: string): boolean =>
    !only || only.has(waiverRuleId) || only.has(waivedRuleId);

  // Objects: the given ones, then Kubernetes-typed resources not already given.
  const entries: ObjectEntry[] = [];
  const seen = new Set<string>();
  (input.objects ?? []).forEach((obj, index) => {
    if (!isObjectShaped(obj)) return;
    entries.push({ obj, target: { kind: 'object', index }, subject: objectId(obj) });
    seen.add(identity(obj));
  });
  const resources: Array<{ resource: PulumiResource; index: number }> = [];
  (input.resources ?? []).forEach((resource, index) => {
    const obj = resourceToObject(resource);
    if (!obj) {
      resources.push({ resource, index });
    } else if (isObjectShaped(obj) && !seen.has(identity(obj))) {
      entries.push({ obj, target: { kind: 'resource', index }, subject: objectId(obj) });
      seen.add(identity(obj));
    }
  });
  const objects = entries.map((e) => e.obj);
  const byKind = new Map<string, KubeObject[]>();
  for (const obj of objects) {
    const key = `${obj.kind}|${obj.metadata.namespace ?? ''}`;
    const list = byKind.get(key);
    if (list) list.push(obj);
    else byKind.set(key, [obj]);
  }
  const objectContext = {
    environment: input.environment,
    objects,
    objectsOfKind: (kind: string, namespace: string | undefined) => byKind.get(`${kind}|${namespace ?? ''}`) ?? [],
  };

  const violations: PolicyViolation[] = [];
  const waivers: DeclaredWaiver[] = [];
  const violation = (rule: PolicyRule, subject: string, target: PolicyTarget, finding: Finding): PolicyViolation => ({
    ruleId: rule.id,
    severity: rule.severity,
    subject,
    path: finding.path,
    message: finding.message,
    remediation: rule.remediation,
    target,
  });

  /** Validates one declared waiver: valid ones are recorded, invalid ones become violations. */
  const declare = (ruleId: string, reason: unknown, subject: string, target: PolicyTarget, path: string, source: AppliedWaiver['source']): void => {
    const unknownRule = waiverRuleProblem(ruleId, WAIVABLE_RULE_IDS);
    if (unknownRule) {
      if (reportsWaiverProblem(waiverKnownRule.id, ruleId)) violations.push(violation(waiverKnownRule, subject, target, { path, message: unknownRule }));
      return;
    }
    const badReason = waiverReasonProblem(reason);
    if (badReason) {
      if (reportsWaiverProblem(waiverHasReason.id, ruleId)) {
        violations.push(violation(waiverHasReason, subject, target, { path, message: `${badReason}; until then the waiver of ${ruleId} is ignored` }));
      }
      return;
    }
    waivers.push({ ruleId, subject, reason: String(reason).trim(), source, target, suppressed: 0 });
  };

  for (const entry of entries) {
    for (const w of waiverAnnotationsOf(entry.obj)) declare(w.ruleId, w.reason, entry.subject, entry.target, w.path, 'annotation');
  }
  const resourceTargets = new Map<string, PolicyTarget>();
  for (const { resource, index } of resources) resourceTargets.set(resourceSubject(resource), { kind: 'resource', index });
  for (const key of Object.keys(input.config ?? {})) resourceTargets.set(configSubject(key), { kind: 'config', key });
  for (const ruleId of Object.keys(input.resourceWaivers ?? {}).sort()) {
    const bySubject = input.resourceWaivers?.[ruleId] ?? {};
    for (const subject of Object.keys(bySubject).sort()) {
      const target: PolicyTarget = resourceTargets.get(subject) ?? { kind: 'unmatched', subject };
      declare(ruleId, bySubject[subject], subject, target, `waivers.${ruleId}`, 'resource-waivers');
    }
  }

  /** Reports the findings of a rule for one subject, unless a valid waiver covers the rule there. */
  const report = (rule: PolicyRule, subject: string, target: PolicyTarget, findings: readonly Finding[]): void => {
    if (findings.length === 0) return;
    const waiver = waivers.find((w) => w.ruleId === rule.id && w.subject === subject && targetOrder(w.target) === targetOrder(target));
    if (waiver) {
      waiver.suppressed += findings.length;
      return;
    }
    for (const finding of findings) violations.push(violation(rule, subject, target, finding));
  };

  for (const rule of rules) {
    if (rule.checkObject) {
      for (const entry of entries) report(rule, entry.subject, entry.target, rule.checkObject(entry.obj, objectContext));
    }
    if (rule.checkResource) {
      for (const { resource, index } of resources) {
        if (rule.resourceTypes && !rule.resourceTypes.includes(resource.type)) continue;
        report(rule, resourceSubject(resource), { kind: 'resource', index }, rule.checkResource(resource, { environment: input.environment }));
      }
    }
    if (rule.checkConfig && input.config) {
      for (const [key, value] of Object.entries(input.config)) {
        report(rule, configSubject(key), { kind: 'config', key }, rule.checkConfig({ [key]: value }, { environment: input.environment }));
      }
    }
  }

  const byPosition = (a: { target: PolicyTarget; ruleId: string }, b: { target: PolicyTarget; ruleId: string }): number =>
    targetOrder(a.target).localeCompare(targetOrder(b.target)) || a.ruleId.localeCompare(b.ruleId);
  return {
    violations: violations.sort(byPosition),
    waivers: waivers
      .filter((w) => !only || only.has(w.ruleId))
      .sort(byPosition)
      .map(({ ruleId, subject, reason, source, target, suppressed }) => ({ ruleId, subject, reason, source, target, suppressed })),
  };
}
