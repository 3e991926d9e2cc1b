import type { Command } from 'commander';
import type { RebuildWorkspace } from '../rebuild/workspace';
import { consoleOutput, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';
import { packageRoot } from './synth';

/** Options of `canary-platform rebuild`. */
export interface RebuildCliOptions {
  /** Environment stack to rebuild (reads `Pulumi.<stack>.yaml`). Required. */
  readonly stack: string;
  /** Print the ordered plan and the estimated critical path; call nothing. @default false */
  readonly dryRun?: boolean;
  /** Rebuild into this GCP region (sets `gcp:region` on the layer stacks). @default - the stack file's region */
  readonly region?: string;
  /** Build one layer at a time instead of independent layers side by side. @default false */
  readonly sequential?: boolean;
  /** Stream Pulumi's own output, prefixed with the layer. @default false */
  readonly verbose?: boolean;
}

/** What a rebuild run uses besides its options; tests replace them. */
export interface RebuildCliDependencies {
  /** Repository root: the stack files and `stacks/layers/<layer>/`. @default this package's root */
  readonly rootDir?: string;
  /** Opens the layer stacks of a real run. @default the Automation API (`LocalWorkspace`) */
  readonly workspace?: () => RebuildWorkspace;
  /** Milliseconds clock for durations. @default performance.now */
  readonly clock?: () => number;
}

/**
 * Runs `rebuild`; returns the exit code: 0 every layer up, 1 a user mistake or a layer failed, refused or not
 * started, 2 an unexpected error. The configuration is validated before anything else, in both modes.
 */
export async function runRebuildCli(options: RebuildCliOptions, output: CliOutput = consoleOutput, deps: RebuildCliDependencies = {}): Promise<number> {
  try {
    // Loaded on use, so `--help` and other commands stay fast.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { loadRebuildConfig, missingLayerProjects, rebuildPlan } = require('../rebuild/plan') as typeof import('../rebuild/plan');
    const { approxDuration, formatEvent, formatPlan, formatReport } = require('../rebuild/format') as typeof import('../rebuild/format');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const rootDir = deps.rootDir ?? packageRoot();
    const plan = rebuildPlan(options.stack, loadRebuildConfig(rootDir, options.stack, options.region));
    const missing = missingLayerProjects(rootDir, plan);
    if (missing.length > 0) throw new UsageError(`layer projects are missing: ${missing.join(', ')}`);
    if (options.dryRun === true) {
      for (const line of formatPlan(plan)) output.out(line);
      return 0;
    }

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { pulumiWorkspace } = require('../rebuild/pulumi-workspace') as typeof import('../rebuild/pulumi-workspace');
    const workspace = deps.workspace ? deps.workspace() : pulumiWorkspace();
    output.out(
      `Rebuild of stack "${plan.stack}" into project ${plan.project}, region ${plan.region}: creates or updates cloud resources, never deletes.`,
    );
    output.out(
      `Order: ${plan.waves.map((wave) => wave.join(' + ')).join(' -> ')} (ESTIMATE: p50 ${approxDuration(plan.estimate.total.p50)}, p95 ${approxDuration(plan.estimate.total.p95)})`,
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runRebuild } = require('../rebuild/engine') as typeof import('../rebuild/engine');
    const report = await runRebuild({
      stack: plan.stack,
      rootDir,
      workspace,
      ...(plan.regionChangedFrom !== undefined ? { region: plan.region } : {}),
      parallel: options.sequential !== true,
      onEvent: (event) => {
        for (const line of formatEvent(event, options.verbose === true)) output.out(line);
      },
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
    for (const line of formatReport(report)) output.out(line);
    return report.ok ? 0 : 1;
  } catch (err) {
    return reportError(err, output);
  }
}

/** `canary-platform rebuild --stack <name> [--dry-run] [--region R] [--sequential] [--verbose]`. */
export const rebuildCommand: CliCommand = {
  name: 'rebuild',
  register(program: Command, cli: CliContext): void {
    program
      .command('rebuild')
      .description(
        'Bring an environment up from its stack file, layer by layer in dependency order (Pulumi Automation API); resumable, never destroys',
      )
      .requiredOption('-s, --stack <name>', 'environment stack to rebuild (reads Pulumi.<name>.yaml), for example prod or dr')
      .option('--dry-run', 'print the ordered plan and the estimated critical path; call no cloud and no Pulumi CLI')
      .option('--region <region>', 'rebuild into this GCP region (the stack file must fit it: zones, KMS key)')
      .option('--sequential', 'build one layer at a time (default: independent layers side by side)')
      .option('-v, --verbose', "stream Pulumi's own output, prefixed with the layer")
      .action(async (opts: RebuildCliOptions) => {
        cli.setExitCode(await runRebuildCli(opts, cli.output));
      });
  },
};
