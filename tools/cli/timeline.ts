import type { Command } from 'commander';
import type { ServiceTimeline } from '../../packages/canary-observability/timeline';
import { addSummarySection, type SummarySection, type SummaryTable } from '../offline/summary';
import { consoleOutput, reportError, type CliCommand, type CliContext, type CliOutput } from './command';
import { UsageError } from '../shared/errors';
import { resolveProjectDir } from './synth';

/** Options of `canary-platform timeline`. */
export interface TimelineCliOptions {
  /** Stack whose services are shown. @default 'prod' */
  readonly stack: string;
  /** Folder holding Pulumi.yaml. @default the working directory when it has a Pulumi.yaml, else the package */
  readonly projectDir?: string;
  /**
   * Request rates (requests per second to the service, all versions together), comma-separated: for each, how long
   * the canary judge takes to promote a healthy release on the service's schedule. @default - not shown
   */
  readonly rps?: string;
}

/**
 * Parses `--rps`: comma-separated numbers above 0.
 * @throws UsageError naming the value and what is valid
 */
export function parseRates(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const rates = parts.map(Number);
  if (parts.some((p) => p === '') || rates.some((r) => !(r > 0) || !Number.isFinite(r))) {
    throw new UsageError(`--rps "${text}" must be request rates above 0, comma-separated (for example --rps 1,10,100)`);
  }
  return rates;
}

/**
 * How long the canary judge takes to promote a healthy release of `t` at each rate (packages/judge's
 * `estimateReleaseDuration` on the service's traffic weights and analysis interval, default judge settings), one
 * line each.
 */
export function judgeTimelineLines(t: ServiceTimeline, rates: readonly number[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { estimateReleaseDuration } = require('../../packages/judge/plan') as typeof import('../../packages/judge/plan');
  const weights = [...new Set(t.schedule.map((s) => s.canaryWeight).filter((w) => w > 0 && w < 100))];
  if (weights.length === 0) return ['  with the canary judge: no traffic step to judge (this strategy shifts no weight)'];
  return [
    `  with the canary judge (docs/judge.md; default settings, ${weights.join('% → ')}% every ${t.timing.intervalSeconds}s):`,
    ...rates.map((rate) => {
      const e = estimateReleaseDuration({ requestsPerSecond: rate, weights, interval: `${t.timing.intervalSeconds}s` });
      const needed = `${e.canaryRequestsNeeded} canary requests needed`;
      return e.minutes === null
        ? `    at ${rate} req/s: held until maxHold, then failed: never enough traffic (${needed})`
        : `    at ${rate} req/s: promotion after about ${formatMinutes(e.minutes)} of analysis (${needed})`;
    }),
  ];
}

const formatMinutes = (minutes: number): string => (minutes < 1 ? `${Math.round(minutes * 60)}s` : `${Math.round(minutes * 10) / 10} min`);

/** Raw stack configuration as Pulumi hands it to a program. */
export interface RawStackConfig {
  /** The stack file, for messages. */
  readonly file: string;
  /** Namespaced keys, structured values JSON-encoded. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys holding secrets. */
  readonly secretKeys: readonly string[];
}

/**
 * The timeline of every CanaryService of a stack configuration, in the stack's order: the stack config is
 * validated (`stacks/platform/config.ts`), each service's props resolved by the CanaryService's own validation, and the
 * timeline laid out from the canary helper's timing arithmetic.
 * @throws ValidationError for an invalid stack file or service
 */
export function stackTimelines(raw: RawStackConfig): ServiceTimeline[] {
  // Loaded on use: `--help` and other commands do not pay for them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parseStackConfig } = require('../../stacks/platform/config') as typeof import('../../stacks/platform/config');
  const { validateCanaryServiceProps } = require('../../packages/canary/spec') as typeof import('../../packages/canary/spec');
  const { serviceTimeline } = require('../../packages/canary-observability/timeline') as typeof import('../../packages/canary-observability/timeline');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = parseStackConfig(raw.config, { file: raw.file, secretKeys: raw.secretKeys });
  return config.services.map(({ namespace, ...props }) =>
    serviceTimeline(validateCanaryServiceProps(String(props.name), props, { namespace })),
  );
}

/** Keeps the timelines whose service is `filter` (`name` or `namespace/name`); every one when absent. */
export function selectTimelines(timelines: readonly ServiceTimeline[], filter: string | undefined, file: string): ServiceTimeline[] {
  if (filter === undefined) return [...timelines];
  const selected = timelines.filter((t) => t.service === filter || t.service.split('/')[1] === filter);
  if (selected.length === 0) {
    const known = timelines.map((t) => t.service).join(', ') || 'none';
    throw new UsageError(`no service "${filter}" in ${file}; services: ${known}`);
  }
  return selected;
}

/** Prints the timelines of a stack's services; returns the exit code. */
export function runTimeline(service: string | undefined, options: TimelineCliOptions, output: CliOutput = consoleOutput): number {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { readProject, readStackConfig } = require('../offline/stack-files') as typeof import('../offline/stack-files');
    const { renderServiceTimeline } = require('../../packages/canary-observability/timeline') as typeof import('../../packages/canary-observability/timeline');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const project = readProject(resolveProjectDir(options.projectDir, process.cwd()));
    const stack = readStackConfig(project, options.stack);
    const rates = options.rps === undefined ? undefined : parseRates(options.rps);
    const timelines = selectTimelines(stackTimelines(stack), service, stack.file);
    if (timelines.length === 0) {
      output.out(`${stack.file} declares no CanaryService (canary-platform:services is empty).`);
      return 0;
    }
    output.out(`Canary timeline of stack "${options.stack}" (${stack.file})`);
    for (const t of timelines) {
      output.out('');
      for (const line of renderServiceTimeline(t)) output.out(line);
      if (rates !== undefined) for (const line of judgeTimelineLines(t, rates)) output.out(line);
    }
    return 0;
  } catch (err) {
    return reportError(err, output);
  }
}

/** `canary-platform timeline [service] [--stack prod] [--project-dir DIR]`. */
export const timelineCommand: CliCommand = {
  name: 'timeline',
  register(program: Command, cli: CliContext): void {
    program
      .command('timeline')
      .description(
        'Print each CanaryService\'s traffic schedule, time to full promotion and worst-case time from a failure to rollback',
      )
      .argument('[service]', 'only this service (name or namespace/name)')
      .option('-s, --stack <name>', 'stack whose services are shown (reads Pulumi.<name>.yaml)', 'prod')
      .option('-C, --project-dir <dir>', 'folder holding Pulumi.yaml (default: the working directory, else this package)')
      .option('--rps <rates>', 'also show how long the canary judge takes to promote at these request rates (req/s, comma-separated)')
      .action((service: string | undefined, opts: TimelineCliOptions) => {
        cli.setExitCode(runTimeline(service, opts, cli.output));
      });
  },
};

/**
 * The `Canary timeline` section of the synth summary: one row per CanaryService of the stack with its
 * strategy, analysis interval × threshold, time to full promotion, worst case from a failure on the canary to
 * rollback, and worst case from a failing release being applied to rollback. Hidden when the stack has none.
 */
export const timelineSummarySection: SummarySection = {
  title: 'Canary timeline (worst case)',
  render(report): SummaryTable | undefined {
    const stackConfig = report.rendered?.stackConfig;
    if (stackConfig === undefined) return undefined;
    // A team's own project (examples/team-stack) declares its services in code, not in `canary-platform:services`.
    if (!Object.keys(stackConfig.config).some((key) => key.startsWith('canary-platform:'))) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { timelineSummaryRow } = require('../../packages/canary-observability/timeline') as typeof import('../../packages/canary-observability/timeline');
    const rows = stackTimelines(stackConfig).map(timelineSummaryRow);
    if (rows.length === 0) return undefined;
    return {
      columns: ['service', 'strategy', 'interval × threshold', 'promotion', 'failure -> rollback', 'release -> rollback'],
      rows: rows.map((r) => [r.service, r.strategy, r.analysis, r.promotion, r.failureToRollback, r.releaseToRollback]),
    };
  },
};

addSummarySection(timelineSummarySection);
