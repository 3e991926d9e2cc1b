/**
 * `npm run bench`: measures our render against naive cdk8s-plus baselines at several sizes, each measurement in
 * a fresh child process, and writes `bench/results/{results.md,results.json,plot.svg}`. See docs/benchmark.md.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { cpus, freemem, loadavg, totalmem } from 'os';
import { join, resolve } from 'path';
import { VARIANT_LABELS } from './harness/labels';
import { resultsMarkdown, targetsTable, resultsTable, growthTable } from './harness/markdown';
import { parseOptions, type BenchOptions } from './harness/options';
import { emptyChildRssKb, measure, REPO_ROOT } from './harness/spawn';
import { loadSummary, runsFor, summarise } from './harness/stats';
import { plotSvg } from './harness/svg';
import { evaluateTargets, onCpuTime } from './harness/targets';
import type { BenchResults, CellResult, Sample, SkippedCell, VariantId } from './harness/types';

interface PlannedCell {
  readonly variant: VariantId;
  readonly n: number;
  readonly samples: Sample[];
  /** Samples to take; fixed after the first one. */
  wanted: number;
  /** Set when the cell failed; it is then reported as skipped. */
  failure?: string;
}

/** Lays out the cells of a run; baseline (b) above the cap is skipped with a reason. */
function plan(options: BenchOptions): { cells: PlannedCell[]; skipped: SkippedCell[] } {
  const cells: PlannedCell[] = [];
  const skipped: SkippedCell[] = [];
  for (const variant of options.variants) {
    const sizes = VARIANT_LABELS[variant].perSize ? options.sizes : [0];
    for (const n of sizes) {
      if (variant === 'baselineChartPerService' && n > options.chartPerServiceCap) {
        skipped.push({ variant, n, reason: `quadratic, capped at N=${options.chartPerServiceCap}` });
      } else {
        cells.push({ variant, n, samples: [], wanted: options.runs });
      }
    }
  }
  return { cells, skipped };
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** Takes the samples round by round, so that load from other processes spreads over every variant alike. */
function runCells(cells: PlannedCell[], options: BenchOptions): void {
  for (let round = 0; cells.some((c) => !c.failure && c.samples.length < c.wanted); round++) {
    for (const cell of cells) {
      if (cell.failure || cell.samples.length >= cell.wanted || cell.samples.length > round) continue;
      const label = `${cell.variant}${VARIANT_LABELS[cell.variant].perSize ? ` N=${cell.n}` : ''}`;
      try {
        const sample = measure(cell.variant, cell.n, { profileDir: options.profileDir });
        cell.samples.push(sample);
        if (cell.samples.length === 1) cell.wanted = runsFor(sample.ms, options.runs);
        log(`  ${label}: run ${cell.samples.length}/${cell.wanted} ${sample.ms.toFixed(1)} ms, ${(sample.maxRssKb / 1024).toFixed(0)} MB`);
      } catch (err) {
        const lines = (err instanceof Error ? err.message : String(err)).split('\n');
        cell.failure = (lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0]).replace(/^Error: /, '');
        log(`  ${label}: FAILED ${cell.failure}`);
      }
    }
  }
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const loadBefore = loadavg();
  log(`bench: sizes ${options.sizes.join(',')}, ${options.runs} run(s), load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  const { cells: planned, skipped } = plan(options);
  const emptyRss = emptyChildRssKb();
  runCells(planned, options);

  const cells: CellResult[] = planned.filter((c) => c.samples.length > 0).map((c) => summarise(c.samples));
  const allSkipped: SkippedCell[] = [
    ...skipped,
    ...planned.filter((c) => c.samples.length === 0).map((c) => ({ variant: c.variant, n: c.n, reason: c.failure ?? 'not run' })),
  ];
  const cpuList = cpus();
  const sampleLoad = loadSummary(planned.flatMap((c) => c.samples));
  const results: BenchResults = {
    environment: {
      date: new Date().toISOString(),
      node: process.versions.node,
      cpus: cpuList[0]?.model.trim() ?? 'unknown',
      cores: cpuList.length,
      memoryGb: totalmem() / 1024 ** 3,
      loadBefore,
      loadAfter: loadavg(),
      emptyChildRssMb: emptyRss / 1024,
      ...(sampleLoad ? { sampleLoad } : {}),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    },
    cells,
    skipped: allSkipped,
    targets: evaluateTargets(cells),
    targetsOnCpu: evaluateTargets(onCpuTime(cells)),
  };

  process.stdout.write(`\n${resultsTable(results)}\n\n${growthTable(cells)}\n\n${targetsTable(results)}\n`);
  process.stdout.write(`\nload average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${results.environment.loadAfter
    .map((l) => l.toFixed(2))
    .join(' ')}; free memory ${(freemem() / 1024 ** 3).toFixed(1)} GB\n`);
  if (options.outDir) {
    const dir = resolve(REPO_ROOT, options.outDir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(dir, 'results.md'), resultsMarkdown(results));
    writeFileSync(join(dir, 'plot.svg'), plotSvg(cells));
    process.stdout.write(`wrote ${options.outDir}/results.md, results.json, plot.svg\n`);
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
