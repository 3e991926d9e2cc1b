/**
 * A standby pair read from the repository: the standby's stack file (with `canary-platform:standby`) and its
 * primary's, validated as the programs will, and checked against each other (a standby that drifted from its
 * primary fails over to something else). Reading it needs no cloud and no Pulumi CLI.
 */
import { backupPlanId } from '../../packages/platform/disaster-recovery';
import { Problem, ValidationError } from '../../packages/shared';
import type { StackConfig, StackStandby } from '../../stacks/platform/config';
import { PROJECT } from '../../stacks/platform/config-schema';
import { UsageError } from '../shared/errors';
import { listStacks, readProject } from '../offline/stack-files';
import { loadRebuildConfig } from '../rebuild/plan';

/** A stack of the pair. */
export interface PairMember {
  /** Stack name, for example `dr`. */
  readonly stack: string;
  /** Its validated configuration. */
  readonly config: StackConfig;
}

/** The standby pair a `failover --to <stack>` works on. */
export interface StandbyPair {
  /** `failover`: promote the standby (`--to` names it); `failback`: return to the primary (`--to` names it). */
  readonly direction: 'failover' | 'failback';
  /** The standby stack. */
  readonly standby: PairMember & { readonly config: StackConfig & { readonly standby: StackStandby } };
  /** The stack it stands by for. */
  readonly primary: PairMember;
}

const hasStandby = (config: StackConfig): config is StackConfig & { readonly standby: StackStandby } => config.standby !== undefined;

/** A stack's config, or undefined when its file does not validate (another stack's problem, not this pair's). */
function tryLoad(rootDir: string, stack: string): StackConfig | undefined {
  try {
    return loadRebuildConfig(rootDir, stack).config;
  } catch {
    return undefined;
  }
}

/**
 * Reads the pair `--to <stack>` names: `<stack>` itself when it is a standby (a failover), else the standby whose
 * `standby.of` is `<stack>` (a failback).
 * @throws ValidationError for an invalid stack file or a pair that does not match
 * @throws UsageError when `<stack>` neither is a standby nor has one
 */
export function loadStandbyPair(rootDir: string, to: string): StandbyPair {
  const target = loadRebuildConfig(rootDir, to).config;
  if (hasStandby(target)) {
    const primary = loadRebuildConfig(rootDir, target.standby.settings.of).config;
    const pair: StandbyPair = { direction: 'failover', standby: { stack: to, config: target }, primary: { stack: target.standby.settings.of, config: primary } };
    throwProblems(pair);
    return pair;
  }
  const stacks = listStacks(readProject(rootDir).dir).filter((s) => s !== to);
  const standbys = stacks
    .map((stack) => ({ stack, config: tryLoad(rootDir, stack) }))
    .filter((m): m is { stack: string; config: StackConfig & { standby: StackStandby } } => m.config !== undefined && hasStandby(m.config) && m.config.standby.settings.of === to);
  if (standbys.length === 0) {
    throw new UsageError(
      `stack "${to}" is not a standby (no ${PROJECT}:standby in Pulumi.${to}.yaml) and no stack stands by for it; ` +
        `a failover goes --to a standby, a failback --to the stack a standby stands by for`,
    );
  }
  if (standbys.length > 1) throw new UsageError(`stacks ${standbys.map((s) => s.stack).join(', ')} all stand by for "${to}"; keep one standby per stack`);
  const pair: StandbyPair = { direction: 'failback', standby: standbys[0], primary: { stack: to, config: target } };
  throwProblems(pair);
  return pair;
}

function throwProblems(pair: StandbyPair): void {
  const problems = pairProblems(pair);
  if (problems.length > 0) {
    throw new ValidationError(`${pair.standby.config.file} is not a failover-ready standby of ${pair.primary.config.file}`, problems);
  }
}

/**
 * What must hold between a standby and its primary: not itself, same project (the restore), the restore plan on
 * the primary's backup plan, the same domains, services and node pools (production sizes).
 */
export function pairProblems(pair: StandbyPair): Problem[] {
  const s = pair.standby.config;
  const p = pair.primary.config;
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ subject: s.file, path: `${PROJECT}:${path}`, message });
  };
  if (pair.standby.stack === pair.primary.stack) add('standby.of', `(${pair.primary.stack}) is this stack: a standby stands by for another stack`);
  if (p.standby) add('standby.of', `(${pair.primary.stack}) is itself a standby (of ${p.standby.settings.of}): stand by for the primary`);
  if (s.project !== p.project) add('standby.of', `(${pair.primary.stack}) is in project ${p.project}, this standby in ${s.project}: a restore needs both in one project`);
  if (s.region === p.region) add('standby.of', `(${pair.primary.stack}) is in ${p.region} too: a standby belongs in another region`);
  const expected = backupPlanId(p.project, p.region, p.cluster.name);
  if (p.cluster.backup === false) add('standby.of', `(${pair.primary.stack}) has cluster.backup: false: there is nothing to restore from`);
  else if (s.cluster.restore && s.cluster.restore.backupPlan !== expected) {
    add('cluster.restore.backupPlan', `(${s.cluster.restore.backupPlan}) must be ${pair.primary.stack}'s backup plan ${expected}`);
  }
  if (JSON.stringify(s.domains) !== JSON.stringify(p.domains)) add('domains', `(${s.domains.join(', ')}) must be ${pair.primary.stack}'s (${p.domains.join(', ')})`);
  const services = (list: StackConfig['services']): string => JSON.stringify(list.map(({ namespace, name, image }) => ({ namespace, name, image })));
  if (services(s.standby ? s.standby.productionServices : s.services) !== services(p.services)) {
    add('services', `must run ${pair.primary.stack}'s services at the same images (${p.services.map((x) => `${x.namespace}/${x.name} ${String(x.image)}`).join(', ')})`);
  }
  const pools = (list: StackConfig['cluster']['nodePools']): string =>
    JSON.stringify(list.map(({ name, machineType, minNodes, maxNodes }) => ({ name, machineType, minNodes, maxNodes })));
  if (pools(s.standby ? s.standby.productionNodePools : s.cluster.nodePools) !== pools(p.cluster.nodePools)) {
    add('cluster.nodePools', `must declare ${pair.primary.stack}'s node pools (names, machine types, sizes): a promoted standby runs at production size`);
  }
  if (s.cluster.zones.length !== p.cluster.zones.length) {
    add('cluster.zones', `(${s.cluster.zones.length} zones) must be as many as ${pair.primary.stack}'s (${p.cluster.zones.length}): node pool sizes are per zone`);
  }
  return problems;
}
