/**
 * Starting the `canary-platform` Pulumi policy pack. Pulumi runs the pack with
 *
 *   pulumi preview --policy-pack packages/policies [--policy-pack-config packages/policies/config/staging.json]
 *
 * which loads `packages/policies/` (PulumiPolicy.yaml, package.json, index.ts) under @pulumi/pulumi's `run-policy-pack`
 * host. Constructing a PolicyPack starts the analyzer's gRPC server and prints its port, so `index.ts` does it
 * only under that host; every other import of the policies (synth, check, tests) starts nothing.
 */
import type * as policy from '@pulumi/policy';
import { canaryPlatformPolicies, POLICY_PACK_NAME } from './pack';

/** The pack's description, shown by `pulumi policy ls` and in the Pulumi Cloud. */
export const POLICY_PACK_DESCRIPTION =
  'canary-platform: hardened GKE, pinned Helm charts, restricted workloads, STRICT mTLS, analysed canaries and no plaintext secrets.';

/**
 * True when the process is @pulumi/pulumi's policy pack host (`cmd/run-policy-pack`), i.e. Pulumi is loading
 * this folder as a policy pack. `mainFilename` is `require.main.filename`.
 */
export function isPolicyPackHost(mainFilename: string | undefined): boolean {
  return mainFilename !== undefined && /[\\/]cmd[\\/]run-policy-pack[\\/]/.test(mainFilename);
}

/** Starts the policy pack (the analyzer's gRPC server). Call once per process, only under the policy pack host. */
export function startPolicyPack(): void {
  // Loaded here, not at the top, so importing the policies does not load gRPC.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PolicyPack } = require('@pulumi/policy') as typeof policy;
  new PolicyPack(POLICY_PACK_NAME, {
    description: POLICY_PACK_DESCRIPTION,
    enforcementLevel: 'mandatory',
    policies: canaryPlatformPolicies(),
  });
}
