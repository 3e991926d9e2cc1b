import { GkeClusterArgs, validateGkeClusterArgs } from '../../../packages/platform/gke/args';
import { contains, formatCidr, networkPlanProblems, overlaps, parseCidr } from '../../../packages/platform/gke/network-plan';

const ARGS: GkeClusterArgs = {
  project: 'acme-prod',
  region: 'europe-west4',
  zones: ['europe-west4-a'],
  authorizedNetworks: [],
  nodePools: [{ name: 'general', minNodes: 1, maxNodes: 3 }],
};
const PLAN = { subnetCidr: '10.10.0.0/20', podsCidr: '10.20.0.0/14', servicesCidr: '10.24.0.0/20', masterCidr: '172.16.0.0/28' };
const plan = (change: Partial<typeof PLAN>): string[] => networkPlanProblems({ ...PLAN, ...change }).map((p) => `${p.path} ${p.message}`);
const messages = (args: GkeClusterArgs): string[] => validateGkeClusterArgs('prod', args).map((p) => `${p.path} ${p.message}`);
const range = (cidr: string) => parseCidr(cidr) as NonNullable<ReturnType<typeof parseCidr>>;

describe('IPv4 ranges', () => {
  it('parses, contains and overlaps by address arithmetic', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ base: 167772160, prefix: 8 });
    expect(['256.0.0.0/8', '10.0.0.0/33', '10.0.0/8', 'office', 42].map(parseCidr)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(overlaps(range('10.20.0.0/14'), range('10.23.255.0/24'))).toBe(true);
    expect(overlaps(range('10.20.0.0/14'), range('10.24.0.0/20'))).toBe(false);
    expect(contains(range('172.16.0.0/12'), range('172.31.255.240/28'))).toBe(true);
    expect(contains(range('172.16.0.0/12'), range('172.32.0.0/28'))).toBe(false);
    expect(formatCidr(range('192.168.1.0/24').base, 24)).toBe('192.168.1.0/24');
  });
});

describe('address plan rules (checked before GKE would refuse them)', () => {
  it('accepts the default plan and every stack plan', () => {
    expect(plan({})).toEqual([]);
    expect(plan({ subnetCidr: '10.30.0.0/20', podsCidr: '10.40.0.0/14', servicesCidr: '10.44.0.0/20', masterCidr: '172.16.0.16/28' })).toEqual([]);
    expect(plan({ subnetCidr: '10.50.0.0/20', podsCidr: '10.56.0.0/14', servicesCidr: '10.60.0.0/20', masterCidr: '172.16.0.32/28' })).toEqual([]);
  });

  it('reports each overlapping pair once, at the later field', () =>
    expect(plan({ podsCidr: '10.8.0.0/14', servicesCidr: '10.10.4.0/24', masterCidr: '10.10.15.240/28' })).toEqual([
      'network.podsCidr (10.8.0.0/14) overlaps network.subnetCidr (10.10.0.0/20); the node, Pod, Service and control-plane ranges must not overlap',
      'network.servicesCidr (10.10.4.0/24) overlaps network.subnetCidr (10.10.0.0/20); the node, Pod, Service and control-plane ranges must not overlap',
      'network.servicesCidr (10.10.4.0/24) overlaps network.podsCidr (10.8.0.0/14); the node, Pod, Service and control-plane ranges must not overlap',
      'network.masterCidr (10.10.15.240/28) overlaps network.subnetCidr (10.10.0.0/20); the node, Pod, Service and control-plane ranges must not overlap',
      'network.masterCidr (10.10.15.240/28) overlaps network.podsCidr (10.8.0.0/14); the node, Pod, Service and control-plane ranges must not overlap',
    ]));

  it('requires a /28 control-plane range in RFC 1918 space, one problem per rule', () =>
    expect([...plan({ masterCidr: '100.64.0.0/28' }), ...plan({ masterCidr: '172.16.0.0/24' }), ...plan({ masterCidr: '8.8.8.0/24' })]).toEqual([
      'network.masterCidr (100.64.0.0/28) must lie in RFC 1918 space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
      'network.masterCidr (172.16.0.0/24) must be a /28 range',
      'network.masterCidr (8.8.8.0/24) must be a /28 range',
      'network.masterCidr (8.8.8.0/24) must lie in RFC 1918 space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)',
    ]));

  it('rejects invalid CIDRs and CIDRs with host bits set, naming the network address', () =>
    expect(plan({ subnetCidr: '10.10.0.1/20', podsCidr: '10.20.0.0/33', servicesCidr: 'services' })).toEqual([
      'network.subnetCidr (10.10.0.1/20) has host bits set; GCP expects the network address: 10.10.0.0/20',
      'network.podsCidr (10.20.0.0/33) must be an IPv4 CIDR like 10.0.0.0/16',
      'network.servicesCidr (services) must be an IPv4 CIDR like 10.0.0.0/16',
    ]));

  it('reports the plan through the component validation', () =>
    expect(messages({ ...ARGS, network: { servicesCidr: '10.10.0.0/24' } })).toEqual([
      'network.servicesCidr (10.10.0.0/24) overlaps network.subnetCidr (10.10.0.0/20); the node, Pod, Service and control-plane ranges must not overlap',
    ]));
});

describe('control-plane endpoint and authorized networks', () => {
  it('accepts public authorized networks for the public endpoint', () =>
    expect(messages({ ...ARGS, authorizedNetworks: [{ cidr: '198.51.100.10/32', displayName: 'ci' }, { cidr: '34.1.2.0/24', displayName: 'office' }] })).toEqual([]));

  it('with a private endpoint accepts only internal ranges, as GKE does', () =>
    expect(
      messages({
        ...ARGS,
        controlPlaneEndpoint: { kind: 'private' },
        authorizedNetworks: [
          { cidr: '10.200.0.0/24', displayName: 'runners' },
          { cidr: '100.64.1.0/24', displayName: 'vpn' },
          { cidr: '34.1.2.0/24', displayName: 'office' },
        ],
      }),
    ).toEqual([
      'authorizedNetworks[2].cidr (34.1.2.0/24) is a public range; with controlPlaneEndpoint "private" GKE accepts only internal ranges (RFC 1918, 100.64.0.0/10, ...) - list the internal range of your runner or VPN, or use controlPlaneEndpoint "public"',
    ]));

  it('rejects an unknown endpoint kind', () =>
    expect(messages({ ...ARGS, controlPlaneEndpoint: { kind: 'hybrid' } as unknown as GkeClusterArgs['controlPlaneEndpoint'] })).toEqual([
      'controlPlaneEndpoint.kind (hybrid) must be "public" or "private"',
    ]));
});

describe('names and registry projects (GKE and GCP rules)', () => {
  it('checks the cluster name (the component name when clusterName is unset), one problem per rule', () => {
    expect(messages({ ...ARGS, clusterName: 'c'.repeat(40) })).toEqual([]);
    expect(messages({ ...ARGS, clusterName: 'c'.repeat(41) })).toEqual([
      `clusterName (${'c'.repeat(41)}) is 41 characters; GKE allows cluster names of at most 40`,
    ]);
    expect(validateGkeClusterArgs('1st-Cluster-', ARGS).map((p) => `${p.path} ${p.message}`)).toEqual([
      "clusterName (1st-Cluster-) must start with a lowercase letter, hold only lowercase letters, digits and '-', and end with a letter or digit (GKE's rule for cluster names)",
    ]);
  });

  it('checks node-pool names against the same rule', () =>
    expect(messages({ ...ARGS, nodePools: [{ name: `p${'-x'.repeat(20)}`, minNodes: 1, maxNodes: 2 }, { name: 'gpu_pool', minNodes: 0, maxNodes: 1 }] })).toEqual([
      `nodePools[0].name (p${'-x'.repeat(20)}) is 41 characters; GKE allows node pool names of at most 40`,
      "nodePools[1].name (gpu_pool) must start with a lowercase letter, hold only lowercase letters, digits and '-', and end with a letter or digit (GKE's rule for node pool names)",
    ]));

  it('checks Artifact Registry project ids', () =>
    expect(messages({ ...ARGS, artifactRegistryProjects: ['acme-images', 'acme', 'acme-images'] })).toEqual([
      "artifactRegistryProjects[1] (acme) must be a GCP project id: 6-30 lowercase letters, digits and '-', starting with a letter",
      'artifactRegistryProjects[2] (acme-images) is listed twice',
    ]));
});

describe('malformed arguments from plain JavaScript or YAML callers', () => {
  it('reports fields of the wrong kind instead of throwing a TypeError', () =>
    expect(
      messages({
        ...ARGS,
        controlPlaneEndpoint: 'private' as unknown as GkeClusterArgs['controlPlaneEndpoint'],
        maintenanceWindow: null as unknown as GkeClusterArgs['maintenanceWindow'],
        maintenanceExclusions: { name: 'x' } as unknown as GkeClusterArgs['maintenanceExclusions'],
      }),
    ).toEqual([
      'controlPlaneEndpoint must be an object (got a string ("private"))',
      'maintenanceWindow must be an object (got null)',
      'maintenanceExclusions must be an array (got an object)',
    ]));
});
