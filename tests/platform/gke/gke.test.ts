import { GKE_CLUSTER_DEFAULTS, GkeClusterArgs, resolveGkeClusterArgs, validateGkeClusterArgs } from '../../../packages/platform/gke/args';
import {
  CLUSTER_IGNORED_CHANGES,
  clusterSettings,
  kubeconfig,
  NODE_POOL_IGNORED_CHANGES,
  NODE_SERVICE_ACCOUNT_ROLES,
  nodePoolSettings,
  nodeServiceAccountId,
  roleSuffix,
} from '../../../packages/platform/gke/render';

const ARGS: GkeClusterArgs = {
  project: 'acme-prod',
  region: 'europe-west4',
  zones: ['europe-west4-a', 'europe-west4-b'],
  authorizedNetworks: [{ cidr: '203.0.113.0/24', displayName: 'office' }],
  nodePools: [{ name: 'general', minNodes: 1, maxNodes: 3 }],
};

const messages = (args: GkeClusterArgs): string[] => validateGkeClusterArgs('prod', args).map((p) => `${p.path} ${p.message}`);

describe('resolveGkeClusterArgs', () => {
  it('applies visible defaults', () => {
    const resolved = resolveGkeClusterArgs('prod', ARGS);
    expect(resolved.releaseChannel).toBe('REGULAR');
    expect(resolved.deletionProtection).toBe(true);
    expect(resolved.protect).toBe(true);
    expect(resolved.network).toEqual(GKE_CLUSTER_DEFAULTS.network);
    expect(resolved.nodePools[0]).toEqual({ ...GKE_CLUSTER_DEFAULTS.nodePool, name: 'general', minNodes: 1, maxNodes: 3 });
    expect(resolved.backup).toEqual(GKE_CLUSTER_DEFAULTS.backup);
    expect(resolved.controlPlaneEndpoint).toEqual({ kind: 'public' });
    expect(resolved.maintenanceWindow).toEqual({ startTime: '2026-01-03T02:00:00Z', endTime: '2026-01-03T10:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' });
    expect(resolved.maintenanceExclusions).toEqual([]);
  });

  it("defaults the Artifact Registry projects to the cluster's own project; [] grants none", () => {
    expect(resolveGkeClusterArgs('prod', ARGS).artifactRegistryProjects).toEqual(['acme-prod']);
    expect(resolveGkeClusterArgs('prod', { ...ARGS, artifactRegistryProjects: [] }).artifactRegistryProjects).toEqual([]);
    expect(resolveGkeClusterArgs('prod', { ...ARGS, artifactRegistryProjects: ['acme-images'] }).artifactRegistryProjects).toEqual(['acme-images']);
  });

  it('opens a private endpoint to every region unless globalAccess is false', () => {
    const internal = [{ cidr: '10.200.0.0/24', displayName: 'runners' }];
    expect(resolveGkeClusterArgs('prod', { ...ARGS, authorizedNetworks: internal, controlPlaneEndpoint: { kind: 'private' } }).controlPlaneEndpoint).toEqual({
      kind: 'private',
      globalAccess: true,
    });
    expect(
      resolveGkeClusterArgs('prod', { ...ARGS, authorizedNetworks: internal, controlPlaneEndpoint: { kind: 'private', globalAccess: false } }).controlPlaneEndpoint,
    ).toEqual({ kind: 'private', globalAccess: false });
  });

  it('throws one error listing every problem', () => {
    expect(() =>
      resolveGkeClusterArgs('prod', { ...ARGS, zones: ['us-east1-b'], nodePools: [{ name: 'Bad_Name', minNodes: 2, maxNodes: 1 }] }),
    ).toThrow(
      'GkeCluster prod: invalid arguments\n' +
        '  - prod: zones[0] (us-east1-b) must be a zone of region europe-west4\n' +
        "  - prod: nodePools[0].name (Bad_Name) must start with a lowercase letter, hold only lowercase letters, digits and '-', and end with a letter or digit (GKE's rule for node pool names)\n" +
        '  - prod: nodePools[0].maxNodes (1) must be >= minNodes (2)',
    );
  });
});

describe('validateGkeClusterArgs', () => {
  it('accepts the minimal arguments', () => expect(messages(ARGS)).toEqual([]));
  it('requires zones and node pools', () =>
    expect(messages({ ...ARGS, zones: [], nodePools: [] })).toEqual([
      'zones (empty) must name at least one zone of the region',
      'nodePools (empty) must declare at least one node pool',
    ]));
  it('checks CIDRs and the /28 control-plane range', () =>
    expect(messages({ ...ARGS, network: { podsCidr: '10.0.0.0/33', masterCidr: '172.16.0.0/24' }, authorizedNetworks: [{ cidr: 'office', displayName: 'x' }] })).toEqual([
      'network.podsCidr (10.0.0.0/33) must be an IPv4 CIDR like 10.0.0.0/16',
      'network.masterCidr (172.16.0.0/24) must be a /28 range',
      'authorizedNetworks[0].cidr (office) must be an IPv4 CIDR like 203.0.113.0/24',
    ]));
  it('rejects duplicate pools, zero max and an upgrade that can make no progress', () =>
    expect(
      messages({
        ...ARGS,
        nodePools: [
          { name: 'a', minNodes: 0, maxNodes: 0 },
          { name: 'a', minNodes: 1, maxNodes: 2, maxSurge: 0, maxUnavailable: 0 },
        ],
      }),
    ).toEqual([
      'nodePools[0].maxNodes (0) must be an integer >= 1',
      'nodePools[1].name (a) is used by another node pool',
      'nodePools[1].maxSurge (0) plus maxUnavailable (0) must be >= 1',
    ]));
  it('checks the KMS key name and backup retention', () =>
    expect(messages({ ...ARGS, kmsKeyName: 'my-key', backup: { retainDays: 0 } })).toEqual([
      'kmsKeyName (my-key) must look like projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>',
      'backup.retainDays (0) must be 1-3650',
    ]));
});

const REFS = { network: 'net-id', subnetwork: 'subnet-id', nodeServiceAccountEmail: 'nodes@acme-prod.iam' };

describe('render', () => {
  const resolved = resolveGkeClusterArgs('prod', ARGS);

  it('renders the cluster settings (snapshot)', () => {
    expect(clusterSettings(resolved, REFS)).toMatchSnapshot();
  });

  it('renders a fully configured cluster (snapshot)', () => {
    const full = resolveGkeClusterArgs('prod', {
      ...ARGS,
      clusterName: 'canary-prod',
      releaseChannel: 'STABLE',
      network: { subnetCidr: '10.50.0.0/20', podsCidr: '10.56.0.0/14', servicesCidr: '10.60.0.0/20', masterCidr: '172.16.0.32/28' },
      authorizedNetworks: [{ cidr: '10.200.0.0/24', displayName: 'runners' }],
      controlPlaneEndpoint: { kind: 'private', globalAccess: true },
      maintenanceWindow: { startTime: '2026-01-05T22:00:00Z', endTime: '2026-01-06T04:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH' },
      maintenanceExclusions: [
        { name: 'black-friday', startTime: '2026-11-20T00:00:00Z', endTime: '2026-12-01T00:00:00Z', scope: 'NO_UPGRADES' },
        { name: 'year-end', startTime: '2026-12-01T00:00:00Z', endTime: '2027-01-15T00:00:00Z', scope: 'NO_MINOR_UPGRADES' },
      ],
      artifactRegistryProjects: ['acme-prod', 'acme-images'],
      binaryAuthorization: true,
      kmsKeyName: 'projects/acme-prod/locations/europe-west4/keyRings/gke/cryptoKeys/etcd',
      deletionProtection: false,
      labels: { team: 'platform' },
    });
    expect(clusterSettings(full, REFS)).toMatchSnapshot();
  });

  it('turns on Binary Authorization and application-layer encryption when asked', () => {
    const key = 'projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k';
    const settings = clusterSettings(resolveGkeClusterArgs('prod', { ...ARGS, binaryAuthorization: true, kmsKeyName: key }), REFS);
    expect(settings.binaryAuthorization).toEqual({ evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' });
    expect(settings.databaseEncryption).toEqual({ state: 'ENCRYPTED', keyName: key });
  });

  it('renders a hardened node pool (snapshot) with every prop', () => {
    const pool = resolveGkeClusterArgs('prod', {
      ...ARGS,
      nodePools: [
        {
          name: 'batch',
          machineType: 'n2-standard-8',
          minNodes: 0,
          maxNodes: 5,
          diskSizeGb: 50,
          diskType: 'pd-ssd',
          spot: true,
          maxSurge: 2,
          maxUnavailable: 1,
          labels: { pool: 'batch' },
          taints: [{ key: 'batch', value: 'true', effect: 'NO_SCHEDULE' }],
        },
      ],
    });
    expect(nodePoolSettings(pool, pool.nodePools[0], { cluster: 'cluster-id', serviceAccountEmail: 'nodes@p.iam' })).toMatchSnapshot();
  });

  it('writes a kubeconfig that uses gke-gcloud-auth-plugin and holds no credentials (snapshot)', () => {
    const text = kubeconfig({ clusterName: 'canary-prod', endpoint: '203.0.113.10', clusterCaCertificate: 'Q0E=' });
    expect(text).toMatchSnapshot();
    expect(text).not.toMatch(/token|client-key|password/);
  });

  it('derives child names from roles', () => expect(roleSuffix('roles/stackdriver.resourceMetadata.writer')).toBe('stackdriver-resourcemetadata-writer'));

  it("runs the temporary default pool as the node service account, shielded and behind GKE's metadata server", () => {
    expect(clusterSettings(resolved, REFS).nodeConfig).toEqual({
      serviceAccount: 'nodes@acme-prod.iam',
      oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      imageType: 'COS_CONTAINERD',
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
      metadata: { 'disable-legacy-endpoints': 'true' },
    });
    // Only the temporary pool reads it; a later diff on it would replace the cluster.
    expect(CLUSTER_IGNORED_CHANGES).toEqual(['nodeConfig']);
  });

  it('starts each node pool at its minimum per zone and ignores later size drift', () => {
    const pools = resolveGkeClusterArgs('prod', { ...ARGS, nodePools: [{ name: 'a', minNodes: 2, maxNodes: 5 }, { name: 'b', minNodes: 0, maxNodes: 3 }] });
    expect(pools.nodePools.map((p) => nodePoolSettings(pools, p, { cluster: 'c', serviceAccountEmail: 'e' }).initialNodeCount)).toEqual([2, 0]);
    expect(NODE_POOL_IGNORED_CHANGES).toEqual(['initialNodeCount']);
  });

  it('keeps the public endpoint by default and renders the private endpoint with global access when asked', () => {
    expect(clusterSettings(resolved, REFS).privateClusterConfig).toEqual({
      enablePrivateNodes: true,
      enablePrivateEndpoint: false,
      masterIpv4CidrBlock: '172.16.0.0/28',
      masterGlobalAccessConfig: { enabled: false },
    });
    const internal = [{ cidr: '10.200.0.0/24', displayName: 'runners' }];
    const privateArgs = resolveGkeClusterArgs('prod', { ...ARGS, authorizedNetworks: internal, controlPlaneEndpoint: { kind: 'private' } });
    expect(clusterSettings(privateArgs, REFS).privateClusterConfig).toEqual({
      enablePrivateNodes: true,
      enablePrivateEndpoint: true,
      masterIpv4CidrBlock: '172.16.0.0/28',
      masterGlobalAccessConfig: { enabled: true },
    });
    const regional = resolveGkeClusterArgs('prod', { ...ARGS, authorizedNetworks: internal, controlPlaneEndpoint: { kind: 'private', globalAccess: false } });
    expect(clusterSettings(regional, REFS).privateClusterConfig).toMatchObject({ enablePrivateEndpoint: true, masterGlobalAccessConfig: { enabled: false } });
  });

  it('renders maintenance exclusions with their scope, and none when there are none', () => {
    expect(clusterSettings(resolved, REFS).maintenancePolicy).not.toHaveProperty('maintenanceExclusions');
    const withFreeze = resolveGkeClusterArgs('prod', {
      ...ARGS,
      maintenanceExclusions: [{ name: 'black-friday', startTime: '2026-11-20T00:00:00Z', endTime: '2026-12-01T00:00:00Z', scope: 'NO_UPGRADES' }],
    });
    expect(clusterSettings(withFreeze, REFS).maintenancePolicy).toEqual({
      recurringWindow: { startTime: '2026-01-03T02:00:00Z', endTime: '2026-01-03T10:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' },
      maintenanceExclusions: [
        { exclusionName: 'black-friday', startTime: '2026-11-20T00:00:00Z', endTime: '2026-12-01T00:00:00Z', exclusionOptions: { scope: 'NO_UPGRADES' } },
      ],
    });
  });

  it("grants GKE's least-privilege node role first, then logging and monitoring only", () =>
    expect(NODE_SERVICE_ACCOUNT_ROLES).toEqual([
      'roles/container.defaultNodeServiceAccount',
      'roles/logging.logWriter',
      'roles/monitoring.metricWriter',
      'roles/monitoring.viewer',
      'roles/stackdriver.resourceMetadata.writer',
    ]));

  it("derives a valid service account id (6-30 characters, no trailing '-') from any valid cluster name", () => {
    expect(nodeServiceAccountId('canary-prod')).toBe('canary-prod-nodes');
    expect(nodeServiceAccountId('a'.repeat(29))).toBe('a'.repeat(29));
    expect(nodeServiceAccountId('a'.repeat(40))).toBe('a'.repeat(30));
    for (let n = 1; n <= 40; n += 1) expect(nodeServiceAccountId('c'.repeat(n))).toMatch(/^[a-z]([-a-z0-9]{4,28})[a-z0-9]$/);
  });
});
