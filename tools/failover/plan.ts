/**
 * The failover plan of a standby pair: the ordered steps (what each does, what it waits for, what to check
 * after it), their estimated durations from the duration table, the critical path to "serving production
 * traffic" as a distribution (p50, p95), and what the standby costs per month. Three modes:
 * - `failover`: promote the standby (scale it to production size, restore the primary's data, move traffic);
 * - `drill`: the same without moving traffic and without the source check: a game day, nothing scaled down;
 * - `failback`: move traffic back to the primary, then return the standby to its small size.
 * Pure: reading it calls nothing; `failover --dry-run` prints it.
 */
import { RESTORE_PLAN_DEFAULTS } from '../../packages/platform/disaster-recovery';
import { productionReplicas, standbyMinNodes, StandbyState, ScalingLike } from '../../packages/platform/standby';
import { restorePlanName } from '../../stacks/platform/restore';
import { dnsCacheExpiry, DurationId, STEP_DURATIONS } from '../rebuild/durations';
import { DEFAULT_RUNS, DEFAULT_SEED, DurationLookup, FinishDistribution, simulate, SimulationOptions, typicalSchedule } from '../rebuild/schedule';
import type { StandbyPair } from './pair';
import { monthlyCost, StackCost } from './prices';

/** What a failover should take to serve production traffic at p95 (issue 19): a target on the model. */
export const FAILOVER_TARGET_SECONDS = 5 * 60;

/** The projects a failover runs `up` in: two layers of the standby, and the traffic records. */
export type FailoverProject = 'cluster' | 'services' | 'traffic';

/** What a step does (the engine's instruction). */
export type FailoverAction =
  | { readonly kind: 'check-source'; readonly stack: string; readonly refuseIfServing: boolean }
  | { readonly kind: 'check-primary-up'; readonly stack: string }
  | {
      readonly kind: 'set-state';
      readonly stack: string;
      readonly state: StandbyState;
      /** States that are already this far along (a resumed run never sets a state back). */
      readonly doneIn: readonly StandbyState[];
    }
  | { readonly kind: 'up'; readonly stack: string; readonly project: FailoverProject }
  | { readonly kind: 'restore'; readonly stack: string; readonly restorePlan: string; readonly backupPlan: string; readonly namespaces: readonly string[] }
  | { readonly kind: 'wait-ready'; readonly stack: string; readonly services: readonly { readonly id: string; readonly replicas: number }[] }
  | { readonly kind: 'dns-expiry'; readonly ttlSeconds: number }
  | { readonly kind: 'milestone'; readonly note: string };

/** One step of the plan. */
export interface FailoverStep {
  /** Stable id, for example `scale-nodes`. */
  readonly id: string;
  /** What it does, one line. */
  readonly label: string;
  /** What the engine does. */
  readonly action: FailoverAction;
  /** Operations of the duration table it takes (`dns-cache-expiry` is derived from the record TTL). */
  readonly operations: readonly (DurationId | 'dns-cache-expiry')[];
  /** Steps it waits for. */
  readonly after: readonly string[];
  /** What to check by hand after it (the runbook's line). */
  readonly check: string;
}

/** A milestone of the plan and its estimate. */
export interface MilestoneEstimate {
  /** The step that marks it. */
  readonly step: string;
  /** What it means, for example `serving production traffic`. */
  readonly label: string;
  /** With typical figures, seconds. */
  readonly typicalSeconds: number;
  /** Over the Monte Carlo runs. */
  readonly distribution: FinishDistribution;
}

/** The failover plan. */
export interface FailoverPlan {
  readonly mode: 'failover' | 'drill' | 'failback';
  readonly pair: StandbyPair;
  /** `--force`: go on although the source still serves. */
  readonly force: boolean;
  readonly steps: readonly FailoverStep[];
  /** The milestone the target applies to (serving production traffic; for a drill, production size). */
  readonly main: MilestoneEstimate;
  /** The steps on the typical critical path to the main milestone, first to last. */
  readonly criticalPath: readonly string[];
  /** Every step finished. */
  readonly complete: MilestoneEstimate;
  /** Whether the extra replicas start on the warm nodes (every pool keeps a node per zone while standing by). */
  readonly warmNodes: boolean;
  /** The standby's cost per month while standing by, and at production size. */
  readonly cost: { readonly standby: StackCost; readonly production: StackCost };
  readonly runs: number;
  readonly seed: number;
}

/** Options of {@link failoverPlan}. */
export interface FailoverPlanOptions extends SimulationOptions {
  /** Plan a drill (no traffic move, no source check). @default false */
  readonly drill?: boolean;
  /** Proceed although the source still serves traffic. @default false */
  readonly force?: boolean;
  /** The duration table (tests give their own). @default STEP_DURATIONS */
  readonly durations?: DurationLookup;
}

/** A service's scaling prop (validated with the stack configuration). */
const scalingOf = (service: Readonly<Record<string, unknown>>): ScalingLike | undefined => service.scaling as ScalingLike | undefined;

/** The steps of `mode` for the pair. */
export function failoverSteps(pair: StandbyPair, mode: FailoverPlan['mode'], force = false): FailoverStep[] {
  const s = pair.standby.stack;
  const p = pair.primary.stack;
  const config = pair.standby.config;
  const settings = config.standby.settings;
  const ttl = settings.traffic?.ttlSeconds ?? 60;
  const warm = warmNodes(pair);
  const services = config.standby.productionServices.map((svc) => ({ id: `${svc.namespace}/${svc.name}`, replicas: productionReplicas(scalingOf(svc)) }));
  const restore = config.cluster.restore;
  const up = (project: FailoverProject): FailoverAction => ({ kind: 'up', stack: s, project });
  const layer = (project: FailoverProject): string => `stacks/${project === 'traffic' ? 'traffic' : `layers/${project}`}`;
  const preview = (project: FailoverProject): string => `pulumi preview -s ${s} --cwd ${layer(project)} shows no changes`;

  if (mode === 'failback') {
    return [
      { id: 'check-primary', label: `${p}'s layer stacks are up (rebuild it first if its region was lost)`, action: { kind: 'check-primary-up', stack: p }, operations: ['source-probe'], after: [], check: `canary-platform rebuild --stack ${p} --dry-run, then each layer's last update succeeded` },
      { id: 'traffic-config', label: `${s}: standby.state = scaled (traffic returns to ${p}, ${s} stays at production size)`, action: { kind: 'set-state', stack: s, state: 'scaled', doneIn: ['scaled', 'standby'] }, operations: ['pulumi-config-set'], after: ['check-primary'], check: `Pulumi.${s}.yaml says state: scaled` },
      { id: 'move-traffic', label: `up ${s}'s traffic records: the domains point at ${p}'s gateway`, action: up('traffic'), operations: ['pulumi-preview', 'pulumi-update', 'cloud-dns-update'], after: ['traffic-config'], check: `dig +short ${config.domains[0]} answers ${p}'s gateway address` },
      { id: 'dns-expiry', label: `clients follow the records (TTL ${ttl} s)`, action: { kind: 'dns-expiry', ttlSeconds: ttl }, operations: ['dns-cache-expiry'], after: ['move-traffic'], check: `${p}'s gateway carries the traffic (Grafana: istio_requests_total by cluster)` },
      { id: 'standby-config', label: `${s}: standby.state = standby (back to its small size)`, action: { kind: 'set-state', stack: s, state: 'standby', doneIn: ['standby'] }, operations: ['pulumi-config-set'], after: ['dns-expiry'], check: `Pulumi.${s}.yaml says state: standby` },
      { id: 'scale-down-services', label: `up ${s}'s services layer: each CanaryService back to its standby replicas`, action: up('services'), operations: ['pulumi-preview', 'pulumi-update'], after: ['standby-config'], check: preview('services') },
      { id: 'scale-down-nodes', label: `up ${s}'s cluster layer: node pools back to their standby minimum`, action: up('cluster'), operations: ['pulumi-preview', 'pulumi-update', 'gke-node-pool-update'], after: ['scale-down-services'], check: preview('cluster') },
      { id: 'done', label: 'failback complete', action: { kind: 'milestone', note: 'failback complete' }, operations: [], after: ['scale-down-nodes'], check: '' },
    ];
  }

  const steps: FailoverStep[] = [
    {
      id: 'check-source',
      label: mode === 'drill' ? `probe ${p} (a drill expects it to keep serving)` : `refuse if ${p} still serves traffic${force ? ' (--force: reported only)' : ''}`,
      action: { kind: 'check-source', stack: p, refuseIfServing: mode === 'failover' && !force },
      operations: ['source-probe'],
      after: [],
      check: mode === 'drill' ? `${p} keeps serving throughout the drill` : `${p}'s gateway does not answer (curl -m 5 https://${config.domains[0]}/)`,
    },
    { id: 'scale-config', label: `${s}: standby.state = scaled (production size)`, action: { kind: 'set-state', stack: s, state: 'scaled', doneIn: ['scaled', 'serving'] }, operations: ['pulumi-config-set'], after: ['check-source'], check: `Pulumi.${s}.yaml says state: scaled` },
    {
      id: 'scale-nodes',
      label: `up ${s}'s cluster layer: node pools to production minimum (${config.standby.productionNodePools.map((pool) => `${pool.name} ${pool.minNodes}/zone`).join(', ')})`,
      action: up('cluster'),
      operations: ['pulumi-preview', 'pulumi-update', 'gke-node-pool-update'],
      after: ['scale-config'],
      check: `${preview('cluster')}; gcloud container node-pools describe <pool> --cluster ${config.cluster.name} --region ${config.region} shows the production minimum`,
    },
    {
      id: 'scale-services',
      label: `up ${s}'s services layer: ${services.map((x) => `${x.id} to ${x.replicas}`).join(', ') || 'no CanaryServices'}`,
      action: up('services'),
      operations: ['pulumi-preview', 'pulumi-update'],
      after: ['scale-config'],
      check: `${preview('services')}; kubectl get hpa -A shows the production minimum`,
    },
    ...(restore
      ? [
          {
            id: 'restore-data',
            label: `restore ${(restore.namespaces ?? RESTORE_PLAN_DEFAULTS.namespaces).join(', ')} from ${p}'s latest backup (restore plan ${restorePlanName(config.cluster.name)})`,
            action: {
              kind: 'restore' as const,
              stack: s,
              restorePlan: `projects/${config.project}/locations/${config.region}/restorePlans/${restorePlanName(config.cluster.name)}`,
              backupPlan: restore.backupPlan,
              namespaces: restore.namespaces ?? RESTORE_PLAN_DEFAULTS.namespaces,
            },
            operations: ['gke-backup-restore'] as const,
            after: ['scale-config'],
            check: `gcloud container backup-restore restores list --project ${config.project} --location ${config.region} --restore-plan ${restorePlanName(config.cluster.name)} shows it SUCCEEDED; Grafana shows ${p}'s history`,
          },
        ]
      : []),
    {
      id: 'wait-ready',
      label: `wait until every CanaryService runs its production minimum and its Canary is steady (${warm ? 'extra replicas start on the warm nodes' : 'on new nodes'})`,
      action: { kind: 'wait-ready', stack: s, services },
      operations: warm ? ['pod-start-warm'] : ['gke-node-provision', 'pod-start-cold'],
      after: warm ? ['scale-services'] : ['scale-services', 'scale-nodes'],
      check: 'kubectl get deploy -A shows each -primary at its production minimum; kubectl get canaries -A: none Progressing',
    },
    {
      id: 'nodes-ready',
      label: 'node pools reach their production minimum (capacity for peak load; the autoscaler adds the nodes)',
      action: { kind: 'milestone', note: 'not waited for: the cluster autoscaler adds the nodes (check: kubectl get nodes)' },
      operations: ['gke-node-provision'],
      after: ['scale-nodes'],
      check: 'kubectl get nodes: production minimum per pool and zone, all Ready',
    },
  ];
  if (mode === 'drill') {
    steps.push({ id: 'done', label: 'drill complete: the standby runs at production size, traffic never moved', action: { kind: 'milestone', note: 'drill complete' }, operations: [], after: steps.map((x) => x.id).filter((id) => id !== 'check-source'), check: '' });
    return steps;
  }
  steps.push(
    { id: 'serve-config', label: `${s}: standby.state = serving`, action: { kind: 'set-state', stack: s, state: 'serving', doneIn: ['serving'] }, operations: ['pulumi-config-set'], after: ['wait-ready'], check: `Pulumi.${s}.yaml says state: serving` },
    { id: 'move-traffic', label: `up ${s}'s traffic records: the domains point at ${s}'s gateway`, action: up('traffic'), operations: ['pulumi-preview', 'pulumi-update', 'cloud-dns-update'], after: ['serve-config'], check: `dig +short ${config.domains[0]} answers ${s}'s gateway address` },
    { id: 'dns-expiry', label: `clients follow the records (TTL ${ttl} s)`, action: { kind: 'dns-expiry', ttlSeconds: ttl }, operations: ['dns-cache-expiry'], after: ['move-traffic'], check: `curl -fsS https://${config.domains[0]}/ answers from ${s}; Grafana in ${s} shows the traffic` },
  );
  steps.push({ id: 'done', label: 'failover complete', action: { kind: 'milestone', note: 'failover complete' }, operations: [], after: steps.map((x) => x.id).filter((id) => !['check-source', 'scale-config'].includes(id)), check: '' });
  return steps;
}

/** True when every node pool keeps at least one node per zone while standing by. */
export function warmNodes(pair: StandbyPair): boolean {
  const settings = pair.standby.config.standby.settings;
  return pair.standby.config.standby.productionNodePools.every((pool) => standbyMinNodes(settings, pool) >= 1);
}

/** The step that marks the main milestone of each mode, and what it means. */
const MAIN: Readonly<Record<FailoverPlan['mode'], { readonly step: string; readonly label: string }>> = {
  failover: { step: 'dns-expiry', label: 'serving production traffic' },
  drill: { step: 'wait-ready', label: 'standby at production size' },
  failback: { step: 'dns-expiry', label: 'traffic back on the primary' },
};

/** The failover plan of a pair, its estimate and the standby's cost. */
export function failoverPlan(pair: StandbyPair, options: FailoverPlanOptions = {}): FailoverPlan {
  const mode: FailoverPlan['mode'] = pair.direction === 'failback' ? 'failback' : options.drill === true ? 'drill' : 'failover';
  const force = options.force === true;
  const steps = failoverSteps(pair, mode, force);
  const ttl = pair.standby.config.standby.settings.traffic?.ttlSeconds ?? 60;
  const table: DurationLookup = { ...(options.durations ?? STEP_DURATIONS), 'dns-cache-expiry': dnsCacheExpiry(ttl) };
  const main = MAIN[mode];
  const typical = typicalSchedule(steps, table, main.step);
  const done = typicalSchedule(steps, table, 'done');
  const dist = simulate(steps, table, [main.step, 'done'], options);
  const config = pair.standby.config;
  const zones = config.cluster.zones.length;
  const settings = config.standby.settings;
  const standbyPools = config.standby.productionNodePools.map((pool) => ({ ...pool, minNodes: standbyMinNodes(settings, pool) }));
  return {
    mode,
    pair,
    force,
    steps,
    main: { ...main, typicalSeconds: typical.seconds, distribution: dist[main.step] },
    criticalPath: typical.criticalPath,
    complete: { step: 'done', label: mode === 'drill' ? 'drill complete' : `${mode} complete`, typicalSeconds: done.seconds, distribution: dist.done },
    warmNodes: warmNodes(pair),
    cost: {
      standby: monthlyCost(config.region, zones, standbyPools),
      production: monthlyCost(config.region, zones, config.standby.productionNodePools),
    },
    runs: options.runs ?? DEFAULT_RUNS,
    seed: options.seed ?? DEFAULT_SEED,
  };
}

/** The typical seconds of one step (its operations at their typical figures). */
export function stepTypicalSeconds(step: FailoverStep, ttlSeconds: number): number {
  const table: DurationLookup = { ...STEP_DURATIONS, 'dns-cache-expiry': dnsCacheExpiry(ttlSeconds) };
  return step.operations.reduce((sum, op) => sum + table[op].typicalSeconds, 0);
}
