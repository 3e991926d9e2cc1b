/**
 * The registry of measured variants. Each entry loads only its own modules (inside the child process, before
 * the timer starts), prepares its input from the fixtures (untimed) and returns the work to time.
 */
import { serviceFixtures } from '../fixtures/services';
import type { VariantId, WorkResult } from '../harness/types';

/** Work to time: returns what it produced. */
export type Work = () => WorkResult | Promise<WorkResult>;

/** Loads a variant's modules and returns a function that prepares the work for size `n`. */
export type VariantLoader = () => Promise<(n: number) => Work>;

export const VARIANTS: Readonly<Record<VariantId, VariantLoader>> = {
  baselineOneChart: async () => {
    const { oneChart } = await import('./baseline-cdk8s-plus');
    return (n) => {
      const services = serviceFixtures(n);
      return () => oneChart(services);
    };
  },
  baselineChartPerService: async () => {
    const { chartPerService } = await import('./baseline-cdk8s-plus');
    return (n) => {
      const services = serviceFixtures(n);
      return () => chartPerService(services);
    };
  },
  bulk: async () => {
    const [{ bulkRender }, { canaryProps }] = await Promise.all([import('./canary'), import('../fixtures/canary-props')]);
    return (n) => {
      const services = serviceFixtures(n).map(canaryProps);
      return () => bulkRender(services);
    };
  },
  construct: async () => {
    const [{ constructInChart }, { canaryProps }] = await Promise.all([import('./canary'), import('../fixtures/canary-props')]);
    return (n) => {
      const services = serviceFixtures(n).map(canaryProps);
      return () => constructInChart(services);
    };
  },
  prodStack: async () => {
    const { loadSynth, prodStackInProcess } = await import('./prod-stack');
    const synth = await loadSynth();
    return () => () => prodStackInProcess(synth);
  },
  prodStackCli: async () => {
    const { prodStackCli } = await import('./prod-stack');
    return () => prodStackCli;
  },
};
