import { GKE_CLUSTER_DEFAULTS, GkeClusterArgs, resolveGkeClusterArgs, validateGkeClusterArgs } from './args';
import { clusterSettings, kubeconfig, nodePoolSettings, roleSuffix } from './render';

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
  });

  it('throws one error listing every problem', () => {
    expect(() =>
      resolveGkeClusterArgs('prod', { ...ARGS, zones: ['us-east1-b'], nodePools: [{ name: 'Bad_Name', minNodes: 2, maxNodes: 1 }] }),
    ).toThrow(
      'GkeCluster prod: invalid arguments\n' +
        '  - prod: zones[0] (us-east1-b) must be a zone of region europe-west4\n' +
        '  - prod: nodePools[0].name (Bad_Name) must be a lowercase DNS label of at most 40 characters\n' +
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

describe('render', () => {
  const resolved = resolveGkeClusterArgs('prod', ARGS);

  it('renders the cluster settings (snapshot)', () => {
    expect(clusterSettings(resolved, { network: 'net-id', subnetwork: 'subnet-id' })).toMatchSnapshot();
  });

  it('turns on Binary Authorization and application-layer encryption when asked', () => {
    const key = 'projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k';
    const settings = clusterSettings(resolveGkeClusterArgs('prod', { ...ARGS, binaryAuthorization: true, kmsKeyName: key }), {
      network: 'n',
      subnetwork: 's',
    });
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
});
