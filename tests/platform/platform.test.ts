/**
 * The whole platform program under Pulumi runtime mocks, with the production stack file: every component is
 * in the graph, the cluster and node pools are hardened, the order is explicit, secrets stay secret and
 * stateful resources are protected.
 */
import { installRecordingMonitor, isRecordedSecret, plainOccurrences, RecordedResource, ResourceGraph } from '../support/recording-monitor';
import { rawStackConfig } from '../support/stack-config';
import { parseStackConfig } from '../../stacks/platform/config';
import { buildPlatformStack, PlatformStackOutputs } from '../../stacks/platform/program';
import * as pulumi from '@pulumi/pulumi';
import { CHARTS, ChartVersion } from '../../packages/shared/versions';
import { ARTIFACT_REGISTRY_READER_ROLE, NODE_SERVICE_ACCOUNT_ROLES } from '../../packages/platform/gke';

const SLACK = 'https://hooks.slack.com/services/T000/B000/SECRET-SLACK';
const ROCKET = 'https://chat.example.com/hooks/SECRET-ROCKET';
const GRAFANA = 'correct-horse-battery-staple';

const RELEASE = 'kubernetes:helm.sh/v3:Release';
/** Istio custom resources and how many the platform creates (mesh-wide STRICT mTLS + the load tester's webhook port). */
const CR_TYPES: Record<string, number> = {
  'kubernetes:networking.istio.io/v1:Gateway': 1,
  'kubernetes:security.istio.io/v1:PeerAuthentication': 2,
};

describe('platform program (prod stack, mocked)', () => {
  const monitor = installRecordingMonitor({ stack: 'prod' });
  let graph: ResourceGraph;
  let outputs: PlatformStackOutputs;

  beforeAll(async () => {
    const { raw, file } = rawStackConfig('prod', {
      'canary-platform:slackWebhookUrl': SLACK,
      'canary-platform:rocketChatWebhookUrl': ROCKET,
      'canary-platform:grafanaAdminPassword': GRAFANA,
    });
    // Services need the CanaryService construct; this test is about the platform.
    delete raw['canary-platform:services'];
    const secretKeys = ['canary-platform:slackWebhookUrl', 'canary-platform:rocketChatWebhookUrl', 'canary-platform:grafanaAdminPassword'];
    outputs = buildPlatformStack(parseStackConfig(raw, { file, secretKeys }));
    graph = await monitor.settle();
  });

  const release = (name: string): RecordedResource => graph.one(RELEASE, name);
  const byName = (type: string, name: string): RecordedResource => graph.one(type, name);

  it('registers every component under the Platform', () => {
    const platform = byName('canary-platform:platform:Platform', 'canary-prod');
    for (const [type, name] of [
      ['canary-platform:gke:GkeCluster', 'canary-prod-gke'],
      ['canary-platform:istio:Istio', 'canary-prod-istio'],
      ['canary-platform:observability:Observability', 'canary-prod-observability'],
      ['canary-platform:flagger:Flagger', 'canary-prod-flagger'],
    ]) {
      expect(graph.parentOf(byName(type, name))).toBe(platform);
    }
    expect(release('canary-prod-istio-istiod').parent).toBe(byName('canary-platform:istio:Istio', 'canary-prod-istio').urn);
  });

  it('hardens the cluster', () => {
    const cluster = byName('gcp:container/cluster:Cluster', 'canary-prod-gke-cluster').inputs;
    expect(cluster).toMatchObject({
      location: 'europe-west4',
      nodeLocations: ['europe-west4-a', 'europe-west4-b', 'europe-west4-c'],
      removeDefaultNodePool: true,
      datapathProvider: 'ADVANCED_DATAPATH',
      networkingMode: 'VPC_NATIVE',
      ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
      releaseChannel: { channel: 'REGULAR' },
      maintenancePolicy: { recurringWindow: { recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' } },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false, masterIpv4CidrBlock: '172.16.0.0/28' },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: [
          { cidrBlock: '203.0.113.0/24', displayName: 'office-vpn' },
          { cidrBlock: '198.51.100.10/32', displayName: 'ci-runners' },
        ],
      },
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      workloadIdentityConfig: { workloadPool: 'acme-canary-prod.svc.id.goog' },
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      binaryAuthorization: { evaluationMode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      databaseEncryption: {
        state: 'ENCRYPTED',
        keyName: 'projects/acme-canary-prod/locations/europe-west4/keyRings/gke/cryptoKeys/etcd-secrets',
      },
      deletionProtection: true,
      addonsConfig: { gkeBackupAgentConfig: { enabled: true } },
    });
  });

  it('hardens every node pool and runs it as the dedicated node service account', () => {
    const pools = graph.ofType('gcp:container/nodePool:NodePool');
    expect(pools.map((p) => p.name).sort()).toEqual(['canary-prod-gke-pool-system', 'canary-prod-gke-pool-workloads']);
    const email = 'canary-prod-nodes@mock-project.iam.gserviceaccount.com';
    for (const pool of pools) {
      expect(pool.inputs).toMatchObject({
        management: { autoRepair: true, autoUpgrade: true },
        upgradeSettings: { strategy: 'SURGE' },
        autoscaling: { locationPolicy: 'BALANCED' },
        nodeConfig: {
          imageType: 'COS_CONTAINERD',
          serviceAccount: email,
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
          workloadMetadataConfig: { mode: 'GKE_METADATA' },
          metadata: { 'disable-legacy-endpoints': 'true' },
        },
      });
    }
    expect(byName('gcp:container/nodePool:NodePool', 'canary-prod-gke-pool-workloads').inputs).toMatchObject({
      autoscaling: { minNodeCount: 2, maxNodeCount: 10 },
      upgradeSettings: { maxSurge: 2, maxUnavailable: 0 },
      nodeConfig: { machineType: 'n2-standard-8', diskSizeGb: 200 },
    });
  });

  it("gives the node service account only GKE's node role, logging and monitoring, and Artifact Registry reader on its project", () => {
    const roles = graph.ofType('gcp:projects/iAMMember:IAMMember').map((m) => m.inputs);
    expect(roles.map((r) => `${String(r.project)} ${String(r.role)}`).sort()).toEqual(
      [...NODE_SERVICE_ACCOUNT_ROLES, ARTIFACT_REGISTRY_READER_ROLE].map((role) => `acme-canary-prod ${role}`).sort(),
    );
    for (const r of roles) expect(r.member).toBe('serviceAccount:canary-prod-nodes@mock-project.iam.gserviceaccount.com');
  });

  it('fixes the prod maintenance window GKE refused: weekends 02:00-10:00 UTC', () => {
    expect(byName('gcp:container/cluster:Cluster', 'canary-prod-gke-cluster').inputs.maintenancePolicy).toEqual({
      recurringWindow: { startTime: '2026-01-03T02:00:00Z', endTime: '2026-01-03T10:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' },
    });
  });

  it('runs the temporary default pool as the node service account and starts every pool at its minimum', () => {
    const cluster = byName('gcp:container/cluster:Cluster', 'canary-prod-gke-cluster').inputs;
    expect(cluster.nodeConfig).toMatchObject({
      serviceAccount: 'canary-prod-nodes@mock-project.iam.gserviceaccount.com',
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: 'GKE_METADATA' },
    });
    expect(byName('gcp:container/nodePool:NodePool', 'canary-prod-gke-pool-system').inputs.initialNodeCount).toBe(1);
    expect(byName('gcp:container/nodePool:NodePool', 'canary-prod-gke-pool-workloads').inputs.initialNodeCount).toBe(2);
  });

  it('builds the network: subnet with secondary ranges, Cloud NAT, webhook firewall', () => {
    expect(byName('gcp:compute/subnetwork:Subnetwork', 'canary-prod-gke-subnet').inputs).toMatchObject({
      ipCidrRange: '10.10.0.0/20',
      privateIpGoogleAccess: true,
      secondaryIpRanges: [
        { rangeName: 'pods', ipCidrRange: '10.20.0.0/14' },
        { rangeName: 'services', ipCidrRange: '10.24.0.0/20' },
      ],
    });
    expect(byName('gcp:compute/routerNat:RouterNat', 'canary-prod-gke-nat').inputs).toMatchObject({
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
    });
    expect(byName('gcp:compute/firewall:Firewall', 'canary-prod-gke-webhooks').inputs).toMatchObject({
      direction: 'INGRESS',
      sourceRanges: ['172.16.0.0/28'],
      allows: [{ protocol: 'tcp', ports: ['15017', '8443', '9443'] }],
    });
  });

  it('backs up the stateful namespaces with Backup for GKE', () => {
    expect(byName('gcp:gkebackup/backupPlan:BackupPlan', 'canary-prod-gke-backup').inputs).toMatchObject({
      backupSchedule: { cronSchedule: '0 3 * * *' },
      retentionPolicy: { backupRetainDays: 30 },
      backupConfig: { includeVolumeData: true, includeSecrets: true, selectedNamespaces: { namespaces: ['monitoring'] } },
    });
  });

  it('installs Istio base -> cni -> istiod -> gateway', () => {
    const base = release('canary-prod-istio-base');
    const cni = release('canary-prod-istio-cni');
    const istiod = release('canary-prod-istio-istiod');
    const gateway = release('canary-prod-istio-gateway');
    expect(graph.dependsOn(cni, base)).toBe(true);
    expect(graph.dependsOn(istiod, base)).toBe(true);
    expect(graph.dependsOn(istiod, cni)).toBe(true);
    expect(graph.dependsOn(gateway, istiod)).toBe(true);
    expect(graph.dependsOn(base, istiod)).toBe(false);
  });

  it('creates custom resources after the chart that brings their CRDs', () => {
    const base = release('canary-prod-istio-base');
    for (const [type, count] of Object.entries(CR_TYPES)) {
      expect(graph.ofType(type)).toHaveLength(count);
      for (const cr of graph.ofType(type)) expect(graph.dependsOn(cr, base)).toBe(true);
    }
    const kps = release('canary-prod-observability-kube-prometheus-stack');
    const monitors = [...graph.ofType('kubernetes:monitoring.coreos.com/v1:PodMonitor'), ...graph.ofType('kubernetes:monitoring.coreos.com/v1:ServiceMonitor')];
    expect(monitors.map((m) => m.name).sort()).toEqual(['canary-prod-observability-envoy-stats', 'canary-prod-observability-istiod-monitor']);
    for (const m of monitors) expect(graph.dependsOn(m, kps)).toBe(true);
  });

  it('installs Flagger after Prometheus and Istio', () => {
    const flagger = release('canary-prod-flagger-flagger');
    expect(graph.dependsOn(flagger, release('canary-prod-observability-kube-prometheus-stack'))).toBe(true);
    expect(graph.dependsOn(flagger, release('canary-prod-istio-istiod'))).toBe(true);
    expect(flagger.inputs.values).toMatchObject({ meshProvider: 'istio', metricsServer: 'http://kube-prometheus-stack-prometheus.monitoring:9090' });
  });

  it('starts Loki after its bucket access and Workload Identity binding', () => {
    const loki = release('canary-prod-observability-loki');
    expect(graph.dependsOn(loki, byName('gcp:storage/bucketIAMMember:BucketIAMMember', 'canary-prod-observability-loki-bucket-access'))).toBe(true);
    expect(graph.dependsOn(loki, byName('gcp:serviceaccount/iAMMember:IAMMember', 'canary-prod-observability-loki-workload-identity'))).toBe(true);
    expect(byName('gcp:storage/bucketIAMMember:BucketIAMMember', 'canary-prod-observability-loki-bucket-access').inputs.role).toBe('roles/storage.objectAdmin');
    expect(byName('gcp:serviceaccount/iAMMember:IAMMember', 'canary-prod-observability-loki-workload-identity').inputs.member).toBe(
      'serviceAccount:acme-canary-prod.svc.id.goog[monitoring/loki]',
    );
  });

  it('pins every chart to the version in versions.ts', () => {
    const pinned = new Map<string, ChartVersion>(Object.values(CHARTS).map((c) => [c.chart, c]));
    const releases = graph.ofType(RELEASE);
    expect(releases).toHaveLength(9);
    for (const r of releases) {
      const chart = pinned.get(r.inputs.chart as string);
      expect(chart).toBeDefined();
      expect(r.inputs).toMatchObject({ version: chart?.version, repositoryOpts: { repo: chart?.repo } });
    }
  });

  it('uses the cluster provider for every Kubernetes resource', () => {
    const provider = byName('pulumi:providers:kubernetes', 'canary-prod-gke-k8s');
    const kube = graph.resources.filter((r) => r.custom && r.type.startsWith('kubernetes:'));
    expect(kube.length).toBeGreaterThan(15);
    for (const r of kube) expect(graph.providerOf(r)).toBe(provider);
  });

  it('keeps the kubeconfig secret and uses gke-gcloud-auth-plugin', async () => {
    const provider = byName('pulumi:providers:kubernetes', 'canary-prod-gke-k8s');
    expect(isRecordedSecret(provider.inputs.kubeconfig)).toBe(true);
    expect(JSON.stringify(provider.inputs.kubeconfig)).toContain('gke-gcloud-auth-plugin');
    expect(await pulumi.isSecret(outputs.kubeconfig)).toBe(true);
  });

  it('never puts webhook URLs or the Grafana password into plain inputs', () => {
    for (const secret of [SLACK, ROCKET, GRAFANA]) {
      const leaks = graph.resources.flatMap((r) => plainOccurrences(r.inputs, secret).map((p) => `${r.name}: ${p}`));
      expect(leaks).toEqual([]);
    }
    const webhooks = byName('kubernetes:core/v1:Secret', 'canary-prod-observability-alert-webhooks');
    expect(isRecordedSecret(webhooks.inputs.stringData)).toBe(true);
    const kps = release('canary-prod-observability-kube-prometheus-stack').inputs.values as Record<string, unknown>;
    expect(isRecordedSecret(kps)).toBe(false);
    expect(kps).toMatchObject({ alertmanager: { alertmanagerSpec: { secrets: ['alertmanager-webhooks'] } } });
  });

  it('protects the stateful resources', () => {
    expect(byName('gcp:container/cluster:Cluster', 'canary-prod-gke-cluster').protect).toBe(true);
    expect(byName('gcp:storage/bucket:Bucket', 'canary-prod-observability-loki-bucket').protect).toBe(true);
    expect(byName('gcp:container/nodePool:NodePool', 'canary-prod-gke-pool-system').protect).toBe(false);
  });

  it('exports what team stacks need', () => {
    expect(outputs).toMatchObject({
      gatewayName: 'istio-ingress/public-gateway',
      gatewayHost: 'prod.canary.example.com',
      gatewayHosts: ['prod.canary.example.com', '*.prod.canary.example.com'],
      prometheusUrl: 'http://kube-prometheus-stack-prometheus.monitoring:9090',
      loadTesterUrl: 'http://flagger-loadtester.flagger-system/',
      namespaces: { istio: 'istio-system', ingress: 'istio-ingress', monitoring: 'monitoring', flagger: 'flagger-system' },
      services: [],
    });
  });
});
