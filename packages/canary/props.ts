/**
 * Compatibility path: the props moved to spec/props.ts (issue 17). Kept only for modules outside packages/canary
 * that still import this path (packages/platform/canary-workloads.ts, stacks/platform/workloads.ts); new code
 * imports from './spec'. Delete once those import from packages/canary/spec.
 */
export * from './spec/props';
