/**
 * The registry of measured variants. Each entry loads only its own modules (inside the child process, before
 * the timer starts), prepares its input from the fixtures (untimed) and returns the work to time. Modules are
 * loaded with `require` so that the child runs under either tsx loader (`--import tsx` or `--require tsx/cjs`).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { serviceFixtures } from '../fixtures/services';
import type { VariantId, WorkResult } from '../harness/types';

/** Work to time: returns what it produced. */
export type Work = () => WorkResult | Promise<WorkResult>;

/** Loads a variant's modules and returns a function that prepares the work for size `n`. */
export type VariantLoader = () => Promise<(n: number) => Work>;

export const VARIANTS: Readonly<Record<VariantId, VariantLoader>> = {
  baselineOneChart: async () => {
    const { oneChart } = require('./baseline-cdk8s-plus') as typeof import('./baseline-cdk8s-plus');
    return (n) => {
      const services = serviceFixtures(n);
      return () => oneChart(services);
    };
  },
  baselineChartPerService: async () => {
    const { chartPerService } = require('./baseline-cdk8s-plus') as typeof import('./baseline-cdk8s-plus');
    return (n) => {
      const services = serviceFixtures(n);
      return () => chartPerService(services);
    };
  },
  bulk: async () => {
    const { bulkRender } = require('./canary') as typeof import('./canary');
    const { canaryProps } = require('../fixtures/canary-props') as typeof import('../fixtures/canary-props');
    return (n) => {
      const services = serviceFixtures(n).map(canaryProps);
      return () => bulkRender(services);
    };
  },
  construct: async () => {
    const { constructInChart } = require('./canary') as typeof import('./canary');
    const { canaryProps } = require('../fixtures/canary-props') as typeof import('../fixtures/canary-props');
    return (n) => {
      const services = serviceFixtures(n).map(canaryProps);
      return () => constructInChart(services);
    };
  },
  prodStack: async () => {
    const { loadSynth, prodStackInProcess } = require('./prod-stack') as typeof import('./prod-stack');
    const synth = await loadSynth();
    return () => () => prodStackInProcess(synth);
  },
  prodStackCli: async () => {
    const { prodStackCli } = require('./prod-stack') as typeof import('./prod-stack');
    return () => prodStackCli;
  },
};
