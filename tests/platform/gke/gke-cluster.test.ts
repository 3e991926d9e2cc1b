/**
 * GkeCluster under Pulumi runtime mocks: what the engine would receive for each child (parent, dependencies,
 * ignoreChanges, inputs), as the recording monitor records it.
 */
import { installRecordingMonitor, RecordedResource, ResourceGraph } from '../../support/recording-monitor';
import { GkeCluster, GkeClusterArgs } from '../../../packages/platform/gke/index';

const monitor = installRecordingMonitor();

const CLUSTER = 'gcp:container/cluster:Cluster';
const POOL = 'gcp:container/nodePool:NodePool';
const IAM = 'gcp:projects/iAMMember:IAMMember';
const EMAIL = 'shop-nodes@mock-project.iam.gserviceaccount.com';

const ARGS: GkeClusterArgs = {
  project: 'acme-shop',
  region: 'europe-west4',
  zones: ['europe-west4-a', 'europe-west4-b'],
  clusterName: 'shop',
  authorizedNetworks: [{ cidr: '10.200.0.0/24', displayName: 'runners' }],
  controlPlaneEndpoint: { kind: 'private' },
  artifactRegistryProjects: ['acme-shop', 'acme-images'],
  maintenanceExclusions: [{ name: 'black-friday', startTime: '2026-11-20T00:00:00Z', endTime: '2026-12-01T00:00:00Z', scope: 'NO_UPGRADES' }],
  nodePools: [
    { name: 'system', minNodes: 1, maxNodes: 3 },
    { name: 'batch', minNodes: 0, maxNodes: 5, spot: true },
  ],
  protect: false,
  backup: false,
};

describe('GkeCluster (mocked)', () => {
  let graph: ResourceGraph;
  let component: RecordedResource;

  beforeAll(async () => {
    new GkeCluster('shop-gke', ARGS);
    graph = await monitor.settle();
    component = graph.one('canary-platform:gke:GkeCluster', 'shop-gke');
  });

  const one = (type: string, name: string): RecordedResource => graph.one(type, name);

  it('parents every child to the component', () => {
    const children = graph.resources.filter((r) => r !== component);
    expect(children.length).toBeGreaterThan(10);
    for (const child of children) expect(graph.parentOf(child)).toBe(component);
  });

  it("gives the node service account GKE's node role, logging and monitoring, and Artifact Registry reader on each registry project", () => {
    const bindings = graph.ofType(IAM).map((m) => `${String(m.inputs.project)} ${String(m.inputs.role)}`).sort();
    expect(bindings).toEqual([
      'acme-images roles/artifactregistry.reader',
      'acme-shop roles/artifactregistry.reader',
      'acme-shop roles/container.defaultNodeServiceAccount',
      'acme-shop roles/logging.logWriter',
      'acme-shop roles/monitoring.metricWriter',
      'acme-shop roles/monitoring.viewer',
      'acme-shop roles/stackdriver.resourceMetadata.writer',
    ]);
    for (const m of graph.ofType(IAM)) expect(m.inputs.member).toBe(`serviceAccount:${EMAIL}`);
    expect(one(IAM, 'shop-gke-registry-reader-acme-images').inputs.role).toBe('roles/artifactregistry.reader');
  });

  it('runs the temporary default pool as the node service account, after its roles, and ignores later nodeConfig diffs', () => {
    const cluster = one(CLUSTER, 'shop-gke-cluster');
    expect(cluster.inputs.nodeConfig).toMatchObject({
      serviceAccount: EMAIL,
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
    });
    for (const binding of graph.ofType(IAM)) expect(graph.dependsOn(cluster, binding)).toBe(true);
    expect(graph.one(CLUSTER, 'shop-gke-cluster').ignoreChanges).toEqual(['nodeConfig']);
  });

  it('starts each pool at its minimum per zone and leaves its size to the autoscaler afterwards', () => {
    expect(one(POOL, 'shop-gke-pool-system').inputs).toMatchObject({ initialNodeCount: 1, autoscaling: { minNodeCount: 1, maxNodeCount: 3 } });
    expect(one(POOL, 'shop-gke-pool-batch').inputs).toMatchObject({ initialNodeCount: 0, autoscaling: { minNodeCount: 0, maxNodeCount: 5 } });
    for (const pool of graph.ofType(POOL)) expect(pool.ignoreChanges).toEqual(['initialNodeCount']);
  });

  it('renders the private endpoint with global access, and the maintenance exclusions', () => {
    const cluster = one(CLUSTER, 'shop-gke-cluster').inputs;
    expect(cluster.privateClusterConfig).toMatchObject({ enablePrivateNodes: true, enablePrivateEndpoint: true, masterGlobalAccessConfig: { enabled: true } });
    expect(cluster.masterAuthorizedNetworksConfig).toMatchObject({ cidrBlocks: [{ cidrBlock: '10.200.0.0/24', displayName: 'runners' }] });
    expect(cluster.maintenancePolicy).toMatchObject({
      recurringWindow: { recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU', endTime: '2026-01-03T10:00:00Z' },
      maintenanceExclusions: [{ exclusionName: 'black-friday', exclusionOptions: { scope: 'NO_UPGRADES' } }],
    });
  });

  it('refuses invalid arguments with one error listing every problem, before creating any child', () => {
    expect(
      () =>
        new GkeCluster('bad', {
          ...ARGS,
          controlPlaneEndpoint: { kind: 'private' },
          authorizedNetworks: [{ cidr: '203.0.113.0/24', displayName: 'office' }, { cidr: '34.1.2.0/24', displayName: 'office-2' }],
          network: { servicesCidr: '10.10.0.0/24' },
          maintenanceWindow: { startTime: '2026-01-03T02:00:00Z', endTime: '2026-01-03T06:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SU' },
        }),
    ).toThrow(/^GkeCluster bad: invalid arguments\n {2}- bad: network\.servicesCidr .*\n {2}- bad: authorizedNetworks\[1\]\.cidr \(34\.1\.2\.0\/24\) is a public range.*\n {2}- bad: maintenanceWindow \(FREQ=WEEKLY;BYDAY=SU, 4 h from 02:00 UTC\) gives 16 h/);
  });

  it('created no child of the refused component', async () => {
    const after = await monitor.settle();
    expect(after.resources.filter((r) => r.name.startsWith('bad-'))).toEqual([]);
  });
});
