/**
 * The CanaryService spec: validation at the boundary and resolution of defaults.
 *
 * `validateCanaryServiceProps(name, input)` checks every prop (zod schemas in schema*.ts, cross-prop rules in
 * spec-rules.ts), collects EVERY problem and throws one {@link ValidationError}; otherwise it returns the
 * {@link ResolvedCanaryService} every renderer reads. Bad input never produces partial output.
 */
import type { z } from 'zod';
import { isObjectRecord, objectProblems, problemCount, ValidationError, type Problem } from '../../shared';
import type { CanaryServiceProps } from './props';
import type { ResolvedCanaryService } from './resolved';
import { SECTIONS, type SectionKey, type Sections } from './schema';
import { formatPath, toProblems } from './schema-helpers';
import { DEFAULTS } from './defaults';
import { crossPropProblems, relativeLatencyByDefault } from './rules';

/** Where a spec is declared, for defaults that come from the surroundings. */
export interface SpecContext {
  /** Namespace used when the props set none (the cdk8s chart's namespace). @default 'default' */
  readonly namespace?: string;
}

/** Specs returned by validation: rendering them again skips re-validation. */
const RESOLVED = new WeakSet<object>();

/** True when `value` is a spec returned by {@link validateCanaryServiceProps}. */
export function isResolvedCanaryService(value: unknown): value is ResolvedCanaryService {
  return typeof value === 'object' && value !== null && RESOLVED.has(value);
}

/**
 * Validates CanaryService props and resolves every default.
 *
 * @param name the service name, used when `input.name` is not set (the construct id), and as the subject of
 *   every problem
 * @param input the props (unknown: JSON or YAML input is checked as carefully as typed code)
 * @param context defaults that come from where the service is declared
 * @returns the resolved spec (frozen)
 * @throws ValidationError listing every problem, e.g. `podinfo: strategy.maxWeight (120) must be 1-100`
 */
export function validateCanaryServiceProps(name: string, input: CanaryServiceProps | unknown, context: SpecContext = {}): ResolvedCanaryService {
  if (isResolvedCanaryService(input)) return input;
  if (!isObjectRecord(input)) throw new ValidationError(`CanaryService "${name}" has ${problemCount(1)}`, objectProblems(name, { props: input }));
  const subject = typeof input.name === 'string' && input.name !== '' ? input.name : name;

  const problems: Problem[] = [];
  for (const key of Object.keys(input)) {
    if (!(key in SECTIONS)) problems.push({ subject, path: formatPath([key]), message: `is not a known field (valid fields: ${VALID_FIELDS})` });
  }

  const sections: Partial<Record<SectionKey, unknown>> = {};
  for (const key of SECTION_KEYS) {
    const given = key === 'name' ? (input.name ?? name) : key === 'namespace' ? (input.namespace ?? context.namespace) : input[key];
    const result = parseSection(key, given);
    if (result.success) sections[key] = result.data;
    else problems.push(...toProblems(subject, result.issues.map((i) => ({ ...i, path: [key, ...i.path] }))));
  }
  problems.push(...crossPropProblems(subject, sections as Partial<Sections>));

  if (problems.length > 0) {
    throw new ValidationError(`CanaryService "${subject}" has ${problemCount(problems.length)}`, problems);
  }
  const resolved = resolve(sections as Sections);
  RESOLVED.add(resolved);
  return resolved;
}

const SECTION_KEYS = Object.keys(SECTIONS) as SectionKey[];
const VALID_FIELDS = [...SECTION_KEYS].sort().join(', ');

/** The parsed value of each section that was not given: constant, so parsed once and shared (frozen). */
const DEFAULT_SECTIONS = new Map<SectionKey, unknown>();

type SectionResult = { readonly success: true; readonly data: unknown } | { readonly success: false; readonly issues: readonly z.core.$ZodIssue[] };

/**
 * Parses one section. zod's fast path is only taken without `reportInput`, so the input is parsed plainly
 * first and again with `reportInput` (values in messages) only when it fails.
 */
function parseSection(key: SectionKey, value: unknown): SectionResult {
  if (value === undefined && DEFAULT_SECTIONS.has(key)) return { success: true, data: DEFAULT_SECTIONS.get(key) };
  const schema = SECTIONS[key] as z.ZodType;
  const result = schema.safeParse(value);
  if (result.success) {
    if (value === undefined) DEFAULT_SECTIONS.set(key, deepFreeze(result.data));
    return { success: true, data: result.data };
  }
  const detailed = schema.safeParse(value, { reportInput: true });
  return { success: false, issues: detailed.success ? result.error.issues : detailed.error.issues };
}

/** Fills the defaults that depend on other props, and freezes the result. */
function resolve(s: Sections): ResolvedCanaryService {
  const servicePort = s.servicePort ?? s.port;
  const canaryAddress = `http://${s.name}-canary.${s.namespace}:${servicePort}`;
  const acceptance = s.webhooks.acceptanceTest;
  const webhooks: ResolvedCanaryService['webhooks'] = {
    ...s.webhooks,
    acceptanceTest:
      acceptance === false
        ? false
        : { command: acceptance.command ?? `curl -sSf --max-time 10 -o /dev/null ${canaryAddress}${s.probes.readiness.path}`, timeout: acceptance.timeout },
  };
  const { checks } = s.analysis;
  const analysis: ResolvedCanaryService['analysis'] = {
    ...s.analysis,
    checks: { ...checks, relativeLatency: checks.relativeLatency ?? (relativeLatencyByDefault(s.strategy) ? DEFAULTS.checks.relativeLatency : false) },
  };
  // Built key by key (no `delete`, which would make every spec a slow dictionary-mode object): optional props
  // that were not given are absent, not undefined.
  const spec: Record<string, unknown> = {};
  for (const key of SECTION_KEYS) {
    const value = key === 'servicePort' ? servicePort : key === 'webhooks' ? webhooks : key === 'analysis' ? analysis : s[key];
    if (value !== undefined) spec[key] = value;
  }
  return deepFreeze(spec as unknown as ResolvedCanaryService);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
