/**
 * The maintenance policy of {@link GkeCluster}: the recurring window and the exclusions, GKE's rules for them in
 * one place, and the validation that applies those rules before GKE would answer 400.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/maintenance-windows-and-exclusions
 */
import {
  DAY_MS,
  formatHours,
  formatUtc,
  HOUR_MS,
  parseRecurrence,
  parseUtc,
  Recurrence,
  Span,
  worstRecurringAvailability,
  worstUnexcludedTime,
} from './availability';

/**
 * A recurring maintenance window (RFC 5545 recurrence, UTC). GKE needs at least 48 hours of availability in any
 * 32-day period, counting only windows of 4 hours or more; validation computes the worst 32 days.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/maintenance-windows-and-exclusions
 */
export interface MaintenanceWindow {
  /** Start of the first window, RFC 3339 UTC, for example `2026-01-03T02:00:00Z`. */
  readonly startTime: string;
  /** End of the first window, RFC 3339 UTC; every window lasts as long as the first. */
  readonly endTime: string;
  /** RFC 5545 RRULE: `FREQ=DAILY` or `FREQ=WEEKLY`, with optional `INTERVAL` and `BYDAY`, for example `FREQ=WEEKLY;BYDAY=SA,SU`. */
  readonly recurrence: string;
}

/** What a maintenance exclusion blocks, as GKE spells it. */
export const MAINTENANCE_EXCLUSION_SCOPES = ['NO_UPGRADES', 'NO_MINOR_UPGRADES', 'NO_MINOR_OR_NODE_UPGRADES'] as const;
/**
 * `NO_UPGRADES` blocks every upgrade (patches included); `NO_MINOR_UPGRADES` allows patches;
 * `NO_MINOR_OR_NODE_UPGRADES` allows control-plane patches only.
 */
export type MaintenanceExclusionScope = (typeof MAINTENANCE_EXCLUSION_SCOPES)[number];

/**
 * A one-off period in which GKE does no automatic maintenance of `scope` (a sales event, a freeze).
 * @see https://cloud.google.com/kubernetes-engine/docs/concepts/maintenance-windows-and-exclusions#exclusions
 */
export interface MaintenanceExclusion {
  /** Name, unique within the cluster, for example `black-friday`. */
  readonly name: string;
  /** Start, RFC 3339 UTC. */
  readonly startTime: string;
  /** End, RFC 3339 UTC, after `startTime`. */
  readonly endTime: string;
  /**
   * What is blocked. `NO_UPGRADES` exclusions are limited in length (30 days) and number (3);
   * the other scopes may last until the end of support of the cluster's minor version.
   */
  readonly scope: MaintenanceExclusionScope;
}

/**
 * GKE's limits on maintenance policies, in one place, with their sources:
 * - window rule: GKE's "Configure maintenance windows and exclusions" page, quoted in {@link GKE_MAINTENANCE_WINDOW_RULE};
 * - exclusion count: pulumi-gcp's `maintenanceExclusions` ("up to 20 maintenance exclusions at a time");
 * - `NO_UPGRADES`: at most 3 per cluster, each at most 30 days (Google's own GKE sample,
 *   terraform-google-modules/terraform-docs-samples `gke/standard/zonal/no-channel-to-release-channel/no_upgrade/main.tf`:
 *   "NO_UPGRADES exclusions are limited to 30 days"), and not chained: the window rule's 48 hours in any 32 days
 *   stay free of them (a single 30-day exclusion leaves exactly that);
 * - `NO_MINOR_UPGRADES` and `NO_MINOR_OR_NODE_UPGRADES`: no fixed length; they may last until the end of support of
 *   the cluster's minor version (the same samples end one at "the end of standard support for 1.31"; the API's
 *   `UNTIL_END_OF_SUPPORT`), a date that depends on the version, so GKE checks it at apply, not this validation.
 */
export const GKE_MAINTENANCE_LIMITS = {
  /** Maintenance availability GKE requires in every rolling window. */
  minAvailableHours: 48,
  /** The rolling window of the recurring-window rule. */
  windowRuleDays: 32,
  /** Shortest contiguous availability that counts. */
  minBlockHours: 4,
  /** Exclusions a cluster can hold at a time. */
  maxExclusions: 20,
  /** `NO_UPGRADES` exclusions a cluster can hold. */
  maxNoUpgradesExclusions: 3,
  /** Longest `NO_UPGRADES` exclusion. */
  maxNoUpgradesDays: 30,
  /** The rolling window in which `NO_UPGRADES` exclusions must leave 48 hours free (the window rule's). */
  noUpgradesRuleDays: 32,
} as const;

/** GKE's own words for the window rule, quoted in messages. */
export const GKE_MAINTENANCE_WINDOW_RULE =
  'You must allow at least 48 hours of maintenance availability in a 32-day rolling window. Only contiguous availability windows of at least four hours are considered.';

const L = GKE_MAINTENANCE_LIMITS;
const WINDOW_RULE = { windowMs: L.windowRuleDays * DAY_MS, minBlockMs: L.minBlockHours * HOUR_MS };
// Free time between exclusions counts in full: a single 30-day exclusion leaves exactly 48 h in 32 days.
const NO_UPGRADES_RULE = { windowMs: L.noUpgradesRuleDays * DAY_MS, minBlockMs: 0 };
const MIN_AVAILABLE_MS = L.minAvailableHours * HOUR_MS;
const UTC_EXAMPLE = 'an RFC 3339 UTC time like 2026-01-03T02:00:00Z';

/** A problem relative to the maintenance fields: path and message. */
export interface MaintenanceProblem {
  readonly path: string;
  readonly message: string;
}

/** `4 h from 02:00 UTC` for a window. */
function describeWindow(start: number, duration: number): string {
  const at = formatUtc(start).slice(11, 16);
  return `${formatHours(duration)} h from ${at} UTC`;
}

/** The shortest whole-hour window (up to 24 h) with the same start and recurrence that meets the rule. */
function widerWindow(r: Recurrence, start: number, duration: number): { end: number; worst: number } | undefined {
  for (let hours = Math.floor(duration / HOUR_MS) + 1; hours <= 24; hours += 1) {
    const worst = worstRecurringAvailability(r, start, hours * HOUR_MS, WINDOW_RULE);
    if (worst >= MIN_AVAILABLE_MS) return { end: start + hours * HOUR_MS, worst };
  }
  return undefined;
}

/** Every problem with a recurring window, including GKE's 48-hours-in-32-days rule. */
export function maintenanceWindowProblems(window: MaintenanceWindow): MaintenanceProblem[] {
  const problems: MaintenanceProblem[] = [];
  const start = parseUtc(window.startTime);
  const end = parseUtc(window.endTime);
  if (start === undefined) problems.push({ path: 'maintenanceWindow.startTime', message: `(${window.startTime}) must be ${UTC_EXAMPLE}` });
  if (end === undefined) problems.push({ path: 'maintenanceWindow.endTime', message: `(${window.endTime}) must be ${UTC_EXAMPLE}` });
  else if (start !== undefined && end <= start) {
    problems.push({ path: 'maintenanceWindow.endTime', message: `(${window.endTime}) must be after startTime (${window.startTime})` });
  }
  const parsed = parseRecurrence(String(window.recurrence));
  if (!parsed.ok) {
    problems.push({ path: 'maintenanceWindow.recurrence', message: `(${window.recurrence}) cannot be checked against GKE's 48-hours-in-32-days rule: ${parsed.reason}` });
  }
  if (problems.length > 0 || !parsed.ok || start === undefined || end === undefined) return problems;

  const duration = end - start;
  const worst = worstRecurringAvailability(parsed.recurrence, start, duration, WINDOW_RULE);
  if (worst >= MIN_AVAILABLE_MS) return [];
  const wider = widerWindow(parsed.recurrence, start, duration);
  const fix = wider
    ? `widen the window, e.g. endTime ${formatUtc(wider.end)} (${describeWindow(start, wider.end - start)}) gives ${formatHours(wider.worst)} h`
    : 'add days to BYDAY, lower INTERVAL or use FREQ=DAILY: no window of up to 24 h on these days meets it';
  return [
    {
      path: 'maintenanceWindow',
      message:
        `(${window.recurrence}, ${describeWindow(start, duration)}) gives ${formatHours(worst)} h of maintenance availability in the worst ` +
        `${L.windowRuleDays}-day window; GKE requires at least ${L.minAvailableHours} h ("${GKE_MAINTENANCE_WINDOW_RULE}") - ${fix}`,
    },
  ];
}

/** Every problem with the exclusions: fields, GKE's count and length limits, and chained `NO_UPGRADES` freezes. */
export function maintenanceExclusionProblems(exclusions: readonly MaintenanceExclusion[]): MaintenanceProblem[] {
  const problems: MaintenanceProblem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  if (exclusions.length > L.maxExclusions) {
    add('maintenanceExclusions', `(${exclusions.length} exclusions) must be at most ${L.maxExclusions}, GKE's limit per cluster`);
  }
  const names = new Map<string, number>();
  const noUpgrades: { index: number; span: Span }[] = [];
  exclusions.forEach((ex, i) => {
    const at = `maintenanceExclusions[${i}]`;
    if (typeof ex.name !== 'string' || ex.name.trim() === '') add(`${at}.name`, `(${String(ex.name)}) must be a non-empty name`);
    else if (names.has(ex.name)) add(`${at}.name`, `(${ex.name}) is already used by maintenanceExclusions[${names.get(ex.name)}]`);
    else names.set(ex.name, i);
    if (!(MAINTENANCE_EXCLUSION_SCOPES as readonly string[]).includes(ex.scope)) {
      add(`${at}.scope`, `(${String(ex.scope)}) must be one of ${MAINTENANCE_EXCLUSION_SCOPES.join(', ')}`);
    }
    const start = parseUtc(ex.startTime);
    const end = parseUtc(ex.endTime);
    if (start === undefined) add(`${at}.startTime`, `(${ex.startTime}) must be ${UTC_EXAMPLE}`);
    if (end === undefined) add(`${at}.endTime`, `(${ex.endTime}) must be ${UTC_EXAMPLE}`);
    if (start === undefined || end === undefined) return;
    if (end <= start) {
      add(`${at}.endTime`, `(${ex.endTime}) must be after startTime (${ex.startTime})`);
      return;
    }
    if (ex.scope !== 'NO_UPGRADES') return;
    noUpgrades.push({ index: i, span: { start, end } });
    if (end - start > L.maxNoUpgradesDays * DAY_MS) {
      add(
        `${at}.endTime`,
        `(${ex.endTime}) is more than ${L.maxNoUpgradesDays} days after startTime (${ex.startTime}); GKE allows a NO_UPGRADES exclusion of at most ${L.maxNoUpgradesDays} days - ` +
          `end it by ${formatUtc(start + L.maxNoUpgradesDays * DAY_MS)} or use scope NO_MINOR_UPGRADES or NO_MINOR_OR_NODE_UPGRADES`,
      );
    }
  });
  if (noUpgrades.length > L.maxNoUpgradesExclusions) {
    add(
      'maintenanceExclusions',
      `(${noUpgrades.length} NO_UPGRADES exclusions) must hold at most ${L.maxNoUpgradesExclusions} NO_UPGRADES exclusions, GKE's limit; ` +
        'merge them or use a scope that allows patches',
    );
  }
  if (noUpgrades.length > 1) {
    const free = worstUnexcludedTime(noUpgrades.map((n) => n.span), NO_UPGRADES_RULE);
    if (free < MIN_AVAILABLE_MS) {
      const which = noUpgrades.map((n) => exclusions[n.index].name).join(', ');
      add(
        'maintenanceExclusions',
        `(NO_UPGRADES: ${which}) leave ${formatHours(free)} h free of exclusions in the worst ${L.noUpgradesRuleDays}-day window; GKE requires at least ` +
          `${L.minAvailableHours} h of maintenance availability there (NO_UPGRADES exclusions cannot be chained) - leave at least ${L.minAvailableHours} h between them`,
      );
    }
  }
  return problems;
}
