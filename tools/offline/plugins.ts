import { policyCheck, policyWaiverTable } from '../../packages/policies/synth-check';
import type { SynthCheck } from './rendered-stack';
import { addSummarySection } from './summary';

/**
 * The one place where later features plug into synth.
 *
 * Checks: every function listed in {@link SYNTH_CHECKS} runs on every synth after schema and PromQL
 * validation; a returned problem fails the synth and nothing is written.
 *
 * Summary sections: call `addSummarySection` (from `./summary`) in the module that owns the section and import
 * that module from the CLI command, or register it here.
 */
export const SYNTH_CHECKS: SynthCheck[] = [
  // The policy rules (packages/policies/): synth refuses a stack that breaks a rule unless a reasoned waiver covers it.
  policyCheck,
];

// Every waiver that applied to this render, with its reason, so reviewers see what was let through.
addSummarySection({ title: 'Policy waivers', render: (report) => policyWaiverTable(report.rendered) });
