/**
 * `canary-platform/argo-rollouts`: the Argo Rollouts engine of CanaryService (`engine: 'argoRollouts'`): its
 * renderer and the Flagger/Argo parity table. The package root exports the same module as the namespace
 * `argoRollouts`. `renderCanaryService` dispatches to the renderer by itself; import it directly to render a
 * resolved spec with this engine whatever its `engine` field says.
 *
 * @packageDocumentation
 */
export { PARITY_TABLE, renderArgoRollouts, type EngineSupport, type ParityRow } from '../packages/canary/engines/argo-rollouts';
