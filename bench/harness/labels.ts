import type { VariantId } from './types';

/** How reports name and draw each variant. */
export interface VariantLabel {
  /** Long name for tables. */
  readonly name: string;
  /** Short name for the legend. */
  readonly short: string;
  /** One line on what is measured. */
  readonly what: string;
  /** Line colour in the plot. */
  readonly colour: string;
  /** True when the variant is measured per size N (and drawn in the plot). */
  readonly perSize: boolean;
}

export const VARIANT_LABELS: Readonly<Record<VariantId, VariantLabel>> = {
  bulk: {
    name: 'ours: bulk render',
    short: 'bulk render (ours)',
    what: 'N x renderCanaryService, every object validated (validateObjects + validateQueriesIn)',
    colour: '#1b7837',
    perSize: true,
  },
  construct: {
    name: 'ours: construct in user chart',
    short: 'CanaryService in a chart (ours)',
    what: 'N CanaryService constructs in one cdk8s Chart, chart.toJson()',
    colour: '#2166ac',
    perSize: true,
  },
  baselineOneChart: {
    name: 'baseline (a): one chart',
    short: 'baseline (a) one chart',
    what: 'N cdk8s-plus-27 Deployment + Service pairs in one Chart, chart.toJson()',
    colour: '#d6604d',
    perSize: true,
  },
  baselineChartPerService: {
    name: 'baseline (b): chart per service',
    short: 'baseline (b) chart per service',
    what: 'N Charts of one Deployment + Service pair each, every chart.toJson() (what app.synth() does)',
    colour: '#762a83',
    perSize: true,
  },
  prodStack: {
    name: 'prod stack: offline render (in process)',
    short: 'prod stack (in process)',
    what: 'the synth engine renders the whole prod stack offline, called in process',
    colour: '#555555',
    perSize: false,
  },
  prodStackCli: {
    name: 'prod stack: `npm run synth -- --stack prod` (process)',
    short: 'prod stack (CLI)',
    what: 'the synth CLI as a fresh process, start-up and file writing included',
    colour: '#999999',
    perSize: false,
  },
};
