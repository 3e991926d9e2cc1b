import type { Finding, PolicyRule, PulumiResource } from '../types';
import { asArray, asRecord, getPath, isUnknown, show, subPath } from '../support/values';

/** Pulumi type token of `gcp.container.Cluster`. */
export const GKE_CLUSTER_TYPE = 'gcp:container/cluster:Cluster';
/** Pulumi type token of `gcp.container.NodePool`. */
export const GKE_NODE_POOL_TYPE = 'gcp:container/nodePool:NodePool';

const CLUSTER_ONLY = [GKE_CLUSTER_TYPE] as const;
const CLUSTER_AND_POOLS = [GKE_CLUSTER_TYPE, GKE_NODE_POOL_TYPE] as const;

/** A group of nodes and where its settings are in the resource inputs. */
interface NodeSettings {
  /** Path of the node configuration (`nodeConfig`, `nodePools[0].nodeConfig`, `clusterAutoscaling.autoProvisioningDefaults`). */
  readonly configPath: string;
  /** The node configuration (service account, shielded instance, metadata, workload metadata). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Path of the management block (auto-repair, auto-upgrade), when the group has one. */
  readonly managementPath?: string;
  /** The management block. */
  readonly management?: Readonly<Record<string, unknown>>;
  /** True for Autopilot node defaults, which Google hardens itself (shielded nodes, metadata). */
  readonly autopilot: boolean;
}

/**
 * Every group of nodes a cluster or node pool resource configures: a NodePool's `nodeConfig`; a cluster's default
 * pool (`nodeConfig`, unless `removeDefaultNodePool`), inline `nodePools`, and node auto-provisioning defaults
 * (when `clusterAutoscaling.enabled`, and always on Autopilot, whose nodes they configure).
 */
export function nodeSettingsOf(resource: PulumiResource): NodeSettings[] {
  const inputs = resource.inputs;
  if (resource.type === GKE_NODE_POOL_TYPE) {
    return [{ configPath: 'nodeConfig', config: asRecord(inputs.nodeConfig) ?? {}, managementPath: 'management', management: asRecord(inputs.management) ?? {}, autopilot: false }];
  }
  if (resource.type !== GKE_CLUSTER_TYPE) return [];
  const autopilot = inputs.enableAutopilot === true;
  const out: NodeSettings[] = [];
  if (!autopilot && inputs.removeDefaultNodePool !== true) {
    out.push({ configPath: 'nodeConfig', config: asRecord(inputs.nodeConfig) ?? {}, autopilot: false });
  }
  if (!autopilot) {
    asArray(inputs.nodePools).forEach((raw, index) => {
      const pool = asRecord(raw) ?? {};
      out.push({
        configPath: subPath('nodePools', index, 'nodeConfig'),
        config: asRecord(pool.nodeConfig) ?? {},
        managementPath: subPath('nodePools', index, 'management'),
        management: asRecord(pool.management) ?? {},
        autopilot: false,
      });
    });
  }
  const autoscaling = asRecord(inputs.clusterAutoscaling) ?? {};
  if (autopilot || autoscaling.enabled === true) {
    const defaults = asRecord(autoscaling.autoProvisioningDefaults) ?? {};
    out.push({
      configPath: 'clusterAutoscaling.autoProvisioningDefaults',
      config: defaults,
      managementPath: 'clusterAutoscaling.autoProvisioningDefaults.management',
      management: asRecord(defaults.management) ?? {},
      autopilot,
    });
  }
  return out;
}

const isClusterResource = (resource: PulumiResource): boolean => resource.type === GKE_CLUSTER_TYPE;
const isAutopilot = (resource: PulumiResource): boolean => resource.inputs.enableAutopilot === true;

export const gkePrivateNodes: PolicyRule = {
  id: 'gke-private-nodes',
  severity: 'error',
  description: 'GKE nodes have no public IP addresses: the cluster sets `privateClusterConfig.enablePrivateNodes: true` and no node pool opts out.',
  rationale: 'Nodes with public IPs are reachable from the internet; private nodes reach out through Cloud NAT only.',
  remediation: 'Set `privateClusterConfig: { enablePrivateNodes: true, masterIpv4CidrBlock: ... }` and a Cloud Router with NAT; remove `networkConfig.enablePrivateNodes: false` from node pools.',
  resourceTypes: CLUSTER_AND_POOLS,
  checkResource: (resource) => {
    const out: Finding[] = [];
    if (isClusterResource(resource)) {
      const value = getPath(resource.inputs, ['privateClusterConfig', 'enablePrivateNodes']);
      if (value !== true && !isUnknown(value)) {
        out.push({ path: 'privateClusterConfig.enablePrivateNodes', message: `(${show(value)}) must be true so nodes get no public IPs; add Cloud NAT for egress` });
      }
      asArray(resource.inputs.nodePools).forEach((pool, index) => {
        if (getPath(pool, ['networkConfig', 'enablePrivateNodes']) === false) {
          out.push({ path: subPath('nodePools', index, 'networkConfig', 'enablePrivateNodes'), message: '(false) gives this pool public IPs; remove it' });
        }
      });
    } else if (getPath(resource.inputs, ['networkConfig', 'enablePrivateNodes']) === false) {
      out.push({ path: 'networkConfig.enablePrivateNodes', message: '(false) gives this pool public IPs; remove it' });
    }
    return out;
  },
};

export const gkeWorkloadIdentity: PolicyRule = {
  id: 'gke-workload-identity',
  severity: 'error',
  description: 'The cluster enables Workload Identity (`workloadIdentityConfig.workloadPool`) and no node pool exposes node metadata to pods (`workloadMetadataConfig.mode` other than GKE_METADATA).',
  rationale: 'Without Workload Identity pods use the node service account and can read node metadata; with it each Kubernetes service account maps to its own Google service account.',
  remediation: 'Set `workloadIdentityConfig: { workloadPool: "<project>.svc.id.goog" }` and `nodeConfig.workloadMetadataConfig: { mode: "GKE_METADATA" }` on every pool.',
  resourceTypes: CLUSTER_AND_POOLS,
  checkResource: (resource) => {
    const out: Finding[] = [];
    if (isClusterResource(resource) && !isAutopilot(resource)) {
      const pool = getPath(resource.inputs, ['workloadIdentityConfig', 'workloadPool']);
      if (!isUnknown(pool) && (typeof pool !== 'string' || pool.trim() === '')) {
        out.push({ path: 'workloadIdentityConfig.workloadPool', message: `(${show(pool)}) must name the workload pool, "<project>.svc.id.goog"` });
      }
    }
    for (const nodes of nodeSettingsOf(resource)) {
      const mode = getPath(nodes.config, ['workloadMetadataConfig', 'mode']);
      if (typeof mode === 'string' && !isUnknown(mode) && mode !== 'GKE_METADATA') {
        out.push({
          path: subPath(nodes.configPath, 'workloadMetadataConfig', 'mode'),
          message: `(${show(mode)}) exposes node metadata to pods; set "GKE_METADATA"`,
        });
      }
    }
    return out;
  },
};

export const gkeShieldedNodes: PolicyRule = {
  id: 'gke-shielded-nodes',
  severity: 'error',
  description: 'Shielded GKE nodes are on (`enableShieldedNodes` not false) and every node pool boots with Secure Boot (`shieldedInstanceConfig.enableSecureBoot: true`).',
  rationale: 'Shielded nodes with Secure Boot refuse unsigned boot components, so a compromised node cannot persist a rootkit or impersonate another node.',
  remediation: 'Remove `enableShieldedNodes: false`; set `nodeConfig.shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true }` on every pool.',
  resourceTypes: CLUSTER_AND_POOLS,
  checkResource: (resource) => {
    const out: Finding[] = [];
    if (isClusterResource(resource) && resource.inputs.enableShieldedNodes === false) {
      out.push({ path: 'enableShieldedNodes', message: '(false) turns shielded nodes off; remove it (the default is true)' });
    }
    for (const nodes of nodeSettingsOf(resource)) {
      if (nodes.autopilot) continue;
      const secureBoot = getPath(nodes.config, ['shieldedInstanceConfig', 'enableSecureBoot']);
      if (secureBoot !== true && !isUnknown(secureBoot)) {
        out.push({
          path: subPath(nodes.configPath, 'shieldedInstanceConfig', 'enableSecureBoot'),
          message: `(${show(secureBoot)}) must be true (it defaults to false)`,
        });
      }
    }
    return out;
  },
};

/** Release channels that deliver patches. */
const RELEASE_CHANNELS: ReadonlySet<string> = new Set(['RAPID', 'REGULAR', 'STABLE', 'EXTENDED']);

export const gkeReleaseChannel: PolicyRule = {
  id: 'gke-release-channel',
  severity: 'error',
  description: 'The cluster is enrolled in a release channel (RAPID, REGULAR, STABLE or EXTENDED).',
  rationale: 'A release channel keeps the control plane and nodes on supported, patched versions without hand-picked upgrades.',
  remediation: 'Set `releaseChannel: { channel: "REGULAR" }` (or STABLE) and a maintenance window.',
  resourceTypes: CLUSTER_ONLY,
  checkResource: (resource) => {
    const channel = getPath(resource.inputs, ['releaseChannel', 'channel']);
    if (isUnknown(channel) || (typeof channel === 'string' && RELEASE_CHANNELS.has(channel))) return [];
    return [{ path: 'releaseChannel.channel', message: `(${show(channel)}) must be one of RAPID, REGULAR, STABLE, EXTENDED` }];
  },
};

export const gkeDeletionProtection: PolicyRule = {
  id: 'gke-deletion-protection',
  severity: 'error',
  description: 'The cluster keeps deletion protection on (`deletionProtection` not false; the provider default is true).',
  rationale: 'Deleting a production cluster by a mistaken `pulumi up` or `destroy` takes every service down at once.',
  remediation: 'Remove `deletionProtection: false`; waive the rule with a reason for throw-away clusters.',
  resourceTypes: CLUSTER_ONLY,
  checkResource: (resource) =>
    resource.inputs.deletionProtection === false
      ? [{ path: 'deletionProtection', message: '(false) lets Pulumi delete the cluster; remove it or set it to true' }]
      : [],
};

export const gkeNoLegacyMetadata: PolicyRule = {
  id: 'gke-no-legacy-metadata',
  severity: 'error',
  description: 'No node pool re-enables the legacy Compute Engine metadata endpoints (`metadata["disable-legacy-endpoints"]` is not "false").',
  rationale: 'The legacy v0.1/v1beta1 endpoints answer without the Metadata-Flavor header, so a server-side request forgery can steal node credentials.',
  remediation: 'Remove `disable-legacy-endpoints: "false"` from `nodeConfig.metadata` (or set it to "true").',
  resourceTypes: CLUSTER_AND_POOLS,
  checkResource: (resource) =>
    nodeSettingsOf(resource).flatMap((nodes) => {
      const value = getPath(nodes.config, ['metadata', 'disable-legacy-endpoints']);
      return value === 'false' || value === false
        ? [{ path: subPath(nodes.configPath, 'metadata', 'disable-legacy-endpoints'), message: `(${show(value)}) re-enables the legacy metadata endpoints; set "true" or remove it` }]
        : [];
    }),
};

export const gkeNoClientCertificate: PolicyRule = {
  id: 'gke-no-client-certificate',
  severity: 'error',
  description: 'The cluster issues no client certificate (`masterAuth.clientCertificateConfig.issueClientCertificate` is not true).',
  rationale: 'A client certificate is a long-lived cluster-admin credential that cannot be revoked short of rotating the cluster CA.',
  remediation: 'Remove `masterAuth.clientCertificateConfig.issueClientCertificate: true`; authenticate with Google identities and RBAC.',
  resourceTypes: CLUSTER_ONLY,
  checkResource: (resource) =>
    getPath(resource.inputs, ['masterAuth', 'clientCertificateConfig', 'issueClientCertificate']) === true
      ? [{ path: 'masterAuth.clientCertificateConfig.issueClientCertificate', message: '(true) issues a non-revocable admin certificate; set it to false' }]
      : [],
};

export const gkeNodeAutoRepairUpgrade: PolicyRule = {
  id: 'gke-node-auto-repair-upgrade',
  severity: 'error',
  description: 'Every node pool keeps auto-repair and auto-upgrade on (`management.autoRepair` and `management.autoUpgrade` not false).',
  rationale: 'Without auto-repair broken nodes stay in the pool; without auto-upgrade nodes fall behind the control plane and miss security patches.',
  remediation: 'Remove `autoRepair: false` / `autoUpgrade: false` from the pool\'s `management` (both default to true).',
  resourceTypes: CLUSTER_AND_POOLS,
  checkResource: (resource) =>
    nodeSettingsOf(resource).flatMap((nodes) => {
      if (!nodes.managementPath || !nodes.management) return [];
      return (['autoRepair', 'autoUpgrade'] as const)
        .filter((field) => nodes.management?.[field] === false)
        .map((field) => ({ path: subPath(nodes.managementPath ?? '', field), message: '(false) must be true (or removed: it defaults to true)' }));
    }),
};

export const gkeNetworkPolicy: PolicyRule = {
  id: 'gke-network-policy',
  severity: 'error',
  description: 'The cluster enforces NetworkPolicy: Dataplane V2 (`datapathProvider: "ADVANCED_DATAPATH"`) or `networkPolicy.enabled: true`.',
  rationale: 'Without an enforcing dataplane NetworkPolicy objects are silently ignored and every pod can reach every other pod.',
  remediation: 'Set `datapathProvider: "ADVANCED_DATAPATH"` (Dataplane V2, preferred) or `networkPolicy: { enabled: true, provider: "CALICO" }`.',
  resourceTypes: CLUSTER_ONLY,
  checkResource: (resource) => {
    if (isAutopilot(resource)) return [];
    const datapath = resource.inputs.datapathProvider;
    const enabled = getPath(resource.inputs, ['networkPolicy', 'enabled']);
    if (datapath === 'ADVANCED_DATAPATH' || enabled === true || isUnknown(datapath) || isUnknown(enabled)) return [];
    return [{ path: 'datapathProvider', message: `(${show(datapath)}) must be "ADVANCED_DATAPATH" (Dataplane V2), or set networkPolicy.enabled: true` }];
  },
};

/** The Compute Engine default service account's email suffix. */
const DEFAULT_COMPUTE_SA = /-compute@developer\.gserviceaccount\.com$/;

export const gkeDedicatedNodeServiceAccount: PolicyRule = {
  id: 'gke-dedicated-node-service-account',
  severity: 'error',
  description: 'Every node pool runs as a dedicated service account, not the Compute Engine default service account.',
  rationale: 'The default compute service account has the Editor role on the project: any pod that reaches node credentials could change the whole project.',
  remediation: 'Create a service account with only roles/logging.logWriter, roles/monitoring.metricWriter, roles/monitoring.viewer and roles/artifactregistry.reader, and set `nodeConfig.serviceAccount` to its email.',
  resourceTypes: CLUSTER_AND_POOLS,
  checkResource: (resource) =>
    nodeSettingsOf(resource).flatMap((nodes) => {
      const account = nodes.config.serviceAccount;
      if (isUnknown(account)) return [];
      const path = subPath(nodes.configPath, 'serviceAccount');
      if (typeof account !== 'string' || account.trim() === '' || account === 'default') {
        return [{ path, message: `(${show(account)}) falls back to the Compute Engine default service account; set the email of a dedicated least-privilege service account` }];
      }
      if (DEFAULT_COMPUTE_SA.test(account)) {
        return [{ path, message: `(${show(account)}) is the Compute Engine default service account; use a dedicated least-privilege service account` }];
      }
      return [];
    }),
};
