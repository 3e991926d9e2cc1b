import { baselineInput, baselineResources, resourcesWith, type Json } from '../fixtures';
import type { RuleCases } from './types';

/** Pulumi's unknown-string sentinel: a value computed at deploy time, seen during preview. */
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

const cluster = (edit: (d: Json) => void) => baselineInput({ resources: resourcesWith('prod-gke', (r) => edit(r.inputs)) });
const pool = (edit: (d: Json) => void) => baselineInput({ resources: resourcesWith('prod-gke-general', (r) => edit(r.inputs)) });
const istiod = (edit: (d: Json) => void) => baselineInput({ resources: resourcesWith('istiod', (r) => edit(r.inputs)) });

const CLUSTER = 'gcp:container/cluster:Cluster::prod-gke';
const POOL = 'gcp:container/nodePool:NodePool::prod-gke-general';
const ISTIOD = 'kubernetes:helm.sh/v3:Release::istiod';

/** A compliant inline node pool (nodePools[0]) for cluster-level cases. */
const inlinePool = (): Json => structuredClone({ name: 'inline', management: { autoRepair: true, autoUpgrade: true }, nodeConfig: baselineResources()[1].inputs.nodeConfig });

const unpinned = (version: unknown, shown: string) => ({
  name: `version ${shown}`,
  input: istiod((d) => (version === undefined ? delete d.version : (d.version = version))),
  violations: [
    {
      ruleId: 'helm-chart-version-pinned',
      subject: ISTIOD,
      path: 'version',
      message:
        typeof version === 'string' && version.trim() !== ''
          ? `(${shown}) of chart "istiod" is a range or not a version; set an exact version such as 1.2.3`
          : `(${shown}) of chart "istiod" is not pinned, so Helm installs the latest; set an exact version such as 1.2.3`,
    },
  ],
});

export const PLATFORM_CASES: Record<string, RuleCases> = {
  'gke-private-nodes': {
    passes: [
      { name: 'private nodes', input: baselineInput() },
      { name: 'a value unknown during preview', input: cluster((d) => (d.privateClusterConfig.enablePrivateNodes = UNKNOWN)) },
    ],
    fails: [
      {
        name: 'public nodes',
        input: cluster((d) => (d.privateClusterConfig.enablePrivateNodes = false)),
        violations: [{ ruleId: 'gke-private-nodes', subject: CLUSTER, path: 'privateClusterConfig.enablePrivateNodes', message: '(false) must be true so nodes get no public IPs; add Cloud NAT for egress' }],
      },
      {
        name: 'a node pool that opts out',
        input: pool((d) => (d.networkConfig = { enablePrivateNodes: false })),
        violations: [{ ruleId: 'gke-private-nodes', subject: POOL, path: 'networkConfig.enablePrivateNodes', message: '(false) gives this pool public IPs; remove it' }],
      },
    ],
  },
  'gke-workload-identity': {
    passes: [
      { name: 'workload pool and GKE_METADATA', input: baselineInput() },
      { name: 'Autopilot (always on)', input: cluster((d) => { d.enableAutopilot = true; delete d.workloadIdentityConfig; d.clusterAutoscaling = { autoProvisioningDefaults: { serviceAccount: 'gke-nodes@acme-prod.iam.gserviceaccount.com' } }; }) },
    ],
    fails: [
      {
        name: 'no workload pool',
        input: cluster((d) => delete d.workloadIdentityConfig),
        violations: [{ ruleId: 'gke-workload-identity', subject: CLUSTER, path: 'workloadIdentityConfig.workloadPool', message: '(not set) must name the workload pool, "<project>.svc.id.goog"' }],
      },
      {
        name: 'a pool exposing node metadata',
        input: pool((d) => (d.nodeConfig.workloadMetadataConfig.mode = 'GCE_METADATA')),
        violations: [{ ruleId: 'gke-workload-identity', subject: POOL, path: 'nodeConfig.workloadMetadataConfig.mode', message: '("GCE_METADATA") exposes node metadata to pods; set "GKE_METADATA"' }],
      },
    ],
  },
  'gke-shielded-nodes': {
    passes: [{ name: 'shielded nodes with secure boot', input: baselineInput() }],
    fails: [
      {
        name: 'shielded nodes off',
        input: cluster((d) => (d.enableShieldedNodes = false)),
        violations: [{ ruleId: 'gke-shielded-nodes', subject: CLUSTER, path: 'enableShieldedNodes', message: '(false) turns shielded nodes off; remove it (the default is true)' }],
      },
      {
        name: 'an inline pool without secure boot',
        input: cluster((d) => (d.nodePools = [{ ...inlinePool(), nodeConfig: { ...inlinePool().nodeConfig, shieldedInstanceConfig: { enableIntegrityMonitoring: true } } }])),
        violations: [{ ruleId: 'gke-shielded-nodes', subject: CLUSTER, path: 'nodePools[0].nodeConfig.shieldedInstanceConfig.enableSecureBoot', message: '(not set) must be true (it defaults to false)' }],
      },
    ],
  },
  'gke-release-channel': {
    passes: [{ name: 'STABLE', input: cluster((d) => (d.releaseChannel.channel = 'STABLE')) }],
    fails: [
      {
        name: 'UNSPECIFIED',
        input: cluster((d) => (d.releaseChannel.channel = 'UNSPECIFIED')),
        violations: [{ ruleId: 'gke-release-channel', subject: CLUSTER, path: 'releaseChannel.channel', message: '("UNSPECIFIED") must be one of RAPID, REGULAR, STABLE, EXTENDED' }],
      },
    ],
  },
  'gke-deletion-protection': {
    passes: [{ name: 'left at the provider default (true)', input: cluster((d) => delete d.deletionProtection) }],
    fails: [
      {
        name: 'switched off',
        input: cluster((d) => (d.deletionProtection = false)),
        violations: [{ ruleId: 'gke-deletion-protection', subject: CLUSTER, path: 'deletionProtection', message: '(false) lets Pulumi delete the cluster; remove it or set it to true' }],
      },
    ],
  },
  'gke-no-legacy-metadata': {
    passes: [{ name: 'no metadata override', input: pool((d) => delete d.nodeConfig.metadata) }],
    fails: [
      {
        name: 'legacy endpoints re-enabled',
        input: pool((d) => (d.nodeConfig.metadata['disable-legacy-endpoints'] = 'false')),
        violations: [{ ruleId: 'gke-no-legacy-metadata', subject: POOL, path: 'nodeConfig.metadata["disable-legacy-endpoints"]', message: '("false") re-enables the legacy metadata endpoints; set "true" or remove it' }],
      },
    ],
  },
  'gke-no-client-certificate': {
    passes: [{ name: 'issueClientCertificate false', input: baselineInput() }],
    fails: [
      {
        name: 'a client certificate issued',
        input: cluster((d) => (d.masterAuth.clientCertificateConfig.issueClientCertificate = true)),
        violations: [{ ruleId: 'gke-no-client-certificate', subject: CLUSTER, path: 'masterAuth.clientCertificateConfig.issueClientCertificate', message: '(true) issues a non-revocable admin certificate; set it to false' }],
      },
    ],
  },
  'gke-node-auto-repair-upgrade': {
    passes: [{ name: 'management left at its defaults', input: pool((d) => delete d.management) }],
    fails: [
      {
        name: 'auto-upgrade off',
        input: pool((d) => (d.management.autoUpgrade = false)),
        violations: [{ ruleId: 'gke-node-auto-repair-upgrade', subject: POOL, path: 'management.autoUpgrade', message: '(false) must be true (or removed: it defaults to true)' }],
      },
      {
        name: 'auto-repair off in node auto-provisioning defaults',
        input: cluster((d) => (d.clusterAutoscaling = { enabled: true, autoProvisioningDefaults: { serviceAccount: 'gke-nodes@acme-prod.iam.gserviceaccount.com', shieldedInstanceConfig: { enableSecureBoot: true }, management: { autoRepair: false } } })),
        violations: [{ ruleId: 'gke-node-auto-repair-upgrade', subject: CLUSTER, path: 'clusterAutoscaling.autoProvisioningDefaults.management.autoRepair', message: '(false) must be true (or removed: it defaults to true)' }],
      },
    ],
  },
  'gke-network-policy': {
    passes: [
      { name: 'Dataplane V2', input: baselineInput() },
      { name: 'Calico network policy', input: cluster((d) => { d.datapathProvider = 'LEGACY_DATAPATH'; d.networkPolicy = { enabled: true, provider: 'CALICO' }; }) },
    ],
    fails: [
      {
        name: 'legacy dataplane without network policy',
        input: cluster((d) => (d.datapathProvider = 'LEGACY_DATAPATH')),
        violations: [{ ruleId: 'gke-network-policy', subject: CLUSTER, path: 'datapathProvider', message: '("LEGACY_DATAPATH") must be "ADVANCED_DATAPATH" (Dataplane V2), or set networkPolicy.enabled: true' }],
      },
    ],
  },
  'gke-dedicated-node-service-account': {
    passes: [
      { name: 'a dedicated account', input: baselineInput() },
      { name: "an account's email unknown during preview", input: pool((d) => (d.nodeConfig.serviceAccount = UNKNOWN)) },
    ],
    fails: [
      {
        name: 'the Compute Engine default account',
        input: pool((d) => (d.nodeConfig.serviceAccount = '123456789-compute@developer.gserviceaccount.com')),
        violations: [{ ruleId: 'gke-dedicated-node-service-account', subject: POOL, path: 'nodeConfig.serviceAccount', message: '("123456789-compute@developer.gserviceaccount.com") is the Compute Engine default service account; use a dedicated least-privilege service account' }],
      },
      {
        name: 'the default node pool kept with "default"',
        input: cluster((d) => { d.removeDefaultNodePool = false; d.nodeConfig = { ...inlinePool().nodeConfig, serviceAccount: 'default' }; }),
        violations: [{ ruleId: 'gke-dedicated-node-service-account', subject: CLUSTER, path: 'nodeConfig.serviceAccount', message: '("default") falls back to the Compute Engine default service account; set the email of a dedicated least-privilege service account' }],
      },
    ],
  },
  'helm-chart-version-pinned': {
    passes: [
      { name: 'exact versions', input: baselineInput() },
      { name: 'a leading v and a pre-release', input: istiod((d) => (d.version = 'v1.25.0-beta.1')) },
      { name: 'a local chart', input: istiod((d) => { d.chart = './charts/istiod'; delete d.version; }) },
      { name: 'a pinned helm v4 Chart', input: baselineInput({ resources: [...baselineResources(), { type: 'kubernetes:helm.sh/v4:Chart', name: 'loki', inputs: { chart: 'loki', version: '6.24.0' } }] }) },
    ],
    fails: [
      unpinned(undefined, 'not set'),
      unpinned('', '""'),
      unpinned('^1.24.0', '"^1.24.0"'),
      unpinned('1.24', '"1.24"'),
      unpinned('1.x', '"1.x"'),
      unpinned('>=1.0.0 <2.0.0', '">=1.0.0 <2.0.0"'),
      unpinned('latest', '"latest"'),
    ],
  },
};
