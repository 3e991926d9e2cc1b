/**
 * Shapes shared by the benchmark harness: what a child process reports for one measurement, what the parent
 * aggregates per cell (variant x size), and what the reports are built from.
 */

/** The variants the benchmark knows, in the order tables and the plot list them. */
export const VARIANT_IDS = ['bulk', 'construct', 'baselineOneChart', 'baselineChartPerService', 'prodStack', 'prodStackCli'] as const;

/** One of {@link VARIANT_IDS}. */
export type VariantId = (typeof VARIANT_IDS)[number];

/** What a variant's work function returns besides its timing. */
export interface WorkResult {
  /** Kubernetes objects produced (rendered, or synthesized by cdk8s). */
  readonly objects: number;
  /** Services rendered (N for the per-size variants, the stack's service count for the prod stack). */
  readonly services: number;
  /** Milliseconds of the total spent validating objects, when the variant validates. @default - not reported */
  readonly validationMs?: number;
  /** Free-form facts about the run (for example the steps of the prod-stack synth). @default - none */
  readonly notes?: readonly string[];
  /**
   * Set by work that runs a separate process (the synth CLI): its wall time and peak RSS replace the child's own.
   * @default - the child measures itself
   */
  readonly external?: { readonly ms: number; readonly maxRssKb: number; readonly cpuMs?: number };
}

/** One measurement, as printed by `bench/child.ts` on its last stdout line. */
export interface Sample extends WorkResult {
  readonly variant: VariantId;
  /** Requested size; 0 for variants that are measured once (the prod stack). */
  readonly n: number;
  /** Wall-clock milliseconds of the work (module loading excluded, first-use costs included). */
  readonly ms: number;
  /**
   * CPU milliseconds (user + system, every thread of the process) spent on the work. Less skewed by other load
   * than wall time; can exceed it when the garbage collector runs on a second core. @default - not recorded
   */
  readonly cpuMs?: number;
  /** Milliseconds to load the variant's modules before the timer started. */
  readonly importMs: number;
  /** Peak resident set size of the whole child process, in kilobytes (`process.resourceUsage().maxRSS`). */
  readonly maxRssKb: number;
  /** 1-minute load average when the measurement ended (other work on the machine skews the time). @default - not recorded */
  readonly load1?: number;
}

/** The aggregate of the samples of one cell (variant x size). */
export interface CellResult {
  readonly variant: VariantId;
  readonly n: number;
  /** Number of samples the medians are taken over. */
  readonly runs: number;
  /** Median of `ms`. */
  readonly medianMs: number;
  /** Smallest and largest `ms`, to show spread. */
  readonly minMs: number;
  readonly maxMs: number;
  /** Median CPU time, when recorded. @default - not recorded */
  readonly cpuMs?: number;
  /** Median peak RSS in megabytes. */
  readonly peakRssMb: number;
  readonly objects: number;
  readonly services: number;
  /** Median validation time, when reported. @default - not reported */
  readonly validationMs?: number;
  /** Median module-loading time. */
  readonly importMs: number;
  /** Highest 1-minute load average seen while the cell's samples were taken. @default - not recorded */
  readonly maxLoad1?: number;
  readonly notes?: readonly string[];
}

/** A cell that was not run, and why (shown in the table instead of numbers). */
export interface SkippedCell {
  readonly variant: VariantId;
  readonly n: number;
  readonly reason: string;
}

/** Outcome of one target. */
export type Verdict = 'PASS' | 'FAIL' | 'N/A';

/** One target, evaluated against the results. */
export interface TargetResult {
  readonly id: string;
  /** The target as stated in issue 11. */
  readonly description: string;
  readonly verdict: Verdict;
  /** The numbers behind the verdict, e.g. `5000/1000 = 4.9x (limit 5.5x)`. */
  readonly detail: string;
}

/** Facts about the machine and the run, printed with the results. */
export interface RunEnvironment {
  readonly date: string;
  readonly node: string;
  readonly cpus: string;
  readonly cores: number;
  readonly memoryGb: number;
  /** `os.loadavg()` when the run started and when it ended. */
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** Median and highest 1-minute load average over every sample of the run. @default - not recorded */
  readonly sampleLoad?: { readonly median: number; readonly max: number };
  /** Peak RSS of a child that loads the harness and does nothing, in megabytes (the floor of every RSS figure). */
  readonly emptyChildRssMb?: number;
  readonly command: string;
}

/** Everything a run produced; written to `bench/results/results.json`. */
export interface BenchResults {
  readonly environment: RunEnvironment;
  readonly cells: readonly CellResult[];
  readonly skipped: readonly SkippedCell[];
  /** The targets judged on wall time (as stated in issue 11). */
  readonly targets: readonly TargetResult[];
  /** The same targets judged on CPU time, which other load on the machine skews much less. @default - none */
  readonly targetsOnCpu?: readonly TargetResult[];
}
