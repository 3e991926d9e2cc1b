import type { Command } from 'commander';
import type { BackupRestores, FailoverProbes, FailoverWorkspace } from '../failover/workspace';
import { consoleOutput, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';
import { packageRoot } from './synth';

/** Options of `canary-platform failover`. */
export interface FailoverCliOptions {
  /** The stack that takes the traffic: a standby (failover), or the stack a standby stands by for (failback). Required. */
  readonly to: string;
  /** Print the ordered steps, their estimates, the critical path and the standby's cost; call nothing. @default false */
  readonly dryRun?: boolean;
  /** A game day: scale the standby and restore into it, never move traffic, never refuse on a serving source. @default false */
  readonly drill?: boolean;
  /** Fail over although the source still serves traffic. @default false */
  readonly force?: boolean;
  /** Run one step at a time. @default false */
  readonly sequential?: boolean;
  /** Stream Pulumi's own output, prefixed with the step. @default false */
  readonly verbose?: boolean;
}

/** What a real run uses besides its options; tests replace them. */
export interface FailoverCliDependencies {
  /** Repository root. @default this package's root */
  readonly rootDir?: string;
  /** Opens stacks. @default the Automation API (`LocalWorkspace`) */
  readonly workspace?: () => FailoverWorkspace;
  /** Backup for GKE. @default gcloud */
  readonly restores?: () => BackupRestores;
  /** Probes of the running systems. @default HTTP and kubectl */
  readonly probes?: () => FailoverProbes;
  /** Milliseconds clock. @default performance.now */
  readonly clock?: () => number;
}

/**
 * Runs `failover`; returns the exit code: 0 every step done or skipped, 1 a user mistake, a refusal or a failed
 * step, 2 an unexpected error. The stack files are validated (and checked against each other) first.
 */
export async function runFailoverCli(options: FailoverCliOptions, output: CliOutput = consoleOutput, deps: FailoverCliDependencies = {}): Promise<number> {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { loadStandbyPair } = require('../failover/pair') as typeof import('../failover/pair');
    const { failoverPlan } = require('../failover/plan') as typeof import('../failover/plan');
    const { formatFailoverEvent, formatFailoverPlan, formatFailoverReport, planTitle } = require('../failover/format') as typeof import('../failover/format');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const rootDir = deps.rootDir ?? packageRoot();
    const pair = loadStandbyPair(rootDir, options.to);
    if (pair.direction === 'failback' && options.drill === true) {
      throw new UsageError(`--drill rehearses a failover into a standby; "${options.to}" is the primary of ${pair.standby.stack} (use --to ${pair.standby.stack} --drill)`);
    }
    if (pair.direction === 'failover' && options.drill !== true && !pair.standby.config.standby.settings.traffic) {
      throw new UsageError(
        `${pair.standby.config.file} has no canary-platform:standby.traffic: a failover could not move traffic. Set it (see Pulumi.dr.yaml), or use --drill`,
      );
    }
    const plan = failoverPlan(pair, { drill: options.drill === true, force: options.force === true });
    if (options.dryRun === true) {
      for (const line of formatFailoverPlan(plan)) output.out(line);
      return 0;
    }
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cloud = require('../failover/cloud') as typeof import('../failover/cloud');
    const { runFailover } = require('../failover/engine') as typeof import('../failover/engine');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const workspace = deps.workspace ? deps.workspace() : cloud.failoverWorkspace();
    const restores = deps.restores ? deps.restores() : cloud.gcloudRestores();
    const probes = deps.probes ? deps.probes() : cloud.clusterProbes(rootDir, pair, workspace);
    output.out(`${planTitle(plan)}: creates or updates cloud resources, never deletes.`);
    const report = await runFailover({
      plan,
      rootDir,
      workspace,
      restores,
      probes,
      parallel: options.sequential !== true,
      onEvent: (event) => {
        for (const line of formatFailoverEvent(event, options.verbose === true)) output.out(line);
      },
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
    for (const line of formatFailoverReport(report)) output.out(line);
    return report.ok ? 0 : 1;
  } catch (err) {
    return reportError(err, output);
  }
}

/** `canary-platform failover --to <stack> [--dry-run] [--drill] [--force] [--sequential] [--verbose]`. */
export const failoverCommand: CliCommand = {
  name: 'failover',
  register(program: Command, cli: CliContext): void {
    program
      .command('failover')
      .description(
        'Promote a warm standby (scale to production size, restore data, move DNS), or fail back; resumable, never destroys',
      )
      .requiredOption('--to <stack>', 'the stack that takes the traffic: a standby (failover), or the stack a standby stands by for (failback)')
      .option('--dry-run', 'print the ordered steps, their estimated durations, the critical path (p50/p95) and what the standby costs; call nothing')
      .option('--drill', 'game day: scale the standby and restore into it, but never move traffic or scale anything down')
      .option('--force', 'fail over although the source still serves traffic')
      .option('--sequential', 'run one step at a time (default: independent steps side by side)')
      .option('-v, --verbose', "stream Pulumi's own output, prefixed with the step")
      .action(async (opts: FailoverCliOptions) => {
        cli.setExitCode(await runFailoverCli(opts, cli.output));
      });
  },
};
