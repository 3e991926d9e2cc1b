import type { Problem } from '../../packages/shared';
import type { RenderedTree } from './gitops-render';
import type { HelmReleaseDescription } from './helm';
import type { ManifestObject } from './manifests';
import type { Plan } from './plan';
import type { StackConfig } from './stack-files';

/** Everything synth renders for one stack, before anything is written. Checks and summary sections read it. */
export interface RenderedStack {
  /** The content of `plan.json`. */
  readonly plan: Plan;
  /** Every Kubernetes object written under `manifests/` (Secrets excluded), sorted by path. */
  readonly manifests: readonly ManifestObject[];
  /** Every Helm release written under `helm/`, sorted by path. */
  readonly helmReleases: readonly HelmReleaseDescription[];
  /**
   * The stack configuration the program ran with (`secure:` values are placeholders, their keys listed in
   * `secretKeys`), for checks about configuration. @default - undefined when the program ran without a stack file
   */
  readonly stackConfig?: StackConfig;
  /** The GitOps tree written under `gitops/` (docs/gitops.md). @default - none (not wanted) */
  readonly gitops?: RenderedTree;
}

/**
 * A check run on every synth after schema and PromQL validation, for example the policy rules. It returns one
 * problem per violation (subject = file such as `manifests/podinfo/deployment-podinfo.yaml` or a resource,
 * path = the field); any problem fails the synth and nothing is written.
 */
export type SynthCheck = (stack: RenderedStack) => readonly Problem[];
