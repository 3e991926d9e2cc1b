import type { CellResult, Sample, VariantId } from './types';

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Aggregates the samples of one cell into medians. All samples must share variant and size. */
export function summarise(samples: readonly Sample[]): CellResult {
  if (samples.length === 0) throw new Error('no samples to summarise');
  const { variant, n } = samples[0];
  if (samples.some((s) => s.variant !== variant || s.n !== n)) {
    throw new Error(`samples of different cells mixed: ${variant}@${n}`);
  }
  const validation = samples.map((s) => s.validationMs).filter((v): v is number => v !== undefined);
  const loads = samples.map((s) => s.load1).filter((v): v is number => v !== undefined);
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== undefined);
  const ms = samples.map((s) => s.ms);
  return {
    variant,
    n,
    runs: samples.length,
    medianMs: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    ...(cpu.length > 0 ? { cpuMs: median(cpu) } : {}),
    peakRssMb: median(samples.map((s) => s.maxRssKb)) / 1024,
    objects: samples[0].objects,
    services: samples[0].services,
    ...(validation.length > 0 ? { validationMs: median(validation) } : {}),
    importMs: median(samples.map((s) => s.importMs)),
    ...(loads.length > 0 ? { maxLoad1: Math.max(...loads) } : {}),
    ...(samples[0].notes ? { notes: samples[0].notes } : {}),
  };
}

/** Finds the cell of `variant` at size `n`. */
export function findCell(cells: readonly CellResult[], variant: VariantId, n: number): CellResult | undefined {
  return cells.find((c) => c.variant === variant && c.n === n);
}

/**
 * Growth of a variant's time from size `from` to size `to` (for example 5000/1000). A linear render grows by
 * `to/from`; undefined when either size was not measured.
 */
export function growth(cells: readonly CellResult[], variant: VariantId, from: number, to: number): number | undefined {
  const a = findCell(cells, variant, from);
  const b = findCell(cells, variant, to);
  return a && b ? b.medianMs / a.medianMs : undefined;
}

/** Time of `variant` divided by the time of `baseline` at the same size; undefined when either is missing. */
export function ratio(cells: readonly CellResult[], variant: VariantId, baseline: VariantId, n: number): number | undefined {
  const a = findCell(cells, variant, n);
  const b = findCell(cells, baseline, n);
  return a && b ? a.medianMs / b.medianMs : undefined;
}

/** Milliseconds per service of a cell. */
export function msPerService(cell: CellResult): number {
  return cell.medianMs / Math.max(1, cell.services);
}

/** Objects produced per second of a cell. */
export function objectsPerSecond(cell: CellResult): number {
  return cell.medianMs > 0 ? (cell.objects * 1000) / cell.medianMs : 0;
}

/**
 * How many samples to take of a cell, given how long its first sample took: `requested` normally, 3 for cells
 * over `slowMs` and 1 for cells over `verySlowMs` (the quadratic baseline at large sizes).
 */
export function runsFor(firstMs: number, requested: number, slowMs = 3000, verySlowMs = 15000): number {
  if (firstMs > verySlowMs) return 1;
  if (firstMs > slowMs) return Math.min(requested, 3);
  return requested;
}

/** Median and highest 1-minute load average over samples that recorded it; undefined when none did. */
export function loadSummary(samples: readonly Sample[]): { median: number; max: number } | undefined {
  const loads = samples.map((s) => s.load1).filter((v): v is number => v !== undefined);
  return loads.length > 0 ? { median: median(loads), max: Math.max(...loads) } : undefined;
}
