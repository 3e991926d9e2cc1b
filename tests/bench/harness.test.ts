/**
 * The benchmark harness's pure parts: statistics, target evaluation, flag parsing and report generation.
 * No timing is asserted here; `npm run bench` measures.
 */
import { growthTable, resultsMarkdown, resultsTable, formatMs } from '../../bench/harness/markdown';
import { DEFAULT_OPTIONS, parseOptions } from '../../bench/harness/options';
import { growth, loadSummary, median, msPerService, objectsPerSecond, ratio, runsFor, summarise } from '../../bench/harness/stats';
import { decadeLabel, decadeRange, decadeTimeLabel, escapeXml, logScale, plotSvg } from '../../bench/harness/svg';
import { evaluateTargets, marginalMsPerService, onCpuTime, TARGET_LIMITS } from '../../bench/harness/targets';
import type { BenchResults, CellResult, Sample, VariantId } from '../../bench/harness/types';

const cell = (variant: VariantId, n: number, medianMs: number, extra: Partial<CellResult> = {}): CellResult => ({
  variant,
  n,
  runs: 5,
  medianMs,
  minMs: medianMs * 0.9,
  maxMs: medianMs * 1.1,
  peakRssMb: 100 + n / 100,
  objects: n * (variant.startsWith('baseline') ? 2 : 9),
  services: n,
  importMs: 200,
  ...extra,
});

/** A run where every target holds: ours linear and well under baseline (a). */
const passing: CellResult[] = [
  cell('bulk', 100, 20, { validationMs: 8 }),
  cell('bulk', 1000, 150, { validationMs: 60, cpuMs: 180 }),
  cell('bulk', 5000, 700, { validationMs: 300 }),
  cell('construct', 100, 40),
  cell('construct', 1000, 300),
  cell('construct', 5000, 1500),
  cell('baselineOneChart', 100, 90),
  cell('baselineOneChart', 1000, 460),
  cell('baselineOneChart', 5000, 3300),
  cell('baselineChartPerService', 100, 160),
  cell('baselineChartPerService', 1000, 4300),
  cell('prodStack', 0, 2500, { services: 12, objects: 400 }),
  cell('prodStackCli', 0, 4000, { services: 12, objects: 400 }),
];

const sample = (ms: number, extra: Partial<Sample> = {}): Sample => ({
  variant: 'bulk',
  n: 1000,
  ms,
  importMs: 100,
  maxRssKb: 204800,
  objects: 9000,
  services: 1000,
  ...extra,
});

describe('statistics', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses the median of nothing', () => {
    expect(() => median([])).toThrow('median of an empty list');
  });

  it('summarises samples into medians, spread and megabytes', () => {
    const s = summarise([
      sample(120, { validationMs: 50, cpuMs: 130 }),
      sample(100, { validationMs: 40, cpuMs: 110 }),
      sample(140, { validationMs: 45, cpuMs: 150, maxRssKb: 307200 }),
    ]);
    expect(s).toEqual({
      variant: 'bulk',
      n: 1000,
      runs: 3,
      medianMs: 120,
      minMs: 100,
      maxMs: 140,
      cpuMs: 130,
      peakRssMb: 200,
      objects: 9000,
      services: 1000,
      validationMs: 45,
      importMs: 100,
    });
  });

  it('records the highest load seen over a cell and summarises load over a run', () => {
    const samples = [sample(1, { load1: 0.5 }), sample(2, { load1: 2.5 }), sample(3, { load1: 1 })];
    expect(summarise(samples).maxLoad1).toBe(2.5);
    expect(loadSummary(samples)).toEqual({ median: 1, max: 2.5 });
    expect(loadSummary([sample(1)])).toBeUndefined();
  });

  it('refuses to mix samples of different cells', () => {
    expect(() => summarise([sample(1), sample(1, { n: 10 })])).toThrow('samples of different cells mixed: bulk@1000');
  });

  it('computes growth between sizes and ratios to a baseline at the same size', () => {
    expect(growth(passing, 'bulk', 1000, 5000)).toBeCloseTo(700 / 150);
    expect(ratio(passing, 'bulk', 'baselineOneChart', 1000)).toBeCloseTo(150 / 460);
    expect(growth(passing, 'baselineChartPerService', 1000, 5000)).toBeUndefined();
  });

  it('derives per-service time and objects per second', () => {
    const c = cell('bulk', 1000, 150);
    expect(msPerService(c)).toBe(0.15);
    expect(objectsPerSecond(c)).toBe(60000);
  });

  it('takes fewer samples of slow cells', () => {
    expect(runsFor(500, 5)).toBe(5);
    expect(runsFor(4000, 5)).toBe(3);
    expect(runsFor(4000, 2)).toBe(2);
    expect(runsFor(20000, 5)).toBe(1);
  });
});

describe('targets', () => {
  it('passes every target when ours is linear, under half of baseline (a) and the stack renders in time', () => {
    expect(evaluateTargets(passing).map((t) => [t.id, t.verdict])).toEqual([
      ['linear', 'PASS'],
      ['half-of-baseline-a', 'PASS'],
      ['per-service-bulk', 'PASS'],
      ['per-service-construct', 'PASS'],
      ['prod-stack', 'PASS'],
    ]);
  });

  it('states the numbers behind each verdict', () => {
    const [linear, half, perService, , stack] = evaluateTargets(passing);
    expect(linear.detail).toBe('bulk render: 4.67x; construct in chart: 5.00x (limit 5.5x)');
    expect(half.detail).toBe('150 ms vs 460 ms = 0.33x (limit 0.5x)');
    expect(perService.detail).toBe('N=1000: 0.150 vs 0.460 ms; N=5000: 0.140 vs 0.660 ms; marginal 1000->5000: 0.138 vs 0.710 ms');
    expect(stack.detail).toBe('in-process render 2.50 s; CLI process end to end 4.00 s (limit 10 s)');
  });

  it('fails linear growth above 5.5x, for the construct as well as the bulk render', () => {
    const cells = passing.map((c) => (c.variant === 'construct' && c.n === 5000 ? { ...c, medianMs: 1700 } : c));
    const linear = evaluateTargets(cells)[0];
    expect(linear.verdict).toBe('FAIL');
    expect(linear.detail).toBe('bulk render: 4.67x; construct in chart: 5.67x (limit 5.5x)');
  });

  it('fails "half of baseline (a)" just above the limit', () => {
    const cells = passing.map((c) => (c.variant === 'bulk' && c.n === 1000 ? { ...c, medianMs: 231 } : c));
    expect(evaluateTargets(cells)[1]).toMatchObject({ verdict: 'FAIL', detail: '231 ms vs 460 ms = 0.50x (limit 0.5x)' });
  });

  it('fails "no slower per service" when any checked size is slower, and ignores sizes below the threshold', () => {
    const slowAt5000 = passing.map((c) => (c.variant === 'construct' && c.n === 5000 ? { ...c, medianMs: 3400 } : c));
    expect(evaluateTargets(slowAt5000)[3].verdict).toBe('FAIL');
    const slowAt100 = passing.map((c) => (c.variant === 'bulk' && c.n === 100 ? { ...c, medianMs: 900 } : c));
    expect(evaluateTargets(slowAt100)[2].verdict).toBe('PASS');
    expect(TARGET_LIMITS.perServiceFromN).toBe(1000);
  });

  it('fails "no slower per service" on the marginal cost even when the averages pass', () => {
    // The averages win, but each service beyond 1000 costs more than the baseline's.
    const cells = [cell('bulk', 1000, 300), cell('bulk', 5000, 3240), cell('baselineOneChart', 1000, 460), cell('baselineOneChart', 5000, 3300)];
    const result = evaluateTargets(cells)[2];
    expect(result.verdict).toBe('FAIL');
    expect(result.detail).toBe('N=1000: 0.300 vs 0.460 ms; N=5000: 0.648 vs 0.660 ms; marginal 1000->5000: 0.735 vs 0.710 ms');
  });

  it('computes the marginal cost per service between two sizes', () => {
    expect(marginalMsPerService(passing, 'baselineOneChart', 1000, 5000)).toBeCloseTo((3300 - 460) / 4000);
    expect(() => marginalMsPerService(passing, 'baselineChartPerService', 1000, 5000)).toThrow(
      'marginal cost needs baselineChartPerService at N=1000 and N=5000',
    );
  });

  it('judges the prod stack on the CLI process when measured, else on the in-process render', () => {
    const slowCli = passing.map((c) => (c.variant === 'prodStackCli' ? { ...c, medianMs: 10_500 } : c));
    expect(evaluateTargets(slowCli)[4].verdict).toBe('FAIL');
    const inProcessOnly = passing.filter((c) => c.variant !== 'prodStackCli');
    expect(evaluateTargets(inProcessOnly)[4]).toMatchObject({ verdict: 'PASS', detail: 'in-process render 2.50 s (limit 10 s)' });
  });

  it('judges the same targets on CPU time when asked, dropping cells without it', () => {
    const loaded = passing.map((c) => (c.variant === 'bulk' && c.n === 1000 ? { ...c, medianMs: 400, cpuMs: 180 } : c));
    expect(evaluateTargets(loaded)[1].verdict).toBe('FAIL');
    const onCpu = onCpuTime(loaded);
    expect(onCpu).toHaveLength(1);
    expect(onCpu[0]).toMatchObject({ variant: 'bulk', n: 1000, medianMs: 180 });
    expect(evaluateTargets(onCpu)[1].verdict).toBe('N/A');
  });

  it('reports N/A, never PASS, for targets whose measurements are missing', () => {
    const onlyBaselines = passing.filter((c) => c.variant.startsWith('baseline'));
    expect(evaluateTargets(onlyBaselines).map((t) => t.verdict)).toEqual(['N/A', 'N/A', 'N/A', 'N/A', 'N/A']);
    expect(evaluateTargets(onlyBaselines)[1].detail).toBe('not measured in this run (needs bulk and baseline (a) at N=1000)');
  });
});

describe('flags', () => {
  it('defaults to N = 10, 100, 1000, 5000 with 5 runs and writes to bench/results', () => {
    expect(parseOptions([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ sizes: [10, 100, 1000, 5000], runs: 5, chartPerServiceCap: 2000, outDir: 'bench/results' });
  });

  it('reads sizes (sorted, de-duplicated), runs, variants, cap and output folder', () => {
    expect(parseOptions(['--sizes', '1000,10,1000', '--runs', '3', '--variants', 'baselineOneChart,bulk', '--cap-b', '500', '--out', 'x'])).toEqual({
      ...DEFAULT_OPTIONS,
      sizes: [10, 1000],
      runs: 3,
      variants: ['bulk', 'baselineOneChart'],
      chartPerServiceCap: 500,
      outDir: 'x',
    });
  });

  it('makes --quick a one-run smoke test that writes nothing, and lets later flags override it', () => {
    expect(parseOptions(['--quick'])).toMatchObject({ sizes: [10, 100, 1000], runs: 1, outDir: undefined });
    expect(parseOptions(['--quick', '--runs', '2'])).toMatchObject({ runs: 2 });
  });

  it('rejects mistakes naming the flag and the valid values', () => {
    expect(() => parseOptions(['--runs', '0'])).toThrow('--runs (0) must be a positive integer');
    expect(() => parseOptions(['--sizes', '10,x'])).toThrow('--sizes (x) must be a positive integer');
    expect(() => parseOptions(['--variants', 'bulk,fast'])).toThrow(
      '--variants: unknown fast; use some of: bulk, construct, baselineOneChart, baselineChartPerService, prodStack, prodStackCli',
    );
    expect(() => parseOptions(['--runs'])).toThrow('--runs needs a value');
    expect(() => parseOptions(['--fast'])).toThrow('unknown flag "--fast"');
  });
});

const results: BenchResults = {
  environment: {
    date: '2025-01-01T00:00:00.000Z',
    node: '20.20.2',
    cpus: 'Test CPU',
    cores: 2,
    memoryGb: 4,
    loadBefore: [0.5, 0.4, 0.3],
    loadAfter: [1.5, 1, 0.5],
    emptyChildRssMb: 80,
    sampleLoad: { median: 1.2, max: 2.5 },
    command: 'npm run bench',
  },
  cells: passing,
  skipped: [{ variant: 'baselineChartPerService', n: 5000, reason: 'quadratic, capped at N=2000' }],
  targets: evaluateTargets(passing),
  targetsOnCpu: evaluateTargets(passing.map((c) => ({ ...c, medianMs: c.medianMs * 0.9 }))),
};

describe('markdown report', () => {
  it('formats milliseconds with precision that suits their size', () => {
    expect([0.1234, 4.567, 45.67, 456.7].map(formatMs)).toEqual(['0.123', '4.57', '45.7', '457']);
  });

  it('lists skipped cells with their reason, in size order within the variant', () => {
    const lines = resultsTable(results).split('\n');
    const b = lines.filter((l) => l.startsWith('| baseline (b)'));
    expect(b.map((l) => l.split(' | ')[1])).toEqual(['100', '1000', '5000']);
    expect(b[2]).toContain('skipped: quadratic, capped at N=2000');
  });

  it('shows the validation share of the bulk render and ratios to both baselines', () => {
    const bulk1000 = resultsTable(results).split('\n').find((l) => l.startsWith('| ours: bulk render | 1000 |'));
    expect(bulk1000).toBe('| ours: bulk render | 1000 | 150 | 135-165 | 180 | 0.150 | 9,000 | 60,000 | 110 | 60.0 (40%) | 0.33x | 0.03x | 5 |');
  });

  it('shows growth 5000/1000 per variant', () => {
    expect(growthTable(passing)).toContain('| ours: bulk render | 4.67x | 7.50x |');
  });

  it('renders the whole results.md deterministically', () => {
    expect(resultsMarkdown(results)).toMatchSnapshot();
  });
});

describe('SVG plot', () => {
  it('spans whole decades around the data', () => {
    expect(decadeRange([10, 5000])).toEqual({ lo: 1, hi: 4 });
    expect(decadeRange([100])).toEqual({ lo: 2, hi: 3 });
    expect(decadeRange([0.5, 20])).toEqual({ lo: -1, hi: 2 });
  });

  it('places values on a log scale', () => {
    expect(logScale(10, 1, 3, 0, 200)).toBe(0);
    expect(logScale(100, 1, 3, 0, 200)).toBe(100);
    expect(logScale(1000, 1, 3, 400, 0)).toBe(0);
  });

  it('labels decades compactly', () => {
    expect([-2, 0, 2, 3, 4, 6].map(decadeLabel)).toEqual(['0.01', '1', '100', '1k', '10k', '1M']);
    expect([-1, 0, 2, 3, 5].map(decadeTimeLabel)).toEqual(['0.1 ms', '1 ms', '100 ms', '1 s', '100 s']);
  });

  it('escapes text', () => {
    expect(escapeXml('a < b & "c"')).toBe('a &lt; b &amp; &quot;c&quot;');
  });

  it('draws one line per per-size variant with a legend and axis labels, leaving out the prod stack', () => {
    const svg = plotSvg(passing);
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    expect(svg).toContain('services N (log scale)');
    expect(svg).toContain('median time (log scale)');
    expect(svg).toContain('>baseline (b) chart per service</text>');
    expect(svg).not.toContain('prod stack');
    expect(svg).toMatchSnapshot();
  });
});
