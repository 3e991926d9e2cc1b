import { editDistance, type KubeObject } from '../../shared';
import type { PolicyRule } from '../types';
import { asRecord, subPath } from '../support/values';

/** Annotation prefix that waives a rule for one object: `policy.canary-platform.dev/waive-<rule-id>: "<reason>"`. */
export const WAIVER_ANNOTATION_PREFIX = 'policy.canary-platform.dev/waive-';

/** The annotation that waives `ruleId`. */
export function waiverAnnotation(ruleId: string): string {
  return `${WAIVER_ANNOTATION_PREFIX}${ruleId}`;
}

/** Words that say nothing about why a rule is waived. */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'todo', 'tbd', 'fixme', 'na', 'n/a', 'none', 'reason', 'waived', 'waiver', 'waive', 'temporary', 'temp', 'ok', 'okay',
  'yes', 'true', 'skip', 'ignore', 'needed', 'required', 'because', 'later', 'test', 'testing', 'xxx', 'wip', 'fix',
]);

/** Minimum length and word count of a waiver reason. */
export const MIN_REASON_LENGTH = 15;
/** Fewest words a waiver's reason must have. */
export const MIN_REASON_WORDS = 3;

/**
 * Why a waiver reason is not acceptable, or `undefined` when it is. A reason must have at least
 * {@link MIN_REASON_WORDS} words and {@link MIN_REASON_LENGTH} characters and more than placeholder words
 * ("TODO", "temporary", "n/a").
 */
export function waiverReasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== 'string' || reason.trim() === '') return 'has no reason; say why the rule does not apply here and until when';
  const text = reason.trim();
  const words = text.toLowerCase().match(/[a-z0-9/]+/g) ?? [];
  const meaningful = words.filter((w) => !PLACEHOLDER_WORDS.has(w));
  if (text.length < MIN_REASON_LENGTH || words.length < MIN_REASON_WORDS || meaningful.length < 2) {
    return `has a reason (${JSON.stringify(text)}) that explains nothing; write at least ${MIN_REASON_WORDS} words saying why the rule does not apply here and until when`;
  }
  return undefined;
}

/** Every waiver annotation on an object: rule id, reason and the annotation's path. */
export function waiverAnnotationsOf(obj: KubeObject): { ruleId: string; reason: unknown; path: string }[] {
  const annotations = asRecord(obj.metadata?.annotations) ?? {};
  return Object.entries(annotations)
    .filter(([key]) => key.startsWith(WAIVER_ANNOTATION_PREFIX))
    .map(([key, reason]) => ({ ruleId: key.slice(WAIVER_ANNOTATION_PREFIX.length), reason, path: subPath('metadata', 'annotations', key) }))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

export const waiverHasReason: PolicyRule = {
  id: 'waiver-has-reason',
  severity: 'error',
  description: `Every waiver gives a reason of at least ${MIN_REASON_WORDS} words that is not a placeholder (TODO, n/a, temporary).`,
  rationale: 'A waiver is a decision someone must be able to review and revisit; without a reason it is an unexplained hole in the policy.',
  remediation: 'Write why the rule does not apply to this resource and until when, for example "hostNetwork needed by the node-local DNS cache until GKE NodeLocal DNSCache replaces it".',
};

/** Why a waiver's rule id is not acceptable, or `undefined` when it is one of `knownRuleIds`. Suggests close ids. */
export function waiverRuleProblem(ruleId: string, knownRuleIds: readonly string[]): string | undefined {
  if (knownRuleIds.includes(ruleId)) return undefined;
  const limit = Math.max(3, Math.floor(ruleId.length / 4));
  const close = knownRuleIds
    .map((id) => ({ id, d: editDistance(ruleId, id) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map(({ id }) => id);
  const hint = close.length > 0 ? `; did you mean ${close.join(' or ')}?` : '; see docs/policies.md for the rule ids';
  return `waives ${JSON.stringify(ruleId)}, which is not a rule${hint}`;
}

export const waiverKnownRule: PolicyRule = {
  id: 'waiver-known-rule',
  severity: 'error',
  description: 'Every waiver names an existing rule id (waiver rules themselves cannot be waived).',
  rationale: 'A waiver with a misspelt rule id waives nothing, and the author believes the resource is covered.',
  remediation: 'Use one of the rule ids listed in docs/policies.md in the annotation `policy.canary-platform.dev/waive-<rule-id>`.',
};

/**
 * The rules about waivers themselves. The evaluation engine implements them (with {@link waiverReasonProblem}
 * and {@link waiverRuleProblem}) for annotations and resource waivers alike; they cannot be waived.
 */
export const WAIVER_RULES: readonly PolicyRule[] = [waiverHasReason, waiverKnownRule];
