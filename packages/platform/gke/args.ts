/**
 * Arguments of {@link GkeCluster}: types, defaults and validation. Pure; no Pulumi resources here.
 */
import { objectProblems, PLATFORM_CONTRACT, Problem, ValidationError } from '../../shared';
import { GKE_DEFAULTS } from '../../shared/versions';
import { MaintenanceExclusion, maintenanceExclusionProblems, MaintenanceWindow, maintenanceWindowProblems } from './maintenance';
import { INTERNAL_RANGES, insideAny, networkPlanProblems, parseCidr } from './network-plan';

export type { MaintenanceExclusion, MaintenanceExclusionScope, MaintenanceWindow } from './maintenance';
export { GKE_MAINTENANCE_LIMITS, GKE_MAINTENANCE_WINDOW_RULE, MAINTENANCE_EXCLUSION_SCOPES } from './maintenance';
export { isCidr } from './network-plan';

/** GKE release channels. @see https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels */
export const RELEASE_CHANNELS = ['RAPID', 'REGULAR', 'STABLE'] as const;
/** A GKE release channel. */
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/** A CIDR range allowed to reach the control-plane endpoint (internal ranges only with a private endpoint). */
export interface AuthorizedNetwork {
  /** IPv4 CIDR, for example `203.0.113.0/24`. */
  readonly cidr: string;
  /** Human-readable name shown in the console, for example `office-vpn`. */
  readonly displayName: string;
}

/** The control plane on its public endpoint, reachable only from `authorizedNetworks`. */
export interface PublicControlPlaneEndpoint {
  /** Discriminator. */
  readonly kind: 'public';
}

/**
 * The control plane on its private endpoint only (public endpoint access disabled): reachable from the cluster's
 * VPC and connected networks (VPN, Interconnect, peering) listed in `authorizedNetworks`, internal ranges only.
 */
export interface PrivateControlPlaneEndpoint {
  /** Discriminator. */
  readonly kind: 'private';
  /** Reachable from every region of the VPC and connected networks, not only the cluster's. @default true */
  readonly globalAccess?: boolean;
}

/**
 * How clients reach the control plane. Nodes always use the private endpoint; this decides what `kubectl`, CI
 * and the machine running `pulumi up` use.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
 */
export type ControlPlaneEndpoint = PublicControlPlaneEndpoint | PrivateControlPlaneEndpoint;

/** {@link ControlPlaneEndpoint} with its defaults applied. */
export type ResolvedControlPlaneEndpoint = { readonly kind: 'public' } | { readonly kind: 'private'; readonly globalAccess: boolean };

/** A node taint. */
export interface NodeTaint {
  /** Taint key. */
  readonly key: string;
  /** Taint value. */
  readonly value: string;
  /** Taint effect, as GKE spells it. */
  readonly effect: 'NO_SCHEDULE' | 'PREFER_NO_SCHEDULE' | 'NO_EXECUTE';
}

/** One autoscaled node pool. */
export interface NodePoolSpec {
  /** Pool name: GKE allows 1-40 lowercase letters, digits and '-', starting with a letter; for example `system`. */
  readonly name: string;
  /** Compute Engine machine type. @default 'e2-standard-4' */
  readonly machineType?: string;
  /** Minimum nodes per zone; also the pool's initial size per zone, so the first installs find nodes ready. */
  readonly minNodes: number;
  /** Maximum nodes per zone (>= 1 and >= minNodes). */
  readonly maxNodes: number;
  /** Boot disk size in GB. @default 100 */
  readonly diskSizeGb?: number;
  /** Boot disk type. @default 'pd-balanced' */
  readonly diskType?: 'pd-balanced' | 'pd-ssd' | 'pd-standard';
  /** Use Spot VMs (cheap, preemptible; never for system pools). @default false */
  readonly spot?: boolean;
  /** Extra surge nodes during upgrades. @default 1 */
  readonly maxSurge?: number;
  /** Nodes that may be unavailable during upgrades. @default 0 */
  readonly maxUnavailable?: number;
  /** Kubernetes node labels. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Kubernetes node taints. @default - none */
  readonly taints?: readonly NodeTaint[];
  /**
   * GKE image streaming: containers start while their image is still being fetched (eligible images: Artifact
   * Registry and public Docker Hub; others are pulled as usual). Needs the Container File System API
   * (`containerfilesystem.googleapis.com`). @default false
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/image-streaming
   */
  readonly imageStreaming?: boolean;
}

/** The VPC address plan. Defaults suit one cluster per VPC. */
export interface NetworkPlan {
  /** Primary range of the node subnet. @default '10.10.0.0/20' */
  readonly subnetCidr?: string;
  /** Secondary range for pods. @default '10.20.0.0/14' */
  readonly podsCidr?: string;
  /** Secondary range for Services. @default '10.24.0.0/20' */
  readonly servicesCidr?: string;
  /** /28 range of the private control plane. @default '172.16.0.0/28' */
  readonly masterCidr?: string;
}

/** Backup for GKE plan for the namespaces that hold state. */
export interface BackupSettings {
  /** Namespaces backed up (volumes and Secrets included). @default ['monitoring'] */
  readonly namespaces?: readonly string[];
  /** Cron schedule (UTC). @default '0 3 * * *' */
  readonly cronSchedule?: string;
  /** Days a backup is kept. @default 30 */
  readonly retainDays?: number;
}

/** Arguments of {@link GkeCluster}. */
export interface GkeClusterArgs {
  /** GCP project id. */
  readonly project: string;
  /** Region of the regional cluster, for example `europe-west4`. */
  readonly region: string;
  /** Zones of the region that run nodes, for example `['europe-west4-a', 'europe-west4-b']`. */
  readonly zones: readonly string[];
  /** Cluster name: GKE allows 1-40 lowercase letters, digits and '-', starting with a letter. @default - the component name */
  readonly clusterName?: string;
  /** Release channel. @default 'REGULAR' */
  readonly releaseChannel?: ReleaseChannel;
  /** VPC address plan. @default - see {@link NetworkPlan} */
  readonly network?: NetworkPlan;
  /** CIDRs allowed to reach the control-plane endpoint. Empty means nobody outside Google. */
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  /**
   * How clients reach the control plane. The default is the public endpoint limited to `authorizedNetworks`,
   * because the machine running `pulumi up` must reach the endpoint of the cluster the same run creates (see
   * docs/platform.md). @default { kind: 'public' }
   */
  readonly controlPlaneEndpoint?: ControlPlaneEndpoint;
  /** Maintenance window; must give 48 h in every 32 days. @default - Saturday and Sunday 02:00-10:00 UTC */
  readonly maintenanceWindow?: MaintenanceWindow;
  /** One-off periods without automatic maintenance. @default [] */
  readonly maintenanceExclusions?: readonly MaintenanceExclusion[];
  /**
   * Projects whose Artifact Registry repositories the nodes pull images from (`roles/artifactregistry.reader`
   * for the node service account on each); `[]` grants none. @default - the cluster's own project
   */
  readonly artifactRegistryProjects?: readonly string[];
  /** Autoscaled node pools (the default pool is always removed). */
  readonly nodePools: readonly NodePoolSpec[];
  /** Enforce the project's Binary Authorization policy. @default false */
  readonly binaryAuthorization?: boolean;
  /**
   * Cloud KMS key for application-layer Secrets encryption (and backup encryption), as
   * `projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>`. The GKE service agent needs
   * `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it. @default - no application-layer encryption
   */
  readonly kmsKeyName?: string;
  /** GKE deletion protection (the API refuses to delete the cluster). @default true */
  readonly deletionProtection?: boolean;
  /** Pulumi `protect` on the cluster (Pulumi refuses to delete it). @default true */
  readonly protect?: boolean;
  /** Backup for GKE plan; `false` disables the plan (the agent add-on stays on). @default - see {@link BackupSettings} */
  readonly backup?: BackupSettings | false;
  /** GCP labels on the cluster and node VMs. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Defaults of {@link GkeClusterArgs}, in one visible place. */
export const GKE_CLUSTER_DEFAULTS = {
  releaseChannel: GKE_DEFAULTS.releaseChannel as ReleaseChannel,
  network: {
    subnetCidr: '10.10.0.0/20',
    podsCidr: '10.20.0.0/14',
    servicesCidr: '10.24.0.0/20',
    masterCidr: '172.16.0.0/28',
  },
  controlPlaneEndpoint: { kind: 'public' } as ResolvedControlPlaneEndpoint,
  /** Private endpoints are reachable from every region unless `globalAccess: false`. */
  privateEndpointGlobalAccess: true,
  /** Two 8-hour windows a week: 64 h in the worst 32 days, against GKE's 48 h. */
  maintenanceWindow: {
    startTime: '2026-01-03T02:00:00Z',
    endTime: '2026-01-03T10:00:00Z',
    recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
  },
  maintenanceExclusions: [] as readonly MaintenanceExclusion[],
  nodePool: {
    machineType: 'e2-standard-4',
    diskSizeGb: 100,
    diskType: 'pd-balanced' as const,
    spot: false,
    maxSurge: 1,
    maxUnavailable: 0,
    imageStreaming: false,
  },
  binaryAuthorization: false,
  deletionProtection: true,
  protect: true,
  backup: {
    namespaces: [PLATFORM_CONTRACT.monitoringNamespace] as readonly string[],
    cronSchedule: '0 3 * * *',
    retainDays: 30,
  },
} as const;

/** A node pool with every default applied. */
export type ResolvedNodePool = Required<Omit<NodePoolSpec, 'labels' | 'taints'>> &
  Pick<NodePoolSpec, 'labels' | 'taints'>;

/** {@link GkeClusterArgs} with every default applied. */
export interface ResolvedGkeClusterArgs {
  /** GCP project id. */
  readonly project: string;
  /** Region of the regional cluster. */
  readonly region: string;
  /** Zones of the region that run nodes. */
  readonly zones: readonly string[];
  /** Cluster name (the component name unless set). */
  readonly clusterName: string;
  /** Release channel. */
  readonly releaseChannel: ReleaseChannel;
  /** VPC address plan, every range filled in. */
  readonly network: Required<NetworkPlan>;
  /** CIDRs allowed to reach the control-plane endpoint. */
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  /** How clients reach the control plane. */
  readonly controlPlaneEndpoint: ResolvedControlPlaneEndpoint;
  /** Maintenance window. */
  readonly maintenanceWindow: MaintenanceWindow;
  /** Maintenance exclusions (possibly none). */
  readonly maintenanceExclusions: readonly MaintenanceExclusion[];
  /** Projects whose Artifact Registry the nodes may read (possibly none). */
  readonly artifactRegistryProjects: readonly string[];
  /** Node pools, every default applied. */
  readonly nodePools: readonly ResolvedNodePool[];
  /** Whether Binary Authorization is enforced. */
  readonly binaryAuthorization: boolean;
  /** Cloud KMS key for application-layer Secrets encryption; absent when none is used. */
  readonly kmsKeyName?: string;
  /** GKE deletion protection. */
  readonly deletionProtection: boolean;
  /** Pulumi `protect` on the cluster. */
  readonly protect: boolean;
  /** Backup for GKE plan, or `false` when disabled. */
  readonly backup: Required<BackupSettings> | false;
  /** GCP labels on the cluster and node VMs. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * GKE's rule for cluster and node-pool names: at most 40 characters, lowercase letters, digits and '-',
 * starting with a letter and ending with a letter or digit.
 * @see https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters#Cluster
 */
export const GKE_NAME_RULE = { maxLength: 40, pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/ } as const;
const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/** Problems of a cluster or node-pool name against {@link GKE_NAME_RULE}: one per broken rule. */
export function gkeNameProblems(path: string, value: unknown, what: string): { path: string; message: string }[] {
  if (typeof value !== 'string' || value === '') return [{ path, message: `(${String(value)}) must be a ${what} name` }];
  const out: { path: string; message: string }[] = [];
  if (value.length > GKE_NAME_RULE.maxLength) {
    out.push({ path, message: `(${value}) is ${value.length} characters; GKE allows ${what} names of at most ${GKE_NAME_RULE.maxLength}` });
  }
  if (!GKE_NAME_RULE.pattern.test(value)) {
    out.push({
      path,
      message: `(${value}) must start with a lowercase letter, hold only lowercase letters, digits and '-', and end with a letter or digit (GKE's rule for ${what} names)`,
    });
  }
  return out;
}

/** Every problem with `args`, in field order; empty when valid. */
export function validateGkeClusterArgs(name: string, args: GkeClusterArgs): Problem[] {
  const notAnObject = objectProblems(name, { args: args });
  if (notAnObject.length > 0) return notAnObject;
  const { controlPlaneEndpoint, maintenanceWindow, maintenanceExclusions, artifactRegistryProjects } = args;
  const malformed = objectProblems(
    name,
    { controlPlaneEndpoint, maintenanceWindow, maintenanceExclusions, artifactRegistryProjects },
    { optional: ['controlPlaneEndpoint', 'maintenanceWindow', 'maintenanceExclusions', 'artifactRegistryProjects'], arrays: ['maintenanceExclusions', 'artifactRegistryProjects'] },
  );
  if (malformed.length > 0) return malformed;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  const addAll = (found: readonly { path: string; message: string }[]): void => found.forEach((p) => add(p.path, p.message));
  addAll(gkeNameProblems('clusterName', args.clusterName ?? name, 'cluster'));
  if (args.zones.length === 0) add('zones', '(empty) must name at least one zone of the region');
  args.zones.forEach((zone, i) => {
    if (!zone.startsWith(`${args.region}-`)) add(`zones[${i}]`, `(${zone}) must be a zone of region ${args.region}`);
  });
  addAll(networkPlanProblems({ ...GKE_CLUSTER_DEFAULTS.network, ...args.network }));
  const endpoint = args.controlPlaneEndpoint ?? GKE_CLUSTER_DEFAULTS.controlPlaneEndpoint;
  if (endpoint.kind !== 'public' && endpoint.kind !== 'private') {
    add('controlPlaneEndpoint.kind', `(${String((endpoint as { kind: unknown }).kind)}) must be "public" or "private"`);
  }
  args.authorizedNetworks.forEach((net, i) => {
    const range = parseCidr(net.cidr);
    if (!range) add(`authorizedNetworks[${i}].cidr`, `(${net.cidr}) must be an IPv4 CIDR like 203.0.113.0/24`);
    else if (endpoint.kind === 'private' && !insideAny(range, INTERNAL_RANGES)) {
      add(
        `authorizedNetworks[${i}].cidr`,
        `(${net.cidr}) is a public range; with controlPlaneEndpoint "private" GKE accepts only internal ranges (RFC 1918, 100.64.0.0/10, ...) - ` +
          'list the internal range of your runner or VPN, or use controlPlaneEndpoint "public"',
      );
    }
  });
  addAll(maintenanceWindowProblems(args.maintenanceWindow ?? GKE_CLUSTER_DEFAULTS.maintenanceWindow));
  addAll(maintenanceExclusionProblems(args.maintenanceExclusions ?? []));
  const registries = args.artifactRegistryProjects ?? [];
  registries.forEach((project, i) => {
    if (!PROJECT_ID.test(project)) add(`artifactRegistryProjects[${i}]`, `(${project}) must be a GCP project id: 6-30 lowercase letters, digits and '-', starting with a letter`);
    else if (registries.indexOf(project) !== i) add(`artifactRegistryProjects[${i}]`, `(${project}) is listed twice`);
  });
  if (args.nodePools.length === 0) add('nodePools', '(empty) must declare at least one node pool');
  const seen = new Set<string>();
  args.nodePools.forEach((pool, i) => {
    const at = `nodePools[${i}]`;
    addAll(gkeNameProblems(`${at}.name`, pool.name, 'node pool'));
    if (seen.has(pool.name)) add(`${at}.name`, `(${pool.name}) is used by another node pool`);
    seen.add(pool.name);
    if (!Number.isInteger(pool.minNodes) || pool.minNodes < 0) add(`${at}.minNodes`, `(${pool.minNodes}) must be an integer >= 0`);
    if (!Number.isInteger(pool.maxNodes) || pool.maxNodes < 1) add(`${at}.maxNodes`, `(${pool.maxNodes}) must be an integer >= 1`);
    else if (pool.maxNodes < pool.minNodes) add(`${at}.maxNodes`, `(${pool.maxNodes}) must be >= minNodes (${pool.minNodes})`);
    const surge = pool.maxSurge ?? GKE_CLUSTER_DEFAULTS.nodePool.maxSurge;
    const unavailable = pool.maxUnavailable ?? GKE_CLUSTER_DEFAULTS.nodePool.maxUnavailable;
    if (surge + unavailable < 1) add(`${at}.maxSurge`, `(${surge}) plus maxUnavailable (${unavailable}) must be >= 1`);
  });
  if (args.kmsKeyName !== undefined && !KMS_KEY.test(args.kmsKeyName)) {
    add('kmsKeyName', `(${args.kmsKeyName}) must look like projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`);
  }
  if (args.backup && args.backup.retainDays !== undefined && (args.backup.retainDays < 1 || args.backup.retainDays > 3650)) {
    add('backup.retainDays', `(${args.backup.retainDays}) must be 1-3650`);
  }
  return problems;
}

/** {@link ControlPlaneEndpoint} with `globalAccess` defaulted. */
function resolveEndpoint(endpoint: ControlPlaneEndpoint | undefined): ResolvedControlPlaneEndpoint {
  if (endpoint === undefined || endpoint.kind === 'public') return GKE_CLUSTER_DEFAULTS.controlPlaneEndpoint;
  return { kind: 'private', globalAccess: endpoint.globalAccess ?? GKE_CLUSTER_DEFAULTS.privateEndpointGlobalAccess };
}

/** Validates `args` (throwing one {@link ValidationError} listing every problem) and applies the defaults. */
export function resolveGkeClusterArgs(name: string, args: GkeClusterArgs): ResolvedGkeClusterArgs {
  const problems = validateGkeClusterArgs(name, args);
  if (problems.length > 0) throw new ValidationError(`GkeCluster ${name}: invalid arguments`, problems);
  const d = GKE_CLUSTER_DEFAULTS;
  return {
    project: args.project,
    region: args.region,
    zones: [...args.zones],
    clusterName: args.clusterName ?? name,
    releaseChannel: args.releaseChannel ?? d.releaseChannel,
    network: { ...d.network, ...args.network },
    authorizedNetworks: [...args.authorizedNetworks],
    controlPlaneEndpoint: resolveEndpoint(args.controlPlaneEndpoint),
    maintenanceWindow: args.maintenanceWindow ?? d.maintenanceWindow,
    maintenanceExclusions: [...(args.maintenanceExclusions ?? d.maintenanceExclusions)],
    artifactRegistryProjects: [...(args.artifactRegistryProjects ?? [args.project])],
    nodePools: args.nodePools.map((pool) => ({ ...d.nodePool, ...pool })),
    binaryAuthorization: args.binaryAuthorization ?? d.binaryAuthorization,
    kmsKeyName: args.kmsKeyName,
    deletionProtection: args.deletionProtection ?? d.deletionProtection,
    protect: args.protect ?? d.protect,
    backup: args.backup === false ? false : { ...d.backup, ...args.backup },
    labels: { ...args.labels },
  };
}
