import { VARIANT_IDS, type VariantId } from './types';

/** Settings of one benchmark run. */
export interface BenchOptions {
  /** Sizes N to measure. @default [10, 100, 1000, 5000] */
  readonly sizes: readonly number[];
  /** Samples per cell (fewer for slow cells, see `runsFor`). @default 5 */
  readonly runs: number;
  /** Variants to run. @default every variant */
  readonly variants: readonly VariantId[];
  /** Baseline (b) is quadratic: sizes above this are skipped and marked in the table. @default 2000 */
  readonly chartPerServiceCap: number;
  /** Where results.md, results.json and plot.svg go; none are written when undefined. @default 'bench/results' */
  readonly outDir: string | undefined;
  /** Write a CPU profile of each measured piece of work into this folder (timings then include profiler overhead). @default - no profiling */
  readonly profileDir: string | undefined;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  sizes: [10, 100, 1000, 5000],
  runs: 5,
  variants: VARIANT_IDS,
  chartPerServiceCap: 2000,
  outDir: 'bench/results',
  profileDir: undefined,
};

/** Settings of `--quick`: a smoke run (sizes up to 1000, one sample each, nothing written). */
export const QUICK_OPTIONS: Partial<BenchOptions> = { sizes: [10, 100, 1000], runs: 1, outDir: undefined };

export const USAGE = `Usage: npm run bench -- [options]
  --sizes 10,100,1000,5000   sizes N to measure
  --runs 5                   samples (fresh child processes) per cell; slow cells take fewer
  --variants a,b,...         subset of: ${VARIANT_IDS.join(', ')}
  --cap-b 2000               largest N for baseline (b), one chart per service (quadratic)
  --out bench/results        where to write results.md, results.json and plot.svg
  --no-write                 print only
  --quick                    sizes 10,100,1000, one run, nothing written (flags after it still apply)
  --profile DIR              CPU profile of each measured work in DIR (read with: tsx bench/profile-summary.ts FILE)`;

/** Parses command-line flags; throws an Error naming the flag and the valid values on a mistake. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  let options: BenchOptions = { ...DEFAULT_OPTIONS };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case '--quick':
        options = { ...options, ...QUICK_OPTIONS };
        break;
      case '--sizes':
        options = { ...options, sizes: parseSizes(value(i++, flag)) };
        break;
      case '--runs':
        options = { ...options, runs: positiveInt(value(i++, flag), flag) };
        break;
      case '--cap-b':
        options = { ...options, chartPerServiceCap: positiveInt(value(i++, flag), flag) };
        break;
      case '--variants':
        options = { ...options, variants: parseVariants(value(i++, flag)) };
        break;
      case '--out':
        options = { ...options, outDir: value(i++, flag) };
        break;
      case '--no-write':
        options = { ...options, outDir: undefined };
        break;
      case '--profile':
        options = { ...options, profileDir: value(i++, flag) };
        break;
      default:
        throw new Error(`unknown flag ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  return options;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} (${text}) must be a positive integer`);
  return n;
}

function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => positiveInt(s.trim(), '--sizes'));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

function parseVariants(text: string): VariantId[] {
  const wanted = text.split(',').map((s) => s.trim());
  const unknown = wanted.filter((w) => !(VARIANT_IDS as readonly string[]).includes(w));
  if (unknown.length > 0) throw new Error(`--variants: unknown ${unknown.join(', ')}; use some of: ${VARIANT_IDS.join(', ')}`);
  return VARIANT_IDS.filter((v) => wanted.includes(v));
}
