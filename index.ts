/**
 * canary-platform: typed infrastructure-as-code for automated canary releases on GKE.
 *
 * The root exports the whole public API: the {@link CanaryService} construct and `renderCanaryService`
 * (`canary-platform/canary`), the Pulumi components and the cdk8s-to-Pulumi bridge {@link deployCanaryChart}
 * (`canary-platform/platform`), the policy rules and {@link evaluatePolicies} (`canary-platform/policies`),
 * offline validation (`canary-platform/validation`) and the Argo Rollouts engine as the namespace
 * `argoRollouts` (`canary-platform/argo-rollouts`).
 *
 * Importing the root loads @pulumi/pulumi and @pulumi/kubernetes (about a second); a Pulumi program pays that
 * anyway. A plain cdk8s app or a test that needs only the construct imports `canary-platform/canary`, which
 * loads no Pulumi code. See docs/packaging.md.
 *
 * @packageDocumentation
 */
export * from './api/canary';
export * from './api/platform';
export * from './api/policies';
export * from './api/validation';
export * as argoRollouts from './api/argo-rollouts';
