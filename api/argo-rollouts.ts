/**
 * `canary-platform/argo-rollouts`: the Argo Rollouts engine of CanaryService (`engine: 'argoRollouts'`): its
 * renderer, derived names, canary steps, analysis helpers and the Flagger/Argo parity table. The package root
 * exports the same module as the namespace `argoRollouts`.
 *
 * @packageDocumentation
 */
export * from '../packages/canary/engines/argo-rollouts';
