/**
 * Arguments of {@link GkeCluster}: types, defaults and validation. Pure; no Pulumi resources here.
 */
import { objectProblems, PLATFORM_CONTRACT, Problem, ValidationError } from '../shared';
import { GKE_DEFAULTS } from '../versions';

/** GKE release channels. @see https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels */
export const RELEASE_CHANNELS = ['RAPID', 'REGULAR', 'STABLE'] as const;
/** A GKE release channel. */
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/** A CIDR range allowed to reach the cluster's public control-plane endpoint. */
export interface AuthorizedNetwork {
  /** IPv4 CIDR, for example `203.0.113.0/24`. */
  readonly cidr: string;
  /** Human-readable name shown in the console, for example `office-vpn`. */
  readonly displayName: string;
}

/**
 * A recurring maintenance window (RFC 5545 recurrence). GKE needs at least 48 hours of availability in any
 * 32-day period; `FREQ=WEEKLY;BYDAY=SA,SU` with a 4-hour window meets it.
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions
 */
export interface MaintenanceWindow {
  /** Start of the first window, RFC 3339, for example `2026-01-03T02:00:00Z`. */
  readonly startTime: string;
  /** End of the first window, RFC 3339; the window's length repeats. */
  readonly endTime: string;
  /** RFC 5545 RRULE, for example `FREQ=WEEKLY;BYDAY=SA,SU`. */
  readonly recurrence: string;
}

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
  /** Pool name (DNS-1123 label), for example `system` or `workloads`. */
  readonly name: string;
  /** Compute Engine machine type. @default 'e2-standard-4' */
  readonly machineType?: string;
  /** Minimum nodes per zone. */
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
  /** Cluster name. @default - the component name */
  readonly clusterName?: string;
  /** Release channel. @default 'REGULAR' */
  readonly releaseChannel?: ReleaseChannel;
  /** VPC address plan. @default - see {@link NetworkPlan} */
  readonly network?: NetworkPlan;
  /** CIDRs allowed to reach the control-plane endpoint. Empty means nobody outside Google. */
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  /** Maintenance window. @default - weekends 02:00-06:00 UTC */
  readonly maintenanceWindow?: MaintenanceWindow;
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
  maintenanceWindow: {
    startTime: '2026-01-03T02:00:00Z',
    endTime: '2026-01-03T06:00:00Z',
    recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU',
  },
  nodePool: {
    machineType: 'e2-standard-4',
    diskSizeGb: 100,
    diskType: 'pd-balanced' as const,
    spot: false,
    maxSurge: 1,
    maxUnavailable: 0,
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
  /** Maintenance window. */
  readonly maintenanceWindow: MaintenanceWindow;
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

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/;
const KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/** True when `value` is an IPv4 CIDR such as `10.0.0.0/8`. */
export function isCidr(value: string): boolean {
  const m = CIDR.exec(value);
  return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** Every problem with `args`, in field order; empty when valid. */
export function validateGkeClusterArgs(name: string, args: GkeClusterArgs): Problem[] {
  const notAnObject = objectProblems(name, { args: args });
  if (notAnObject.length > 0) return notAnObject;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: name, path, message });
  };
  if (args.zones.length === 0) add('zones', '(empty) must name at least one zone of the region');
  args.zones.forEach((zone, i) => {
    if (!zone.startsWith(`${args.region}-`)) add(`zones[${i}]`, `(${zone}) must be a zone of region ${args.region}`);
  });
  const plan = { ...GKE_CLUSTER_DEFAULTS.network, ...args.network };
  for (const key of ['subnetCidr', 'podsCidr', 'servicesCidr', 'masterCidr'] as const) {
    if (!isCidr(plan[key])) add(`network.${key}`, `(${plan[key]}) must be an IPv4 CIDR like 10.0.0.0/16`);
  }
  if (isCidr(plan.masterCidr) && !plan.masterCidr.endsWith('/28')) {
    add('network.masterCidr', `(${plan.masterCidr}) must be a /28 range`);
  }
  args.authorizedNetworks.forEach((net, i) => {
    if (!isCidr(net.cidr)) add(`authorizedNetworks[${i}].cidr`, `(${net.cidr}) must be an IPv4 CIDR like 203.0.113.0/24`);
  });
  if (args.nodePools.length === 0) add('nodePools', '(empty) must declare at least one node pool');
  const seen = new Set<string>();
  args.nodePools.forEach((pool, i) => {
    const at = `nodePools[${i}]`;
    if (!DNS_LABEL.test(pool.name)) add(`${at}.name`, `(${pool.name}) must be a lowercase DNS label of at most 40 characters`);
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
    maintenanceWindow: args.maintenanceWindow ?? d.maintenanceWindow,
    nodePools: args.nodePools.map((pool) => ({ ...d.nodePool, ...pool })),
    binaryAuthorization: args.binaryAuthorization ?? d.binaryAuthorization,
    kmsKeyName: args.kmsKeyName,
    deletionProtection: args.deletionProtection ?? d.deletionProtection,
    protect: args.protect ?? d.protect,
    backup: args.backup === false ? false : { ...d.backup, ...args.backup },
    labels: { ...args.labels },
  };
}
