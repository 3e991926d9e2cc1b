/**
 * The zod schema of the stack configuration (`canary-platform:*` keys plus `gcp:project` and `gcp:region`).
 * Every object is strict: an unknown key is an error, never silently ignored. See docs/platform.md for the
 * reference of every key.
 */
import { z } from 'zod';
import { MAINTENANCE_EXCLUSION_SCOPES, RELEASE_CHANNELS } from '../../packages/platform/gke';
import { canaryJudgeSettingsSchema } from '../../packages/platform/judge/args';
import { FLUX_SOURCE_KINDS } from '../../packages/platform/flux/args';
import { STANDBY_STATES } from '../../packages/platform/standby/args';

/** The project's config namespace. */
export const PROJECT = 'canary-platform';

const dnsLabel = (max: number) =>
  z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS label: lower-case letters, digits and '-', starting with a letter")
    .max(max, `must be at most ${max} characters`);
const cidr = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR like 10.0.0.0/16');
const domain = z
  .string()
  .regex(/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a lower-case DNS name like canary.example.com');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int('must be a whole number').min(min).max(max);
const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'must be an RFC 3339 UTC time like 2026-01-03T02:00:00Z');
const projectId = z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, 'must be a GCP project id like acme-canary-prod');

/** Environments a stack can be. */
export const ENVIRONMENTS = ['prod', 'staging', 'dev'] as const;

/** `canary-platform:cluster`. */
export const clusterSchema = z.strictObject({
  name: dnsLabel(40).optional(),
  zones: z.array(z.string()).min(1, 'must name at least one zone'),
  releaseChannel: z.enum(RELEASE_CHANNELS).optional(),
  network: z
    .strictObject({ subnetCidr: cidr, podsCidr: cidr, servicesCidr: cidr, masterCidr: cidr })
    .partial()
    .optional(),
  authorizedNetworks: z.array(z.strictObject({ cidr, displayName: z.string().min(1) })).default([]),
  // How clients reach the control plane (packages/platform/gke ControlPlaneEndpoint); default public + authorizedNetworks.
  controlPlaneEndpoint: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('public') }),
      z.strictObject({ kind: z.literal('private'), globalAccess: z.boolean().optional() }),
    ])
    .optional(),
  // GKE's 48-hours-in-32-days rule and the exclusion limits are checked by the GkeCluster validation.
  maintenanceWindow: z
    .strictObject({ startTime: rfc3339, endTime: rfc3339, recurrence: z.string().regex(/^FREQ=/, 'must be an RFC 5545 RRULE like FREQ=WEEKLY;BYDAY=SA,SU') })
    .optional(),
  maintenanceExclusions: z
    .array(z.strictObject({ name: z.string().min(1), startTime: rfc3339, endTime: rfc3339, scope: z.enum(MAINTENANCE_EXCLUSION_SCOPES) }))
    .optional(),
  // Projects whose Artifact Registry the nodes read (roles/artifactregistry.reader); default: gcp:project.
  artifactRegistryProjects: z.array(projectId).optional(),
  nodePools: z
    .array(
      z.strictObject({
        name: dnsLabel(40),
        machineType: z.string().min(1).optional(),
        minNodes: int(0),
        maxNodes: int(1),
        diskSizeGb: int(20, 65536).optional(),
        diskType: z.enum(['pd-balanced', 'pd-ssd', 'pd-standard']).optional(),
        spot: z.boolean().optional(),
        maxSurge: int(0, 100).optional(),
        maxUnavailable: int(0, 100).optional(),
        labels: z.record(z.string(), z.string()).optional(),
        taints: z
          .array(z.strictObject({ key: z.string().min(1), value: z.string(), effect: z.enum(['NO_SCHEDULE', 'PREFER_NO_SCHEDULE', 'NO_EXECUTE']) }))
          .optional(),
        // GKE image streaming (packages/platform/gke NodePoolSpec.imageStreaming); a standby turns it on.
        imageStreaming: z.boolean().optional(),
      }),
    )
    .min(1, 'must declare at least one node pool'),
  deletionProtection: z.boolean().optional(),
  protect: z.boolean().optional(),
  backup: z
    .union([
      z.literal(false),
      z.strictObject({ namespaces: z.array(dnsLabel(63)).min(1).optional(), cronSchedule: z.string().optional(), retainDays: int(1, 3650).optional() }),
    ])
    .optional(),
  // Disaster recovery: a Backup for GKE restore plan into this cluster (packages/platform/disaster-recovery).
  restore: z
    .strictObject({
      backupPlan: z
        .string()
        .regex(/^projects\/[^/]+\/locations\/[^/]+\/backupPlans\/[^/]+$/, 'must look like projects/<project>/locations/<region>/backupPlans/<name>'),
      namespaces: z.array(dnsLabel(63)).min(1).optional(),
    })
    .optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

/** `canary-platform:ingress`. */
export const ingressSchema = z.strictObject({
  tlsCredentialName: dnsLabel(63).optional(),
  minReplicas: int(1, 100).optional(),
  maxReplicas: int(1, 100).optional(),
});

/** `canary-platform:alerts`. */
export const alertsSchema = z.strictObject({
  slack: z.strictObject({ channel: z.string().regex(/^[#@]?[-_a-z0-9.]+$/, 'must be a channel name like #platform-alerts') }).optional(),
  rocketChat: z.strictObject({ channel: z.string().min(1) }).optional(),
});

/** `canary-platform:addons`. */
export const addonsSchema = z.strictObject({
  argoRollouts: z.boolean().optional(),
  binaryAuthorization: z.boolean().optional(),
  kmsKey: z
    .string()
    .regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, 'must look like projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>')
    .optional(),
});

/** `canary-platform:observability`. */
export const observabilitySchema = z.strictObject({
  prometheus: z.strictObject({ replicas: int(1, 10).optional(), retentionDays: int(1, 365).optional(), storageGi: int(10, 65536).optional() }).optional(),
  loki: z
    .strictObject({
      bucketName: z.string().regex(/^[a-z0-9][-_a-z0-9]{1,61}[a-z0-9]$/, "must be 3-63 lower-case letters, digits, '-' or '_'").optional(),
      retentionDays: int(1, 3650).optional(),
      replicas: int(1, 10).optional(),
      protect: z.boolean().optional(),
    })
    .optional(),
});

/** `canary-platform:judge`: the canary judge's deployment (packages/platform/judge). */
export const judgeSchema = canaryJudgeSettingsSchema;
/** A stack name, as in `Pulumi.<stack>.yaml`. */
const stackName = z.string().regex(/^[a-z0-9][-a-z0-9]*$/, 'must be a stack name like prod (Pulumi.<stack>.yaml)');

/**
 * `canary-platform:standby`: this stack is the warm standby of another (packages/platform/standby). Checked
 * against the node pools and services by the standby's own validation; against the primary's stack file by
 * `canary-platform failover`.
 */
export const standbySchema = z.strictObject({
  of: stackName,
  state: z.enum(STANDBY_STATES).optional(),
  minNodes: z.record(z.string(), int(0)).optional(),
  serviceReplicas: int(1, 1000).optional(),
  imageStreaming: z.boolean().optional(),
  traffic: z.strictObject({ managedZone: dnsLabel(63), ttlSeconds: int(5, 300).optional() }).optional(),
});

/** `canary-platform:flagger`. */
export const flaggerSchema = z.strictObject({
  replicas: int(1, 5).optional(),
  // More than 1 only with loadTesterGates: false (packages/platform/flagger validateFlaggerSettings).
  loadTesterReplicas: int(1, 10).optional(),
  loadTesterGates: z.boolean().optional(),
});

/** Who applies the in-cluster objects: Pulumi (`pulumi up`), or Flux from the GitOps tree `synth` writes. */
export const DELIVERY_MODES = ['pulumi', 'gitops'] as const;

/**
 * `canary-platform:gitops`: the config repository Flux syncs (required with `delivery: gitops`; with `pulumi` it
 * only shapes the tree `synth --gitops` writes). Field rules are checked by the FluxBootstrap validation.
 */
export const gitopsSchema = z.strictObject({
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal(FLUX_SOURCE_KINDS[0]), url: z.string(), branch: z.string().optional(), secretName: z.string().optional() }),
    z.strictObject({
      kind: z.literal(FLUX_SOURCE_KINDS[1]),
      url: z.string(),
      tag: z.string(),
      provider: z.enum(['generic', 'gcp']).optional(),
      secretName: z.string().optional(),
    }),
  ]),
  path: z.string(),
  interval: z.string().optional(),
  imageAutomation: z.boolean().optional(),
});

/**
 * One entry of `canary-platform:services`: the namespace it runs in plus CanaryService props. The props are
 * checked in full by the CanaryService validation (unknown props included) after this schema.
 */
export const serviceSchema = z.looseObject({ namespace: dnsLabel(63), name: dnsLabel(55) });

/** The keys of the project namespace and their schemas. */
export const PROJECT_KEYS = {
  environment: z.enum(ENVIRONMENTS),
  cluster: clusterSchema,
  domains: z.array(domain).min(1, 'must name at least one domain'),
  ingress: ingressSchema.optional(),
  alerts: alertsSchema.optional(),
  addons: addonsSchema.optional(),
  observability: observabilitySchema.optional(),
  flagger: flaggerSchema.optional(),
  judge: judgeSchema.optional(),
  services: z.array(serviceSchema).default([]),
  standby: standbySchema.optional(),
  /**
   * Policy waivers for Pulumi resources: `{ "<rule-id>": { "<type>::<name>": "<reason>" } }`. Rule ids and
   * reasons are checked by the policies (`waiver-known-rule`, `waiver-has-reason`); see docs/policies.md.
   */
  policyWaivers: z.record(z.string().min(1), z.record(z.string().min(1), z.string())).optional(),
  slackWebhookUrl: z.string().regex(/^https:\/\//, 'must be an https:// URL').optional(),
  rocketChatWebhookUrl: z.string().regex(/^https:\/\//, 'must be an https:// URL').optional(),
  grafanaAdminPassword: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Slack bot token the Argo Rollouts controller posts release notifications with (only with addons.argoRollouts). */
  argoRolloutsSlackToken: z.string().regex(/^xox[a-z]-/, 'must be a Slack bot token (xoxb-...)').optional(),
  /** Who applies the in-cluster objects (docs/gitops.md). */
  delivery: z.enum(DELIVERY_MODES).default('pulumi'),
  /** The config repository of `delivery: gitops` (docs/gitops.md). */
  gitops: gitopsSchema.optional(),
} as const;

/** Keys whose values must be Pulumi secrets (`pulumi config set --secret`). */
export const SECRET_KEYS = ['slackWebhookUrl', 'rocketChatWebhookUrl', 'grafanaAdminPassword', 'argoRolloutsSlackToken'] as const;
/** A secret key. */
export type SecretKey = (typeof SECRET_KEYS)[number];

/** Keys read as plain strings (every other value is JSON, as Pulumi encodes structured config). */
export const STRING_KEYS: ReadonlySet<string> = new Set(['environment', 'delivery', ...SECRET_KEYS]);

/** Keys of other namespaces the program reads (both required). */
export const PROVIDER_KEYS = {
  'gcp:project': z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, 'must be a GCP project id like acme-canary-prod'),
  'gcp:region': z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'must be a GCP region like europe-west4'),
} as const;

/** The validated `canary-platform:*` values. */
export const projectSchema = z.strictObject(PROJECT_KEYS);
/** The parsed project keys. */
export type ProjectConfig = z.output<typeof projectSchema>;
/** `canary-platform:cluster`, parsed. */
export type ClusterConfig = z.output<typeof clusterSchema>;
/** `canary-platform:gitops`, parsed. */
export type GitopsConfig = z.output<typeof gitopsSchema>;
/** A delivery mode. */
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
/** `canary-platform:standby`, parsed. */
export type StandbyConfig = z.output<typeof standbySchema>;
/** One `canary-platform:services` entry, parsed. */
export type ServiceConfig = z.output<typeof serviceSchema>;
