import type { Command } from 'commander';
import { objectId, type KubeObject } from '../../packages/shared';
import type { AppliedWaiver, Severity } from '../../packages/policies/types';
import { locationOf, type CheckInput, type FileObject, type SkippedDocument } from './check-files';
import { consoleOutput, EXIT_USER_ERROR, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';

/** Output formats of `check`. */
export const CHECK_FORMATS = ['text', 'json'] as const;
/** An output format of `check`. */
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Options of `canary-platform check`. */
export interface CheckCliOptions {
  /** Output format: one line per finding, or one JSON document for CI. @default 'text' */
  readonly format: CheckFormat;
  /** Environment the manifests are for; `prod` switches on the prod-only rules. @default 'prod' */
  readonly environment: string;
}

/** One thing wrong in the checked files. */
export interface CheckFinding {
  /** A policy rule id, or `schema` (schema validation), `promql` (a query that does not parse), `parse` (bad YAML/JSON). */
  readonly ruleId: string;
  /** `error` blocks (non-zero exit); `warning` is reported only. */
  readonly severity: Severity;
  /** The file. */
  readonly file: string;
  /** 1-based document position in the file. @default - absent when the finding is about the whole file (a stack config) */
  readonly document?: number;
  /** Index inside a `kind: List` document. @default - absent outside `kind: List` documents */
  readonly item?: number;
  /** The object (`namespace/Kind/name`), `config::<key>` for stack configuration, empty for a file that does not parse. */
  readonly subject: string;
  /** Dotted path of the field. */
  readonly path: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** The rule's general remedy. @default - absent for schema, PromQL and parse findings */
  readonly remediation?: string;
}

/** A waiver found in the checked files. */
export interface CheckWaiver extends Omit<AppliedWaiver, 'target'> {
  /** The file holding the waived object. */
  readonly file: string;
  /** 1-based document position of the object in the file. */
  readonly document: number;
}

/** The result of checking files: what `--format json` prints. */
export interface CheckReport {
  /** True when no finding is an error. */
  readonly ok: boolean;
  /** The environment checked. */
  readonly environment: string;
  /** How much was read and found. */
  readonly counts: {
    readonly files: number;
    readonly objects: number;
    readonly stackConfigs: number;
    readonly skipped: number;
    readonly errors: number;
    readonly warnings: number;
    readonly waivers: number;
  };
  /** Every finding, in file order. */
  readonly findings: readonly CheckFinding[];
  /** Every valid waiver, with how many findings it suppressed. */
  readonly waivers: readonly CheckWaiver[];
  /** Documents not checked (not Kubernetes objects, Kustomize files) and why. */
  readonly skipped: readonly SkippedDocument[];
}

/** A subject for any object, even one missing its name (schema validation reports that). */
function subjectOf(obj: KubeObject): string {
  const metadata = (obj.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return objectId({ kind: obj.kind, metadata: { name: typeof metadata.name === 'string' ? metadata.name : '<no name>', namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined } });
}

/**
 * Checks Kubernetes objects and stack configs read from files: each object against its schema and its PromQL
 * queries, all objects together against the policies (so a PodDisruptionBudget in one file covers a Deployment in
 * another), each `Pulumi.<stack>.yaml` for plaintext secrets. Pure given its input.
 */
export function checkInput(input: CheckInput, environment: string): CheckReport {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validateObject, findQueries, validatePromQL, fillTemplateVariables } = require('../../packages/validation') as typeof import('../../packages/validation');
  const { evaluatePolicies } = require('../../packages/policies') as typeof import('../../packages/policies');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const findings: CheckFinding[] = input.unreadable.map((u) => ({ ruleId: 'parse', severity: 'error', file: u.file, document: u.document, subject: '', path: '', message: u.message }));
  const at = (o: FileObject) => ({ file: o.file, document: o.document, ...(o.item === undefined ? {} : { item: o.item }) });

  for (const o of input.objects) {
    const subject = subjectOf(o.object);
    for (const p of validateObject(o.object, subject)) findings.push({ ruleId: 'schema', severity: 'error', ...at(o), subject, path: p.path, message: p.message });
    // Queries are looked for only in objects with a metadata mapping (schema validation reports the others).
    const metadata = o.object.metadata as unknown;
    const queries = metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata) ? findQueries([o.object]) : [];
    for (const q of queries) {
      for (const p of validatePromQL(fillTemplateVariables(q.query), subject, q.path)) findings.push({ ruleId: 'promql', severity: 'error', ...at(o), subject, path: p.path, message: p.message });
    }
  }

  const waivers: CheckWaiver[] = [];
  const objects = evaluatePolicies({ objects: input.objects.map((o) => o.object), environment });
  for (const v of objects.violations) {
    if (v.target.kind !== 'object') continue;
    findings.push({ ruleId: v.ruleId, severity: v.severity, ...at(input.objects[v.target.index]), subject: v.subject, path: v.path, message: v.message, remediation: v.remediation });
  }
  for (const { target, ...w } of objects.waivers) {
    if (target.kind === 'object') waivers.push({ ...w, file: input.objects[target.index].file, document: input.objects[target.index].document });
  }
  for (const stack of input.stackConfigs) {
    const result = evaluatePolicies({ config: stack.config, environment });
    for (const v of result.violations) findings.push({ ruleId: v.ruleId, severity: v.severity, file: stack.file, subject: v.subject, path: v.path, message: v.message, remediation: v.remediation });
  }

  const order = (f: CheckFinding) => `${input.files.indexOf(f.file).toString().padStart(6, '0')}|${String(f.document ?? 0).padStart(6, '0')}|${String(f.item ?? 0).padStart(6, '0')}`;
  const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => order(a.f).localeCompare(order(b.f)) || a.i - b.i).map(({ f }) => f);
  const errors = sorted.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    environment,
    counts: {
      files: input.files.length,
      objects: input.objects.length,
      stackConfigs: input.stackConfigs.length,
      skipped: input.skipped.length,
      errors,
      warnings: sorted.length - errors,
      waivers: waivers.length,
    },
    findings: sorted,
    waivers,
    skipped: input.skipped,
  };
}

/** The text report: one line per finding, then notes, waivers and a summary naming the rule ids. */
export function renderCheckText(report: CheckReport): string[] {
  const lines: string[] = [];
  for (const f of report.findings) {
    const where = f.document === undefined ? f.file : locationOf({ file: f.file, document: f.document, item: f.item });
    const field = f.path ? `${f.path} ` : '';
    lines.push(`${f.severity} [${f.ruleId}] ${where}${f.subject ? ` ${f.subject}` : ''}: ${field}${f.message}`);
  }
  for (const s of report.skipped) lines.push(`note: skipped ${s.document === undefined ? s.file : `${s.file}#${s.document}`}: ${s.reason}`);
  for (const w of report.waivers) {
    const use = w.suppressed === 0 ? 'unused: nothing to waive, remove it' : `${w.suppressed} finding${w.suppressed === 1 ? '' : 's'}`;
    lines.push(`waived [${w.ruleId}] ${w.file}#${w.document} ${w.subject} (${use}): ${JSON.stringify(w.reason)}`);
  }
  const c = report.counts;
  const scope = `${c.files} file${c.files === 1 ? '' : 's'}, ${c.objects} object${c.objects === 1 ? '' : 's'}${c.stackConfigs ? `, ${c.stackConfigs} stack config${c.stackConfigs === 1 ? '' : 's'}` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}; environment ${report.environment}`;
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  const rules = [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, n]) => `${id} (${n})`).join(', ');
  const waived = c.waivers ? `; ${c.waivers} waiver${c.waivers === 1 ? '' : 's'}` : '';
  lines.push(
    report.ok
      ? `check passed: ${scope}${c.warnings ? `; ${c.warnings} warning${c.warnings === 1 ? '' : 's'}: ${rules}` : ''}${waived}`
      : `check failed: ${c.errors} error${c.errors === 1 ? '' : 's'}${c.warnings ? `, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : ''} in ${scope}${waived}; rules: ${rules}`,
  );
  return lines;
}

/** Runs `check` on the paths, prints the report and returns the exit code (0 clean, 1 findings or bad input). */
export function runCheck(paths: readonly string[], options: CheckCliOptions, output: CliOutput = consoleOutput): number {
  try {
    if (!CHECK_FORMATS.includes(options.format)) throw new UsageError(`--format (${JSON.stringify(options.format)}) must be one of: ${CHECK_FORMATS.join(', ')}`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(options.environment)) throw new UsageError(`--environment (${JSON.stringify(options.environment)}) must be a stack-like name such as prod or staging`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { collectFiles, readCheckInput } = require('./check-files') as typeof import('./check-files');
    const report = checkInput(readCheckInput(collectFiles(paths)), options.environment);
    if (options.format === 'json') output.out(JSON.stringify(report, null, 2));
    else for (const line of renderCheckText(report)) output.out(line);
    return report.ok ? 0 : EXIT_USER_ERROR;
  } catch (err) {
    return reportError(err, output);
  }
}

/** `canary-platform check <paths...> [--format text|json] [--environment prod]`. */
export const checkCommand: CliCommand = {
  name: 'check',
  register(program: Command, cli: CliContext): void {
    program
      .command('check')
      .description('Validate Kubernetes YAML/JSON (and Pulumi.<stack>.yaml) against the schemas and the policies; non-zero exit on any error')
      .argument('<paths...>', 'files or folders (walked recursively for .yaml, .yml and .json)')
      .option('-f, --format <format>', `output format: ${CHECK_FORMATS.join(' or ')}`, 'text')
      .option('-e, --environment <name>', 'environment the manifests are for; prod switches on the prod-only rules', 'prod')
      .action((paths: string[], opts: CheckCliOptions) => {
        cli.setExitCode(runCheck(paths, opts, cli.output));
      });
  },
};
