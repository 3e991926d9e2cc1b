/**
 * The rebuild plan of an environment: its validated stack configuration, the layer stacks in dependency order
 * (waves of layers that can run side by side), what each builds for this configuration, and the estimated
 * duration (the duration table's model, see `rebuild-model.ts`). Reading it needs no cloud and no Pulumi CLI;
 * `--dry-run` prints it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FLAGGER_DEFAULTS } from '../../packages/platform/flagger';
import { GKE_CLUSTER_DEFAULTS } from '../../packages/platform/gke';
import { ISTIO_DEFAULTS } from '../../packages/platform/istio';
import { OBSERVABILITY_DEFAULTS, defaultLokiBucketName } from '../../packages/platform/observability';
import { Problem, ValidationError } from '../../packages/shared';
import { UsageError } from '../shared/errors';
import { parseStackConfig, StackConfig } from '../../stacks/platform/config';
import { PROJECT, PROVIDER_KEYS } from '../../stacks/platform/config-schema';
import { readProject, readStackConfig } from '../offline/stack-files';
import { restoreProblems } from '../../stacks/platform/restore';
import { LayerDefinition, LayerName, layerProject, LAYERS, layerWaves } from '../../stacks/layers/layers';
import { rebuildEstimate, RebuildEstimate } from './rebuild-model';

/** One layer stack of the plan. */
export interface PlannedStack {
  /** The layer. */
  readonly layer: LayerDefinition;
  /** Its wave: 1 for the first layers; layers of one wave run side by side. */
  readonly wave: number;
  /** The layer's Pulumi stack, `canary-platform-<layer>/<stack>`. */
  readonly stackName: string;
  /** Folder of the layer's Pulumi project, relative to the repository root. */
  readonly projectDir: string;
  /** What it builds for this configuration, one line each. */
  readonly details: readonly string[];
}

/** The ordered rebuild of one environment. */
export interface RebuildPlan {
  /** Environment stack, for example `prod`. */
  readonly stack: string;
  /** Its stack file, shared by every layer, for example `Pulumi.prod.yaml`. */
  readonly file: string;
  /** GCP project. */
  readonly project: string;
  /** GCP region (after `--region`). */
  readonly region: string;
  /** The region `--region` replaced, when it changed it. @default - absent: the stack file's region */
  readonly regionChangedFrom?: string;
  /** Cluster name. */
  readonly clusterName: string;
  /** The layer stacks in build order. */
  readonly stacks: readonly PlannedStack[];
  /** Layer names per wave. */
  readonly waves: readonly (readonly LayerName[])[];
  /** The duration estimate: per layer, the critical path and its p50/p95 (estimates, not measurements). */
  readonly estimate: RebuildEstimate;
}

/** A stack file read and validated for a rebuild. */
export interface RebuildConfig {
  /** The validated configuration (secrets are placeholders: nothing here is deployed). */
  readonly config: StackConfig;
  /** The region in the file, when `--region` replaced it. @default - absent: the stack file's region */
  readonly regionChangedFrom?: string;
}

/** Checks `--region` against the rule `gcp:region` follows. */
export function checkRegionOption(region: string): void {
  const result = PROVIDER_KEYS['gcp:region'].safeParse(region);
  if (!result.success) throw new UsageError(`--region "${region}" ${result.error.issues[0].message}`);
}

/**
 * A KMS key in another region than the cluster: GKE needs the key in the cluster's region. Read from the raw
 * configuration, so it is reported with every other problem (for example with `--region`).
 */
export function kmsRegionProblems(file: string, raw: Readonly<Record<string, string>>): Problem[] {
  let kmsKey: unknown;
  try {
    kmsKey = (JSON.parse(raw[`${PROJECT}:addons`] ?? '{}') as { kmsKey?: unknown }).kmsKey;
  } catch {
    return []; // the configuration's own validation reports it
  }
  const region = raw['gcp:region'];
  const kmsRegion = typeof kmsKey === 'string' ? /^projects\/[^/]+\/locations\/([^/]+)\//.exec(kmsKey)?.[1] : undefined;
  if (kmsRegion === undefined || region === undefined || kmsRegion === region) return [];
  return [
    {
      subject: file,
      path: `${PROJECT}:addons.kmsKey`,
      message: `(${String(kmsKey)}) is in ${kmsRegion}, but the cluster is in ${region}: GKE needs the key in the cluster's region`,
    },
  ];
}

/**
 * Reads `Pulumi.<stack>.yaml` from `rootDir`, applies `--region`, and validates it as the programs will, plus
 * the restore switch and the KMS key's region. Every problem is reported at once.
 * @throws ValidationError for an unknown stack (listing those that exist) or an invalid configuration; with
 *   `--region`, the problems say what else must change for that region
 * @throws UsageError for a malformed `--region`
 */
export function loadRebuildConfig(rootDir: string, stack: string, region?: string): RebuildConfig {
  if (region !== undefined) checkRegionOption(region);
  const project = readProject(rootDir);
  const file = readStackConfig(project, stack);
  const raw: Record<string, string> = { ...file.config };
  const original = raw['gcp:region'];
  if (region !== undefined) raw['gcp:region'] = region;
  const moved = region !== undefined && region !== original;
  const problems: Problem[] = [];
  let config: StackConfig | undefined;
  try {
    config = parseStackConfig(raw, { file: file.file, secretKeys: file.secretKeys });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.problems);
  }
  problems.push(...kmsRegionProblems(file.file, raw));
  if (config) problems.push(...restoreProblems(config));
  // GitOps delivery (docs/gitops.md): the layers would apply in-cluster objects Flux owns.
  if (config?.delivery === 'gitops') {
    problems.push({
      subject: file.file,
      path: `${PROJECT}:delivery`,
      message: `("gitops"): Flux owns the in-cluster objects the layers would apply; rebuild with pulumi up -s ${stack} (the cloud parts and Flux's bootstrap), and Flux restores the rest`,
    });
  }
  if (problems.length === 0 && config) return { config, ...(moved ? { regionChangedFrom: original } : {}) };
  if (!moved) throw new ValidationError(`Invalid stack configuration in ${file.file}`, problems);
  throw new ValidationError(`${file.file} does not fit --region ${region}`, [
    ...problems,
    {
      subject: '--region',
      path: '',
      message: `moves the whole stack to ${region}: its zones and KMS key must be in ${region} too; for a standing second region, keep a stack file of its own (see Pulumi.dr.yaml)`,
    },
  ]);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What each layer builds for `config`, one line each. */
export function layerDetails(layer: LayerName, config: StackConfig): string[] {
  const c = config.cluster;
  switch (layer) {
    case 'cluster': {
      const pools = c.nodePools.map((p) => `${p.name} (${p.machineType ?? GKE_CLUSTER_DEFAULTS.nodePool.machineType}, ${p.minNodes}-${p.maxNodes}/zone${p.spot ? ', spot' : ''})`);
      const lines = [`cluster ${c.name} in ${config.region} (${c.zones.join(', ')}), project ${config.project}`, `node pools: ${pools.join(', ')}`];
      const backup = c.backup === false ? false : { ...GKE_CLUSTER_DEFAULTS.backup, ...c.backup };
      lines.push(backup === false ? 'backups: off' : `backups: ${backup.namespaces.join(', ')} at "${backup.cronSchedule}", kept ${backup.retainDays} days`);
      if (c.restore) lines.push(`restore plan: ${(c.restore.namespaces ?? ['monitoring']).join(', ')} from ${c.restore.backupPlan}`);
      if (config.standby) {
        const production = config.standby.productionNodePools.map((p) => `${p.name} ${p.minNodes}/zone`).join(', ');
        lines.push(`warm standby of ${config.standby.settings.of} (state ${config.standby.state}): production minimum ${production}; canary-platform failover promotes it`);
      }
      return lines;
    }
    case 'mesh': {
      const tls = config.ingress.tlsCredentialName ? `HTTPS (${config.ingress.tlsCredentialName})` : 'HTTP only';
      const min = config.ingress.minReplicas ?? ISTIO_DEFAULTS.gatewayMinReplicas;
      const max = config.ingress.maxReplicas ?? ISTIO_DEFAULTS.gatewayMaxReplicas;
      return [`gateway for ${config.domains.join(', ')}: ${tls}, ${min}-${max} replicas`];
    }
    case 'observability': {
      const prom = { ...OBSERVABILITY_DEFAULTS.prometheus, ...config.observability.prometheus };
      const loki = { ...OBSERVABILITY_DEFAULTS.loki, ...config.observability.loki };
      const bucket = config.observability.loki?.bucketName ?? defaultLokiBucketName(config.project, c.name);
      const channels = [
        ...(config.alerts.slack ? [`slack ${config.alerts.slack.channel}`] : []),
        ...(config.alerts.rocketChat ? [`rocketChat ${config.alerts.rocketChat.channel}`] : []),
      ];
      return [
        `Prometheus x${prom.replicas} (${prom.retentionDays} days, ${prom.storageGi} Gi each)`,
        `Loki x${loki.replicas} on bucket ${bucket} (${loki.retentionDays} days, versioned${loki.protect ? ', protected' : ''})`,
        `alerts: ${channels.length > 0 ? channels.join(', ') : 'none (kept in Alertmanager)'}`,
      ];
    }
    case 'delivery':
      return [
        `Flagger x${config.flagger.replicas ?? FLAGGER_DEFAULTS.replicas}, loadtester x${config.flagger.loadTesterReplicas ?? FLAGGER_DEFAULTS.loadTesterReplicas}`,
        `Argo Rollouts: ${config.addons.argoRollouts ? 'on' : 'off'}`,
      ];
    case 'services': {
      const ids = config.services.map((s) => `${s.namespace}/${s.name}`);
      return ids.length > 0 ? [`${plural(ids.length, 'CanaryService')}: ${ids.join(', ')}`] : ['no CanaryServices (the stack stays empty)'];
    }
  }
}

/** The rebuild plan of a validated configuration. */
export function rebuildPlan(stack: string, loaded: RebuildConfig, layers: readonly LayerDefinition[] = LAYERS): RebuildPlan {
  const { config } = loaded;
  const waves = layerWaves(layers);
  const stacks = waves.flatMap((wave, i) =>
    wave.map((layer) => ({
      layer,
      wave: i + 1,
      stackName: `${layerProject(layer.name)}/${stack}`,
      projectDir: join('stacks', 'layers', layer.name),
      details: layerDetails(layer.name, config),
    })),
  );
  return {
    stack,
    file: config.file,
    project: config.project,
    region: config.region,
    ...(loaded.regionChangedFrom !== undefined ? { regionChangedFrom: loaded.regionChangedFrom } : {}),
    clusterName: config.cluster.name,
    stacks,
    waves: waves.map((wave) => wave.map((l) => l.name)),
    estimate: rebuildEstimate(config, layers),
  };
}

/** Problems with the layer projects on disk (a missing `stacks/layers/<layer>/Pulumi.yaml`). */
export function missingLayerProjects(rootDir: string, plan: RebuildPlan): string[] {
  return plan.stacks.filter((s) => !existsSync(join(rootDir, s.projectDir, 'Pulumi.yaml'))).map((s) => join(s.projectDir, 'Pulumi.yaml'));
}
