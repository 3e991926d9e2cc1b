/**
 * The policies as an offline-render (synth) check: maps what synth rendered to {@link evaluatePolicies} and its
 * violations to problems naming the manifest file or resource. Typed structurally, so the policies do not
 * depend on the offline engine; plug in with `policyCheck` in `tools/offline/plugins.ts`, and list waivers in
 * the synth summary with {@link policyWaiverTable}.
 */
import type { KubeObject, Problem } from '../shared';
import { evaluatePolicies } from './evaluate';
import { PROD_ENVIRONMENT, type EvaluatePoliciesInput, type EvaluatePoliciesResult, type PolicyTarget, type ResourceWaivers } from './types';

/** Stack config key holding the environment (`prod` switches on the prod-only rules). */
export const ENVIRONMENT_CONFIG_KEY = 'canary-platform:environment';
/** Stack config key holding waivers for Pulumi resources: `{ "<rule-id>": { "<type>::<name>": "<reason>" } }`. */
export const WAIVERS_CONFIG_KEY = 'canary-platform:policyWaivers';

/** The parts of synth's rendered stack the policies read. */
export interface RenderedStackForPolicies {
  readonly plan: {
    readonly stack: string;
    readonly resources: ReadonlyArray<{ readonly type: string; readonly name: string; readonly inputs: Readonly<Record<string, unknown>> }>;
  };
  readonly manifests: ReadonlyArray<{ readonly object: KubeObject; readonly path: string }>;
  /** Stack config as Pulumi hands it to programs (structured values JSON-encoded), with its secret keys. */
  readonly stackConfig?: {
    readonly file: string;
    readonly config: Readonly<Record<string, string>>;
    /** The placeholders standing in for `secure:` values. */
    readonly secretValues: readonly string[];
  };
}

/** Replaces the offline placeholders of `secure:` values with `"[secret]"`, at any depth. */
function redact(value: unknown, placeholders: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return placeholders.has(value) ? '[secret]' : value;
  if (Array.isArray(value)) return value.map((v) => redact(v, placeholders));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, placeholders)]));
  return value;
}

function parseConfigValue(value: string): unknown {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

/**
 * The policy input for a rendered stack: manifests as objects, every Pulumi resource, the stack config (`secure:`
 * values as `"[secret]"`), the environment from `canary-platform:environment` (else the stack name) and resource
 * waivers from `canary-platform:policyWaivers`.
 */
export function policyInputFromRendered(stack: RenderedStackForPolicies): EvaluatePoliciesInput {
  const raw = stack.stackConfig?.config ?? {};
  const placeholders = new Set(stack.stackConfig?.secretValues ?? []);
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key !== WAIVERS_CONFIG_KEY) config[key] = redact(parseConfigValue(value), placeholders);
  }
  const waivers = raw[WAIVERS_CONFIG_KEY] === undefined ? {} : (parseConfigValue(raw[WAIVERS_CONFIG_KEY]) as ResourceWaivers);
  return {
    objects: stack.manifests.map((m) => m.object),
    resources: stack.plan.resources.map(({ type, name, inputs }) => ({ type, name, inputs })),
    config,
    environment: raw[ENVIRONMENT_CONFIG_KEY] ?? stack.plan.stack ?? PROD_ENVIRONMENT,
    resourceWaivers: waivers,
  };
}

/** Where a violation or waiver is in the rendered stack: the manifest file, the resource, or the stack file. */
export function renderedSubject(stack: RenderedStackForPolicies, target: PolicyTarget, fallback: string): string {
  switch (target.kind) {
    case 'object':
      return `manifests/${stack.manifests[target.index].path}`;
    case 'resource': {
      const r = stack.plan.resources[target.index];
      return `${r.type}::${r.name}`;
    }
    case 'config':
      return stack.stackConfig ? `${stack.stackConfig.file} ${target.key}` : `config ${target.key}`;
    case 'unmatched':
      return fallback;
  }
}

/** Evaluates the policies on a rendered stack. */
export function evaluateRendered(stack: RenderedStackForPolicies): EvaluatePoliciesResult {
  return evaluatePolicies(policyInputFromRendered(stack));
}

/**
 * The synth check: one problem per blocking violation, naming the manifest file (or resource) and the field,
 * tagged with the rule id: `manifests/apps/deployment-web.yaml: spec...image (...) ...; pin ... [workload-image-pinned]`.
 */
export function policyCheck(stack: RenderedStackForPolicies): Problem[] {
  return evaluateRendered(stack)
    .violations.filter((v) => v.severity === 'error')
    .map((v) => ({ subject: renderedSubject(stack, v.target, v.subject), path: v.path, message: `${v.message} [${v.ruleId}]` }));
}

/** The waivers of a rendered stack as a summary table (rule, subject, findings waived, reason); `undefined` when none. */
export function policyWaiverTable(stack: RenderedStackForPolicies): { columns: string[]; rows: string[][] } | undefined {
  const { waivers } = evaluateRendered(stack);
  if (waivers.length === 0) return undefined;
  return {
    columns: ['rule', 'waived for', 'findings', 'reason'],
    rows: waivers.map((w) => [w.ruleId, renderedSubject(stack, w.target, w.subject), w.suppressed === 0 ? '0 (unused)' : String(w.suppressed), w.reason]),
  };
}
