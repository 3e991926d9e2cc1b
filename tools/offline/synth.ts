import { resolve } from 'node:path';
import { ValidationError, sortKeys } from '../../packages/shared';
import { runProgramOffline, type ProgramRun, type ProgramSource } from './engine';
import { mermaidGraph } from './graph';
import { collectHelmReleases, helmFiles } from './helm';
import { collectManifests, manifestFiles } from './manifests';
import { countByType, countPerWave, maskerFor, PLAN_FORMAT, planInvokes, planResources, type Plan } from './plan';
import { SYNTH_CHECKS } from './plugins';
import type { RenderedStack, SynthCheck } from './rendered-stack';
import { readProject, readStackConfig, type PulumiProject, type StackConfig } from './stack-files';
import { findSecretsInFiles, validateRendered, validationCounts } from './validate';
import type { Masker } from './wire-values';
import { shownPath } from './output-folder';
import { prepareOutput, writeRender } from './write-output';
import { DELIVERY_KEY, treeRequest, type TreeRequest } from '../gitops/request';
import { ENVIRONMENT_CONFIG_KEY } from '../../packages/policies/synth-check';
import { renderTree, treeObjects, validateTree } from './gitops-render';

/** Options of {@link synth}. */
export interface SynthOptions {
  /** Folder holding `Pulumi.yaml` and the `Pulumi.<stack>.yaml` files. @default process.cwd() */
  readonly projectDir?: string;
  /** Stack to render. @default 'prod' */
  readonly stack?: string;
  /**
   * Output folder, relative to the working directory. Only a path that does not exist yet or a previous render
   * (recognised by its marker file) is written; see `output-folder.ts` for what is refused.
   * @default `<projectDir>/dist/<stack>`
   */
  readonly outDir?: string;
  /** Told when another run holds the output folder's lock and this one waits. @default - nothing is told */
  readonly onLockWait?: (message: string) => void;
  /** How long to wait for another run writing the same folder, ms. @default 120000 */
  readonly lockTimeoutMs?: number;
  /** The program to run. @default the `main:` of `Pulumi.yaml` (as `pulumi up` runs it) */
  readonly program?: ProgramSource;
  /** Checks run after schema and PromQL validation. @default SYNTH_CHECKS (see `plugins.ts`) */
  readonly checks?: readonly SynthCheck[];
  /**
   * Also write the GitOps tree (`gitops/`) for a stack in `pulumi` delivery mode; a `gitops` stack always gets it.
   * @default false
   */
  readonly gitops?: boolean;
}

/** What one synth produced. */
export interface SynthReport {
  readonly stack: string;
  /** Output folder as given (relative paths stay relative). */
  readonly outDir: string;
  readonly rendered: RenderedStack;
  /** Every file written, relative to the output folder, sorted. */
  readonly files: readonly string[];
  /** Warnings for the reviewer (program warnings, invokes without stand-ins, objects not expanded). */
  readonly warnings: readonly string[];
  /** Time per step, in order. */
  readonly timings: readonly { readonly title: string; readonly ms: number }[];
  /** Total time, ms. */
  readonly durationMs: number;
}

/** The first line synth prints: what kind of render this is. */
export function offlineBanner(stack: string): string {
  return `Offline render of stack "${stack}": the Pulumi program runs under mocks with stand-in cloud outputs; no cloud API is called.`;
}

/** State shared by the steps of one synth. */
export interface SynthContext {
  readonly options: Required<Pick<SynthOptions, 'stack' | 'outDir' | 'checks'>> &
    Pick<SynthOptions, 'onLockWait' | 'lockTimeoutMs' | 'gitops'> & { readonly projectDir: string; readonly program?: ProgramSource };
  project?: PulumiProject;
  stackConfig?: StackConfig;
  run?: ProgramRun;
  masker?: Masker;
  rendered?: RenderedStack;
  files?: Map<string, string>;
  warnings: string[];
  /** The GitOps tree wanted (issue 20, docs/gitops.md), when any. */
  tree?: TreeRequest;
  /** In `gitops` mode: the run describing the in-cluster objects (the program with `delivery: pulumi`). */
  desired?: ProgramRun;
}

/** One step of synth; `title` may be refined by `run` through `setTitle` (progress renderers show it). */
export interface SynthStep {
  readonly title: string;
  run(ctx: SynthContext, setTitle: (title: string) => void): Promise<void> | void;
}

/** Resolves options and defaults into a fresh context. */
export function synthContext(options: SynthOptions = {}): SynthContext {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const stack = options.stack ?? 'prod';
  return {
    options: {
      projectDir,
      stack,
      outDir: options.outDir ?? resolve(projectDir, 'dist', stack),
      checks: options.checks ?? SYNTH_CHECKS,
      program: options.program,
      onLockWait: options.onLockWait,
      lockTimeoutMs: options.lockTimeoutMs,
      gitops: options.gitops,
    },
    warnings: [],
  };
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`synth step order broken: ${what} missing`);
  return value;
}

function render(ctx: SynthContext): void {
  const run = need(ctx.run, 'program run');
  const masker = maskerFor(run);
  const resources = planResources(run, masker);
  const collected = collectManifests(resources, ctx.options.projectDir);
  if (collected.problems.length > 0) throw new ValidationError('Cannot lay out the Kubernetes objects; nothing written', collected.problems);
  const helmReleases = collectHelmReleases(resources);
  const invokes = planInvokes(run);
  const warnings = [
    ...run.logs.filter((l) => l.severity === 'warning').map((l) => masker.text(l.message.trim())),
    ...invokes.filter((i) => !i.answered).map((i) => `invoke ${i.token} has no offline stand-in; the program received an empty result`),
    ...collected.warnings,
  ];
  const waves = countPerWave(resources);
  const plan: Plan = {
    format: PLAN_FORMAT,
    offline: true,
    project: run.project,
    stack: run.stack,
    resources,
    outputs: masker.value(run.stackOutputs) as Plan['outputs'],
    invokes,
    warnings,
    summary: {
      resources: resources.length,
      byType: countByType(resources),
      waves: waves.length,
      resourcesPerWave: waves,
      manifests: collected.objects.length,
      helmReleases: helmReleases.length,
      secretsOmitted: collected.secretsOmitted,
    },
  };
  const files = new Map<string, string>();
  files.set('plan.json', `${JSON.stringify(sortKeys(plan), null, 2)}\n`);
  for (const [path, content] of manifestFiles(collected.objects)) files.set(`manifests/${path}`, content);
  for (const [path, content] of helmFiles(helmReleases)) files.set(`helm/${path}`, content);
  files.set('graph.mmd', mermaidGraph(resources));
  // ---- GitOps tree (issue 20): from the run describing the in-cluster objects.
  const tree = ctx.tree && renderTree(ctx.desired ?? run, ctx.stackConfig, ctx.tree, ctx.options.projectDir);
  for (const [path, content] of tree?.tree.files ?? []) files.set(path, content);
  // ---- end of GitOps tree
  ctx.masker = ctx.desired ? maskerFor({ ...run, secretStrings: new Set([...run.secretStrings, ...ctx.desired.secretStrings]) }) : masker;
  ctx.rendered = { plan, manifests: collected.objects, helmReleases, stackConfig: ctx.stackConfig, ...(tree ? { gitops: tree } : {}) };
  ctx.files = files;
  ctx.warnings.push(...warnings);
}

/** The steps of synth, in order. Progress renderers (the CLI) run them one by one; {@link synth} runs them all. */
export function synthSteps(): SynthStep[] {
  return [
    {
      title: 'Read the stack configuration',
      run: (ctx, setTitle) => {
        // The output folder is checked first: a refused target fails before the long render.
        ctx.warnings.push(...prepareOutput(ctx.options.outDir, writeOptions(ctx)).recovered);
        ctx.project = readProject(ctx.options.projectDir);
        ctx.stackConfig = readStackConfig(ctx.project, ctx.options.stack);
        ctx.tree = treeRequest(ctx.stackConfig.config, ctx.stackConfig.file, ctx.options.gitops === true);
        setTitle(`Read ${ctx.stackConfig.file} (${Object.keys(ctx.stackConfig.config).length} keys)`);
      },
    },
    {
      title: 'Run the Pulumi program offline (mocks, no cloud)',
      run: async (ctx, setTitle) => {
        const project = need(ctx.project, 'project');
        const cfg = need(ctx.stackConfig, 'stack config');
        const run = (config: Readonly<Record<string, string>>) =>
          runProgramOffline({
            project: project.name,
            stack: cfg.stack,
            program: ctx.options.program ?? project.main,
            config,
            secretKeys: cfg.secretKeys,
            secretValues: cfg.secretValues,
            rootDirectory: project.dir,
          });
        ctx.run = await run(cfg.config);
        // GitOps mode: Pulumi applies only the bootstrap; the in-cluster objects Flux applies are what the
        // program registers in `pulumi` mode.
        if (ctx.tree?.delivery === 'gitops') ctx.desired = await run({ ...cfg.config, [DELIVERY_KEY]: 'pulumi' });
        const desired = ctx.desired ? `; in-cluster objects for Flux: ${ctx.desired.registrations.length}` : '';
        setTitle(`Run the Pulumi program offline (mocks, no cloud): ${ctx.run.registrations.length} resources registered${desired}`);
      },
    },
    {
      title: 'Build plan, manifests, Helm releases and graph',
      run: (ctx, setTitle) => {
        render(ctx);
        const r = need(ctx.rendered, 'rendered stack');
        setTitle(`Build plan (${r.plan.summary.resources} resources, ${r.plan.summary.waves} waves), ${r.manifests.length} manifests, ${r.helmReleases.length} Helm releases`);
      },
    },
    {
      title: 'Validate manifests, PromQL queries and checks',
      run: (ctx, setTitle) => {
        const rendered = need(ctx.rendered, 'rendered stack');
        const counts = validationCounts(rendered, ctx.options.checks);
        const tree = rendered.gitops ? `; GitOps tree: ${treeObjects(rendered.gitops.tree).length} objects` : '';
        setTitle(`Validate ${counts.manifests} manifests, ${counts.queries} PromQL queries, ${counts.checks} checks${tree}`);
        const problems = [
          ...validateRendered(rendered, ctx.options.checks),
          ...(rendered.gitops ? validateTree(rendered.gitops, ctx.stackConfig?.config[ENVIRONMENT_CONFIG_KEY] ?? ctx.options.stack) : []),
          ...findSecretsInFiles(need(ctx.files, 'files'), need(ctx.masker, 'masker')),
        ];
        if (problems.length > 0) {
          throw new ValidationError(`Validation failed with ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing written`, problems);
        }
      },
    },
    {
      title: 'Write the output folder',
      run: (ctx, setTitle) => {
        const files = need(ctx.files, 'files');
        const written = writeRender(ctx.options.outDir, files, writeOptions(ctx));
        ctx.warnings.push(...written.recovered);
        setTitle(`Write ${displayPath(written.target)} (${files.size} files)`);
      },
    },
  ];
}

function writeOptions(ctx: SynthContext) {
  const o = ctx.options;
  return { stack: o.stack, projectDir: o.projectDir, onWait: o.onLockWait, ...(o.lockTimeoutMs === undefined ? {} : { timeoutMs: o.lockTimeoutMs }) };
}

/** A path relative to the working directory when inside it (for messages). */
export function displayPath(path: string): string {
  return shownPath(path);
}

/** Builds the report once every step has run. */
export function synthReport(ctx: SynthContext, timings: SynthReport['timings'], durationMs: number): SynthReport {
  return {
    stack: ctx.options.stack,
    outDir: displayPath(resolve(ctx.options.outDir)),
    rendered: need(ctx.rendered, 'rendered stack'),
    files: [...need(ctx.files, 'files').keys()].sort(),
    warnings: ctx.warnings,
    timings,
    durationMs,
  };
}

/**
 * Renders a stack offline to a validated, GitOps-ready folder: reads `Pulumi.<stack>.yaml`, runs the program
 * under mocks, builds `plan.json`, `manifests/`, `helm/` and `graph.mmd`, validates everything, and writes the
 * folder atomically. Nothing is written when any problem is found.
 *
 * @param log receives the banner line first (what kind of render this is)
 * @throws ValidationError for user mistakes (bad stack file, config, manifests, policy violations)
 */
export async function synth(options: SynthOptions = {}, log: (line: string) => void = () => undefined): Promise<SynthReport> {
  const ctx = synthContext(options);
  log(offlineBanner(ctx.options.stack));
  const started = performance.now();
  const timings: { title: string; ms: number }[] = [];
  for (const step of synthSteps()) {
    let title = step.title;
    const t0 = performance.now();
    await step.run(ctx, (t) => {
      title = t;
    });
    timings.push({ title, ms: performance.now() - t0 });
  }
  return synthReport(ctx, timings, performance.now() - started);
}
