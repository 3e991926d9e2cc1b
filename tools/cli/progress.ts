import type { ListrTask } from 'listr2';

/** A step with a title that the step may refine while running. */
export interface ProgressStep<C> {
  readonly title: string;
  run(ctx: C, setTitle: (title: string) => void): Promise<void> | void;
}

/** Time one step took. */
export interface StepTiming {
  readonly title: string;
  readonly ms: number;
}

/** How progress is shown: listr2's animated renderer on a terminal, one line per step otherwise. */
export type ProgressMode = 'terminal' | 'lines' | 'silent';

/** Chooses the mode from stderr (where progress goes): `lines` when it is not a TTY or `CI=true`. */
export function progressMode(isTTY: boolean, env: NodeJS.ProcessEnv): ProgressMode {
  return isTTY && env.CI !== 'true' && env.CI !== '1' ? 'terminal' : 'lines';
}

/**
 * Runs steps in order with listr2, showing each step's title and time taken on stderr. A step's error is rethrown
 * unchanged once the renderer has shown the step as failed (with the first line of the message only, so the
 * caller can print the full list of problems once).
 */
export async function runWithProgress<C>(steps: readonly ProgressStep<C>[], ctx: C, mode: ProgressMode): Promise<StepTiming[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Listr, ListrLogger, PRESET_TIMER, ProcessOutput } = require('listr2') as typeof import('listr2');
  // Progress goes to stderr, so that stdout carries only results and a closed stdout cannot stop the work.
  const logger = new ListrLogger({ processOutput: new ProcessOutput(process.stderr, process.stderr) });
  const timings: StepTiming[] = [];
  let failure: unknown;
  const tasks: ListrTask[] = steps.map((step) => ({
    title: step.title,
    task: async (_c, task) => {
      const t0 = performance.now();
      let title = step.title;
      try {
        await step.run(ctx, (t) => {
          title = t;
          task.title = t;
        });
      } catch (err) {
        failure = err;
        const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
        throw new Error(message);
      } finally {
        timings.push({ title, ms: performance.now() - t0 });
      }
    },
  }));
  const list = new Listr(tasks, {
    concurrent: false,
    exitOnError: true,
    registerSignalListeners: true,
    renderer: mode === 'silent' ? 'silent' : mode === 'terminal' ? 'default' : 'simple',
    rendererOptions: { timer: PRESET_TIMER, collapseErrors: false, logger },
    fallbackRenderer: 'simple',
    fallbackRendererOptions: { timer: PRESET_TIMER, logger },
    fallbackRendererCondition: mode !== 'terminal',
    silentRendererCondition: mode === 'silent',
  });
  try {
    await list.run();
  } catch (err) {
    throw failure ?? err;
  }
  return timings;
}
