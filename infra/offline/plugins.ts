import type { SynthCheck } from './rendered-stack';

/**
 * The one place where later features plug into synth.
 *
 * Checks: every function listed in {@link SYNTH_CHECKS} runs on every synth after schema and PromQL
 * validation; a returned problem fails the synth and nothing is written. Add one with one line, for example
 * `import { policyCheck } from '../../policies'` and `policyCheck,` in the list.
 *
 * Summary sections: call `addSummarySection` (from `./summary`) in the module that owns the section and import
 * that module from the CLI command, or register it here.
 */
export const SYNTH_CHECKS: SynthCheck[] = [];
