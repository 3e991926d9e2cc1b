import type { SynthReport } from './synth';

/**
 * The closing summary of `synth`: a list of sections, each a small table or a few lines. Built-in sections
 * show resources by type and what was written; later features add theirs (the canary timeline, the policy
 * waivers) with {@link addSummarySection}.
 */

/** A table: column headings and rows of cells. Columns whose cells are all numbers are right-aligned. */
export interface SummaryTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One section of the summary. */
export interface SummarySection {
  /** Heading, for example `Canary timeline`. */
  readonly title: string;
  /** The section's content; `undefined` or an empty list hides the section for this run. */
  render(report: SynthReport): SummaryTable | readonly string[] | undefined;
}

const BUILT_IN: readonly SummarySection[] = [
  {
    title: 'Resources by type',
    render: (report) => ({
      columns: ['type', 'count'],
      rows: [
        ...Object.entries(report.rendered.plan.summary.byType).map(([type, n]) => [type, String(n)]),
        ['total', String(report.rendered.plan.summary.resources)],
      ],
    }),
  },
  {
    title: 'Output',
    render: (report) => {
      const s = report.rendered.plan.summary;
      const folders = new Set(report.rendered.manifests.map((m) => m.folder)).size;
      const seconds = (report.durationMs / 1000).toFixed(1);
      return {
        columns: ['item', 'value'],
        rows: [
          ['folder', report.outDir],
          ['manifests', `${s.manifests} objects in ${folders} folders`],
          ['secrets kept out of manifests', String(s.secretsOmitted.length)],
          ['helm releases', String(s.helmReleases)],
          ['waves', `${s.waves} (largest: ${Math.max(0, ...s.resourcesPerWave)} resources)`],
          ['files written', String(report.files.length)],
          ['time taken', `${seconds} s`],
        ],
      };
    },
  },
  {
    title: 'Warnings',
    render: (report) => report.warnings,
  },
];

const added: SummarySection[] = [];

/** Adds a section after the built-in ones (and after sections added earlier). */
export function addSummarySection(section: SummarySection): void {
  if (!added.includes(section)) added.push(section);
}

/** Every section, in display order. */
export function summarySections(): readonly SummarySection[] {
  return [...BUILT_IN, ...added];
}

function isNumeric(cell: string): boolean {
  return /^-?\d+(\.\d+)?( s)?$/.test(cell);
}

/** Renders a table with aligned columns, indented by two spaces. */
export function renderTable(table: SummaryTable): string[] {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const numeric = table.columns.map((_c, i) => table.rows.length > 0 && table.rows.every((r) => isNumeric(r[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    `  ${cells.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [line(table.columns.map((c) => c.toUpperCase())), ...table.rows.map(line)];
}

/**
 * Renders the summary: each non-empty section as its title and content, separated by blank lines. A section
 * that throws shows one line saying it is not available, with the first line of its error.
 */
export function renderSummary(report: SynthReport, sections: readonly SummarySection[] = summarySections()): string {
  const blocks: string[] = [];
  for (const section of sections) {
    let content: SummaryTable | readonly string[] | undefined;
    try {
      content = section.render(report);
    } catch (err) {
      // The files are written by now: a section that cannot render says so instead of failing the run.
      content = [`(not available for this stack: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`];
    }
    if (content === undefined) continue;
    const lines = 'columns' in content ? renderTable(content as SummaryTable) : (content as readonly string[]).map((l) => `  ${l}`);
    if ('columns' in content ? (content as SummaryTable).rows.length === 0 : lines.length === 0) continue;
    blocks.push([section.title, ...lines].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}
