/**
 * The rule catalogue as a specification: every rule id has passing inputs and failing inputs with the exact
 * violations (subject, field, message) they produce. A rule without cases, or cases for an id that is not a rule,
 * fails here.
 */
import { ALL_RULE_IDS, evaluatePolicies, findRule, POLICY_RULES } from '../../packages/policies';
import { DELIVERY_CASES } from './cases/delivery';
import { PLATFORM_CASES } from './cases/platform';
import { SECRET_AND_WAIVER_CASES } from './cases/secrets-waivers';
import type { RuleCases } from './cases/types';
import { WORKLOAD_CASES } from './cases/workload';
import { baselineInput } from './fixtures';

const CASES: Record<string, RuleCases> = { ...WORKLOAD_CASES, ...DELIVERY_CASES, ...PLATFORM_CASES, ...SECRET_AND_WAIVER_CASES };

const violationsOf = (input: Parameters<typeof evaluatePolicies>[0]) =>
  evaluatePolicies(input).violations.map(({ ruleId, subject, path, message }) => ({ ruleId, subject, path, message }));

describe('rule catalogue', () => {
  it('has cases for exactly the rule ids', () => {
    expect(Object.keys(CASES).sort()).toEqual([...ALL_RULE_IDS].sort());
  });

  it.each(ALL_RULE_IDS)('%s has at least one passing and one failing case', (id) => {
    expect(CASES[id]?.passes.length).toBeGreaterThan(0);
    expect(CASES[id]?.fails.length).toBeGreaterThan(0);
  });

  it.each(ALL_RULE_IDS)('%s has an id, a severity, a description, a rationale and a remediation', (id) => {
    const rule = findRule(id);
    expect(rule).toBeDefined();
    expect(rule?.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    expect(['error', 'warning']).toContain(rule?.severity);
    for (const text of [rule?.description, rule?.rationale, rule?.remediation]) expect(text?.length).toBeGreaterThan(20);
  });

  it('keeps rule ids unique', () => {
    expect(new Set(ALL_RULE_IDS).size).toBe(ALL_RULE_IDS.length);
  });

  it('gives every checking rule at least one subject to check', () => {
    for (const rule of POLICY_RULES) expect(rule.checkObject ?? rule.checkResource ?? rule.checkConfig).toBeDefined();
  });

  it('lets the compliant baseline pass every rule in prod', () => {
    expect(violationsOf(baselineInput())).toEqual([]);
  });
});

describe.each(Object.entries(CASES))('%s', (ruleId, cases) => {
  it.each(cases.passes.map((c) => [c.name, c] as const))('passes: %s', (_name, c) => {
    expect(violationsOf(c.input)).toEqual([]);
  });

  it.each(cases.fails.map((c) => [c.name, c] as const))('fails: %s', (_name, c) => {
    expect(violationsOf(c.input)).toEqual(c.violations);
    expect(c.violations.some((v) => v.ruleId === ruleId)).toBe(true);
  });
});
