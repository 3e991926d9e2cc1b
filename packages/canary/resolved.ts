/**
 * Compatibility path: the resolved spec moved to spec/resolved.ts (issue 17). Kept only for modules outside
 * packages/canary that still import this path (packages/platform/canary-workloads.ts); new code imports from
 * './spec'. Delete once it imports from packages/canary/spec.
 */
export type * from './spec/resolved';
