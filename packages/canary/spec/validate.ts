/**
 * The CanaryService spec at the boundary: `validateCanaryServiceProps(name, input)` parses every prop (one zod
 * schema per top-level prop, schema*.ts), runs the cross-prop and engine parity rules (rules.ts, parity.ts),
 * collects EVERY problem and throws one {@link ValidationError}; otherwise it resolves the parsed props
 * (resolve.ts) into the {@link ResolvedCanaryService} every renderer reads. Bad input never produces partial
 * output.
 */
import type { z } from 'zod';
import { isObjectRecord, objectProblems, problemCount, ValidationError, type Problem } from '../../shared';
import type { CanaryServiceProps } from './props';
import type { ResolvedCanaryService } from './resolved';
import { deepFreeze, resolve } from './resolve';
import { crossPropProblems } from './rules';
import { OPTIONAL_SECTIONS, SECTION_SCHEMAS, SECTIONS, type ParsedCanaryService, type SectionKey, type Sections } from './schema';
import { formatPath, toProblems } from './schema-helpers';

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

  const sections: ParsedSections = {};
  for (const key of SECTION_KEYS) {
    const given = key === 'name' ? (input.name ?? name) : key === 'namespace' ? (input.namespace ?? context.namespace) : input[key];
    const issues = parseInto(sections, key, given);
    if (issues.length > 0) problems.push(...toProblems(subject, issues.map((i) => ({ ...i, path: [key, ...i.path] }))));
  }
  problems.push(...crossPropProblems(subject, sections));

  if (problems.length > 0) {
    throw new ValidationError(`CanaryService "${subject}" has ${problemCount(problems.length)}`, problems);
  }
  if (!isParsed(sections)) throw new Error(`CanaryService "${subject}": a required section parsed without a value (a schema bug)`);
  const resolved = resolve(sections);
  RESOLVED.add(resolved);
  return resolved;
}

const SECTION_KEYS = Object.keys(SECTIONS) as SectionKey[];
const VALID_FIELDS = [...SECTION_KEYS].sort().join(', ');
const OPTIONAL: readonly SectionKey[] = OPTIONAL_SECTIONS;
/** Sections every parsed spec has: all but {@link OPTIONAL_SECTIONS}. */
const REQUIRED_SECTIONS = SECTION_KEYS.filter((key) => !OPTIONAL.includes(key));

/** The sections that parsed so far; a section is absent when it did not parse, or is optional and not given. */
type ParsedSections = { -readonly [K in SectionKey]?: Sections[K] };

/** True when every section a parsed spec needs is present (always, once no section has a problem). */
function isParsed(sections: ParsedSections): sections is ParsedCanaryService {
  return REQUIRED_SECTIONS.every((key) => sections[key] !== undefined);
}

/** The parsed value of each section that was not given: constant, so parsed once and shared (frozen). */
const DEFAULT_SECTIONS: ParsedSections = {};
/** Sections whose value when not given is in {@link DEFAULT_SECTIONS} (absent there: an optional section). */
const DEFAULTED = new Set<SectionKey>();

/** Parses section `key` into `sections` (left out when its value is undefined); returns its issues. */
function parseInto<K extends SectionKey>(sections: ParsedSections, key: K, value: unknown): readonly z.core.$ZodIssue[] {
  if (value === undefined && DEFAULTED.has(key)) {
    const cached = DEFAULT_SECTIONS[key];
    if (cached !== undefined) sections[key] = cached;
    return [];
  }
  const result = parseSection(key, value);
  if (!result.success) return result.error.issues;
  const data = result.data;
  if (value === undefined) {
    if (data !== undefined) DEFAULT_SECTIONS[key] = deepFreeze(data);
    DEFAULTED.add(key);
  }
  if (data !== undefined) sections[key] = data;
  return [];
}

/**
 * Parses one section. zod's fast path is only taken without `reportInput`, so the input is parsed plainly
 * first and again with `reportInput` (values in messages) only when it fails.
 */
function parseSection<K extends SectionKey>(key: K, value: unknown): z.ZodSafeParseResult<Sections[K]> {
  const schema = SECTION_SCHEMAS[key];
  const result = schema.safeParse(value);
  if (result.success) return result;
  const detailed = schema.safeParse(value, { reportInput: true });
  return detailed.success ? result : detailed;
}
