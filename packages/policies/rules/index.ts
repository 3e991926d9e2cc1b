import type { PolicyRule } from '../types';
import { hpaMinNotAboveMax, workloadPdbForReplicas } from './availability';
import { canaryAnalysisDefined, canaryNoSkipAnalysis, meshMtlsStrict } from './delivery';
import {
  gkeDedicatedNodeServiceAccount,
  gkeDeletionProtection,
  gkeNetworkPolicy,
  gkeNoClientCertificate,
  gkeNoLegacyMetadata,
  gkeNodeAutoRepairUpgrade,
  gkePrivateNodes,
  gkeReleaseChannel,
  gkeShieldedNodes,
  gkeWorkloadIdentity,
} from './gke';
import { helmChartVersionPinned } from './helm';
import { secretNoPlaintext } from './secrets';
import { WAIVER_RULES } from './waiver-rules';
import { workloadImagePinned, workloadProbesSet, workloadResourcesSet } from './workload-containers';
import {
  workloadCapabilitiesDropped,
  workloadNoHostNetwork,
  workloadNoHostPath,
  workloadNoPrivileged,
  workloadReadOnlyRootFilesystem,
  workloadRunAsNonRoot,
} from './workload-security';

export * from './availability';
export * from './delivery';
export * from './gke';
export * from './helm';
export * from './secrets';
export * from './waiver-rules';
export * from './workload-containers';
export * from './workload-security';

/** Every rule that checks objects, resources or configuration, in the order the docs list them. */
export const POLICY_RULES: readonly PolicyRule[] = [
  workloadImagePinned,
  workloadResourcesSet,
  workloadProbesSet,
  workloadRunAsNonRoot,
  workloadNoPrivileged,
  workloadNoHostPath,
  workloadNoHostNetwork,
  workloadReadOnlyRootFilesystem,
  workloadCapabilitiesDropped,
  workloadPdbForReplicas,
  hpaMinNotAboveMax,
  meshMtlsStrict,
  canaryAnalysisDefined,
  canaryNoSkipAnalysis,
  gkePrivateNodes,
  gkeWorkloadIdentity,
  gkeShieldedNodes,
  gkeReleaseChannel,
  gkeDeletionProtection,
  gkeNoLegacyMetadata,
  gkeNoClientCertificate,
  gkeNodeAutoRepairUpgrade,
  gkeNetworkPolicy,
  gkeDedicatedNodeServiceAccount,
  helmChartVersionPinned,
  secretNoPlaintext,
];

/** The ids a waiver may name: every rule but the waiver rules. */
export const WAIVABLE_RULE_IDS: readonly string[] = POLICY_RULES.map((r) => r.id);

/** Every rule id, waiver rules included: what the docs and the tests must cover. */
export const ALL_RULE_IDS: readonly string[] = [...WAIVABLE_RULE_IDS, ...WAIVER_RULES.map((r) => r.id)];

/** Finds a rule (waiver rules included) by id. */
export function findRule(id: string): PolicyRule | undefined {
  return POLICY_RULES.find((r) => r.id === id) ?? WAIVER_RULES.find((r) => r.id === id);
}
