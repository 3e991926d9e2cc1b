/**
 * `GkeCluster`: a hardened, private, regional GKE cluster with its network, node identity, node pools, backup
 * plan and a Kubernetes provider. The settings come from the pure builders in `render.ts`.
 */
import * as gcp from '@pulumi/gcp';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { GkeClusterArgs, resolveGkeClusterArgs, ResolvedGkeClusterArgs } from './args';
import {
  ARTIFACT_REGISTRY_READER_ROLE,
  CLUSTER_IGNORED_CHANGES,
  IMAGE_STREAMING_ROLE,
  clusterSettings,
  kubeconfig,
  NODE_POOL_IGNORED_CHANGES,
  NODE_SERVICE_ACCOUNT_ROLES,
  nodePoolSettings,
  nodeServiceAccountId,
  roleSuffix,
  SECONDARY_RANGES,
  WEBHOOK_PORTS,
  workloadPool,
} from './render';

/** A hardened GKE cluster. Type token `canary-platform:gke:GkeCluster`. */
export class GkeCluster extends pulumi.ComponentResource {
  /** Arguments with every default applied. */
  readonly settings: ResolvedGkeClusterArgs;
  /** The VPC. */
  readonly network: gcp.compute.Network;
  /** The node subnet (with `pods` and `services` secondary ranges). */
  readonly subnetwork: gcp.compute.Subnetwork;
  /** The cluster (protected unless `protect: false`). */
  readonly cluster: gcp.container.Cluster;
  /** The node pools, in the order given. */
  readonly nodePools: readonly gcp.container.NodePool[];
  /** The nodes' least-privilege service account. */
  readonly nodeServiceAccount: gcp.serviceaccount.Account;
  /** Cluster name. */
  readonly clusterName: pulumi.Output<string>;
  /** Control-plane endpoint (IP). */
  readonly endpoint: pulumi.Output<string>;
  /** Kubeconfig using gke-gcloud-auth-plugin; a Pulumi secret. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for this cluster; every Kubernetes resource of the platform uses it. */
  readonly provider: k8s.Provider;
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;

  constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('canary-platform:gke:GkeCluster', name, {}, opts);
    const s = resolveGkeClusterArgs(name, args);
    this.settings = s;
    const parent = { parent: this };

    this.network = new gcp.compute.Network(
      `${name}-network`,
      { project: s.project, name: `${s.clusterName}-vpc`, autoCreateSubnetworks: false, routingMode: 'REGIONAL' },
      parent,
    );
    this.subnetwork = new gcp.compute.Subnetwork(
      `${name}-subnet`,
      {
        project: s.project,
        name: `${s.clusterName}-nodes`,
        region: s.region,
        network: this.network.id,
        ipCidrRange: s.network.subnetCidr,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: SECONDARY_RANGES.pods, ipCidrRange: s.network.podsCidr },
          { rangeName: SECONDARY_RANGES.services, ipCidrRange: s.network.servicesCidr },
        ],
        logConfig: { aggregationInterval: 'INTERVAL_5_SEC', flowSampling: 0.5, metadata: 'INCLUDE_ALL_METADATA' },
      },
      parent,
    );
    const router = new gcp.compute.Router(
      `${name}-router`,
      { project: s.project, name: `${s.clusterName}-router`, region: s.region, network: this.network.id },
      parent,
    );
    new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        project: s.project,
        name: `${s.clusterName}-nat`,
        region: s.region,
        router: router.name,
        natIpAllocateOption: 'AUTO_ONLY',
        sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
        logConfig: { enable: true, filter: 'ERRORS_ONLY' },
      },
      parent,
    );

    this.nodeServiceAccount = new gcp.serviceaccount.Account(
      `${name}-node-sa`,
      {
        project: s.project,
        accountId: nodeServiceAccountId(s.clusterName),
        displayName: `GKE nodes of ${s.clusterName} (least privilege)`,
      },
      parent,
    );
    const member = pulumi.interpolate`serviceAccount:${this.nodeServiceAccount.email}`;
    const roleBindings = [
      ...NODE_SERVICE_ACCOUNT_ROLES.map(
        (role) => new gcp.projects.IAMMember(`${name}-node-sa-${roleSuffix(role)}`, { project: s.project, role, member }, parent),
      ),
      // Image pulls from Artifact Registry: reader on each registry project, nothing more.
      ...s.artifactRegistryProjects.map(
        (project) =>
          new gcp.projects.IAMMember(`${name}-registry-reader-${project}`, { project, role: ARTIFACT_REGISTRY_READER_ROLE, member }, parent),
      ),
      // Image streaming with a node service account of our own: service usage on each registry project.
      ...(s.nodePools.some((pool) => pool.imageStreaming)
        ? s.artifactRegistryProjects.map(
            (project) =>
              new gcp.projects.IAMMember(`${name}-image-streaming-${project}`, { project, role: IMAGE_STREAMING_ROLE, member }, parent),
          )
        : []),
    ];

    new gcp.compute.Firewall(
      `${name}-webhooks`,
      {
        project: s.project,
        name: `${s.clusterName}-control-plane-webhooks`,
        description: 'Control plane to admission webhooks on nodes (istiod 15017, 8443, 9443)',
        network: this.network.id,
        direction: 'INGRESS',
        sourceRanges: [s.network.masterCidr],
        targetServiceAccounts: [this.nodeServiceAccount.email],
        allows: [{ protocol: 'tcp', ports: [...WEBHOOK_PORTS] }],
      },
      parent,
    );

    this.cluster = new gcp.container.Cluster(
      `${name}-cluster`,
      clusterSettings(s, { network: this.network.id, subnetwork: this.subnetwork.id, nodeServiceAccountEmail: this.nodeServiceAccount.email }),
      // The temporary default pool runs as the node service account: its roles come first.
      { parent: this, protect: s.protect, dependsOn: [router, ...roleBindings], ignoreChanges: [...CLUSTER_IGNORED_CHANGES] },
    );

    this.nodePools = s.nodePools.map(
      (pool) =>
        new gcp.container.NodePool(
          `${name}-pool-${pool.name}`,
          nodePoolSettings(s, pool, { cluster: this.cluster.id, serviceAccountEmail: this.nodeServiceAccount.email }),
          { parent: this, dependsOn: roleBindings, ignoreChanges: [...NODE_POOL_IGNORED_CHANGES] },
        ),
    );

    if (s.backup !== false) {
      new gcp.gkebackup.BackupPlan(
        `${name}-backup`,
        {
          project: s.project,
          name: `${s.clusterName}-stateful`,
          cluster: this.cluster.id,
          location: s.region,
          backupSchedule: { cronSchedule: s.backup.cronSchedule },
          retentionPolicy: { backupRetainDays: s.backup.retainDays },
          backupConfig: {
            includeVolumeData: true,
            includeSecrets: true,
            selectedNamespaces: { namespaces: [...s.backup.namespaces] },
            ...(s.kmsKeyName ? { encryptionKey: { gcpKmsEncryptionKey: s.kmsKeyName } } : {}),
          },
        },
        { parent: this, dependsOn: [...this.nodePools] },
      );
    }

    this.workloadPool = workloadPool(s.project);
    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.name, this.cluster.endpoint, this.cluster.masterAuth])
        .apply(([clusterName, endpoint, auth]) =>
          kubeconfig({ clusterName, endpoint, clusterCaCertificate: auth.clusterCaCertificate ?? '' }),
        ),
    );
    this.provider = new k8s.Provider(
      `${name}-k8s`,
      { kubeconfig: this.kubeconfig, enableServerSideApply: true },
      { parent: this, dependsOn: [...this.nodePools] },
    );

    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      workloadPool: this.workloadPool,
    });
  }
}
