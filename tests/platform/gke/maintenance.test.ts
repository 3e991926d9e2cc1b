import { GKE_CLUSTER_DEFAULTS, GkeClusterArgs, resolveGkeClusterArgs, validateGkeClusterArgs } from '../../../packages/platform/gke/args';
import { DAY_MS, HOUR_MS, parseRecurrence, parseUtc, worstRecurringAvailability, worstUnexcludedTime } from '../../../packages/platform/gke/availability';
import { GKE_MAINTENANCE_WINDOW_RULE, MaintenanceExclusion, maintenanceExclusionProblems, maintenanceWindowProblems } from '../../../packages/platform/gke/maintenance';

const ARGS: GkeClusterArgs = {
  project: 'acme-prod',
  region: 'europe-west4',
  zones: ['europe-west4-a'],
  authorizedNetworks: [],
  nodePools: [{ name: 'general', minNodes: 1, maxNodes: 3 }],
};

const RULE = `GKE requires at least 48 h ("${GKE_MAINTENANCE_WINDOW_RULE}")`;
const window = (startTime: string, endTime: string, recurrence: string): string[] =>
  maintenanceWindowProblems({ startTime, endTime, recurrence }).map((p) => `${p.path} ${p.message}`);
const WINDOW_RULE = { windowMs: 32 * DAY_MS, minBlockMs: 4 * HOUR_MS };
const hoursOf = (start: string, end: string, rule: string): number => {
  const parsed = parseRecurrence(rule);
  if (!parsed.ok) throw new Error(parsed.reason);
  const s = parseUtc(start) as number;
  return worstRecurringAvailability(parsed.recurrence, s, (parseUtc(end) as number) - s, WINDOW_RULE) / HOUR_MS;
};

describe("GKE's maintenance window rule (48 h in every 32 days, blocks of 4 h or more)", () => {
  it('quotes the rule as GKE documents it', () =>
    expect(GKE_MAINTENANCE_WINDOW_RULE).toBe(
      'You must allow at least 48 hours of maintenance availability in a 32-day rolling window. Only contiguous availability windows of at least four hours are considered.',
    ));

  it('rejects the old default (4 h on Saturday and Sunday: 32 h) and names a window that passes', () =>
    expect(window('2026-01-03T02:00:00Z', '2026-01-03T06:00:00Z', 'FREQ=WEEKLY;BYDAY=SA,SU')).toEqual([
      `maintenanceWindow (FREQ=WEEKLY;BYDAY=SA,SU, 4 h from 02:00 UTC) gives 32 h of maintenance availability in the worst 32-day window; ${RULE} - widen the window, e.g. endTime 2026-01-03T08:00:00Z (6 h from 02:00 UTC) gives 48 h`,
    ]));

  it('accepts the new default with a margin: 64 h in the worst 32 days', () => {
    const d = GKE_CLUSTER_DEFAULTS.maintenanceWindow;
    expect(maintenanceWindowProblems(d)).toEqual([]);
    expect(hoursOf(d.startTime, d.endTime, d.recurrence)).toBe(64);
  });

  it('computes the worst 32-day window, not the average', () => {
    // Weekly windows: 32 days hold 4 or 5 Saturdays; the worst holds 4.
    expect(hoursOf('2026-01-03T02:00:00Z', '2026-01-03T14:00:00Z', 'FREQ=WEEKLY;BYDAY=SA')).toBe(48);
    expect(hoursOf('2026-01-03T02:00:00Z', '2026-01-03T08:00:00Z', 'FREQ=WEEKLY;BYDAY=SA,SU')).toBe(48);
    // A daily 4-hour window: the worst 32 days cut one window at each end below 4 h, so 31 of them count.
    expect(hoursOf('2026-01-03T02:00:00Z', '2026-01-03T06:00:00Z', 'FREQ=DAILY')).toBe(124);
    expect(hoursOf('2026-01-03T02:00:00Z', '2026-01-03T06:00:00Z', 'FREQ=DAILY;INTERVAL=2')).toBe(60);
  });

  it('accepts exactly 48 h and rejects a second less, never rounding a shortfall up', () => {
    expect(window('2026-01-03T02:00:00Z', '2026-01-03T08:00:00Z', 'FREQ=WEEKLY;BYDAY=SA,SU')).toEqual([]);
    expect(window('2026-01-03T02:00:00Z', '2026-01-03T07:59:59Z', 'FREQ=WEEKLY;BYDAY=SA,SU')).toEqual([
      `maintenanceWindow (FREQ=WEEKLY;BYDAY=SA,SU, 5.9 h from 02:00 UTC) gives 47.9 h of maintenance availability in the worst 32-day window; ${RULE} - widen the window, e.g. endTime 2026-01-03T08:00:00Z (6 h from 02:00 UTC) gives 48 h`,
    ]);
  });

  it('counts nothing for windows shorter than 4 h, however often they recur', () =>
    expect(window('2026-01-03T02:00:00Z', '2026-01-03T05:00:00Z', 'FREQ=DAILY')).toEqual([
      `maintenanceWindow (FREQ=DAILY, 3 h from 02:00 UTC) gives 0 h of maintenance availability in the worst 32-day window; ${RULE} - widen the window, e.g. endTime 2026-01-03T06:00:00Z (4 h from 02:00 UTC) gives 124 h`,
    ]));

  it('joins windows that touch into one contiguous block (across midnight and day after day)', () => {
    expect(window('2026-01-03T22:00:00Z', '2026-01-04T02:00:00Z', 'FREQ=DAILY')).toEqual([]);
    expect(hoursOf('2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z', 'FREQ=DAILY')).toBe(32 * 24);
  });

  it('says when no window on the chosen days can be wide enough', () =>
    expect(window('2026-01-03T02:00:00Z', '2026-01-03T06:00:00Z', 'FREQ=WEEKLY;INTERVAL=4;BYDAY=SA')).toEqual([
      `maintenanceWindow (FREQ=WEEKLY;INTERVAL=4;BYDAY=SA, 4 h from 02:00 UTC) gives 4 h of maintenance availability in the worst 32-day window; ${RULE} - add days to BYDAY, lower INTERVAL or use FREQ=DAILY: no window of up to 24 h on these days meets it`,
    ]));

  it('refuses recurrences it cannot evaluate, saying what it supports', () =>
    expect([
      ...window('2026-01-03T02:00:00Z', '2026-01-03T10:00:00Z', 'FREQ=MONTHLY;BYDAY=1SA'),
      ...window('2026-01-03T02:00:00Z', '2026-01-03T10:00:00Z', 'FREQ=WEEKLY;BYDAY=SA;COUNT=10'),
      ...window('2026-01-03T02:00:00Z', '2026-01-03T10:00:00Z', 'FREQ=WEEKLY;BYDAY=SAT'),
      ...window('2026-01-03T02:00:00Z', '2026-01-03T10:00:00Z', 'FREQ=DAILY;INTERVAL=0'),
    ]).toEqual([
      "maintenanceWindow.recurrence (FREQ=MONTHLY;BYDAY=1SA) cannot be checked against GKE's 48-hours-in-32-days rule: FREQ=MONTHLY cannot be evaluated; supported here are FREQ=DAILY and FREQ=WEEKLY, each with optional INTERVAL=<n> and BYDAY=<MO,TU,...>",
      "maintenanceWindow.recurrence (FREQ=WEEKLY;BYDAY=SA;COUNT=10) cannot be checked against GKE's 48-hours-in-32-days rule: COUNT cannot be evaluated; supported here are FREQ=DAILY and FREQ=WEEKLY, each with optional INTERVAL=<n> and BYDAY=<MO,TU,...>",
      "maintenanceWindow.recurrence (FREQ=WEEKLY;BYDAY=SAT) cannot be checked against GKE's 48-hours-in-32-days rule: BYDAY=SAT: SAT must be one of SU, MO, TU, WE, TH, FR, SA (no ordinals)",
      "maintenanceWindow.recurrence (FREQ=DAILY;INTERVAL=0) cannot be checked against GKE's 48-hours-in-32-days rule: INTERVAL=0 must be a whole number from 1 to 999",
    ]));

  it('checks the times: RFC 3339 UTC, real dates, end after start', () =>
    expect([
      ...window('2026-02-30T02:00:00Z', '2026-01-03T10:00:00+01:00', 'FREQ=DAILY'),
      ...window('2026-01-03T10:00:00Z', '2026-01-03T02:00:00Z', 'FREQ=DAILY'),
    ]).toEqual([
      'maintenanceWindow.startTime (2026-02-30T02:00:00Z) must be an RFC 3339 UTC time like 2026-01-03T02:00:00Z',
      'maintenanceWindow.endTime (2026-01-03T10:00:00+01:00) must be an RFC 3339 UTC time like 2026-01-03T02:00:00Z',
      'maintenanceWindow.endTime (2026-01-03T02:00:00Z) must be after startTime (2026-01-03T10:00:00Z)',
    ]));

  it('reports the rule through the component validation, with the component name', () => {
    const old = { startTime: '2026-01-03T02:00:00Z', endTime: '2026-01-03T06:00:00Z', recurrence: 'FREQ=WEEKLY;BYDAY=SA,SU' };
    expect(() => resolveGkeClusterArgs('prod', { ...ARGS, maintenanceWindow: old })).toThrow(
      `GkeCluster prod: invalid arguments\n  - prod: maintenanceWindow (FREQ=WEEKLY;BYDAY=SA,SU, 4 h from 02:00 UTC) gives 32 h of maintenance availability in the worst 32-day window; ${RULE} - widen the window, e.g. endTime 2026-01-03T08:00:00Z (6 h from 02:00 UTC) gives 48 h`,
    );
  });
});

describe('maintenance exclusions', () => {
  const ex = (name: string, startTime: string, endTime: string, scope: MaintenanceExclusion['scope'] = 'NO_UPGRADES'): MaintenanceExclusion => ({
    name,
    startTime,
    endTime,
    scope,
  });
  const messages = (list: readonly MaintenanceExclusion[]): string[] => maintenanceExclusionProblems(list).map((p) => `${p.path} ${p.message}`);

  it('accepts a freeze, and longer exclusions whose scope still allows patches (GKE checks their end against the end of support at apply)', () =>
    expect(
      messages([
        ex('black-friday', '2026-11-20T00:00:00Z', '2026-12-01T00:00:00Z'),
        ex('minor-freeze', '2026-06-01T00:00:00Z', '2027-03-01T00:00:00Z', 'NO_MINOR_OR_NODE_UPGRADES'),
      ]),
    ).toEqual([]));

  it('limits a NO_UPGRADES exclusion to 30 days', () => {
    expect(messages([ex('november', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')])).toEqual([]);
    expect(messages([ex('november', '2026-11-01T00:00:00Z', '2026-12-01T00:00:01Z')])).toEqual([
      'maintenanceExclusions[0].endTime (2026-12-01T00:00:01Z) is more than 30 days after startTime (2026-11-01T00:00:00Z); GKE allows a NO_UPGRADES exclusion of at most 30 days - end it by 2026-12-01T00:00:00Z or use scope NO_MINOR_UPGRADES or NO_MINOR_OR_NODE_UPGRADES',
    ]);
  });

  it('refuses NO_UPGRADES exclusions chained with less than 48 h between them', () => {
    expect(messages([ex('a', '2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z'), ex('b', '2026-11-02T00:00:00Z', '2026-11-30T00:00:00Z')])).toEqual([]);
    expect(messages([ex('a', '2026-10-01T00:00:00Z', '2026-10-31T00:00:00Z'), ex('b', '2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z')])).toEqual([
      'maintenanceExclusions (NO_UPGRADES: a, b) leave 24 h free of exclusions in the worst 32-day window; GKE requires at least 48 h of maintenance availability there (NO_UPGRADES exclusions cannot be chained) - leave at least 48 h between them',
    ]);
  });

  it('allows at most 3 NO_UPGRADES exclusions and 20 exclusions in all', () => {
    const four = ['a', 'b', 'c', 'd'].map((n, i) => ex(n, `2027-0${i + 1}-01T00:00:00Z`, `2027-0${i + 1}-10T00:00:00Z`));
    expect(messages(four)).toEqual([
      "maintenanceExclusions (4 NO_UPGRADES exclusions) must hold at most 3 NO_UPGRADES exclusions, GKE's limit; merge them or use a scope that allows patches",
    ]);
    const many = Array.from({ length: 21 }, (_, i) => ex(`e${i}`, '2027-01-01T00:00:00Z', '2027-02-01T00:00:00Z', 'NO_MINOR_UPGRADES'));
    expect(messages(many)).toEqual(["maintenanceExclusions (21 exclusions) must be at most 20, GKE's limit per cluster"]);
  });

  it('checks names, scopes and times, one problem per rule', () =>
    expect(
      messages([
        ex('freeze', '2026-11-20T00:00:00Z', '2026-11-10T00:00:00Z'),
        { name: 'freeze', startTime: '2026-11-20', endTime: '2026-11-21T00:00:00Z', scope: 'NO_PATCHES' as MaintenanceExclusion['scope'] },
        ex('', '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z'),
      ]),
    ).toEqual([
      'maintenanceExclusions[0].endTime (2026-11-10T00:00:00Z) must be after startTime (2026-11-20T00:00:00Z)',
      'maintenanceExclusions[1].name (freeze) is already used by maintenanceExclusions[0]',
      'maintenanceExclusions[1].scope (NO_PATCHES) must be one of NO_UPGRADES, NO_MINOR_UPGRADES, NO_MINOR_OR_NODE_UPGRADES',
      'maintenanceExclusions[1].startTime (2026-11-20) must be an RFC 3339 UTC time like 2026-01-03T02:00:00Z',
      'maintenanceExclusions[2].name () must be a non-empty name',
    ]));

  it('measures the time left free in the worst 32 days exactly: a 30-day exclusion leaves exactly 48 h', () => {
    const rule = { windowMs: 32 * DAY_MS, minBlockMs: 0 };
    const span = (s: string, e: string) => ({ start: parseUtc(s) as number, end: parseUtc(e) as number });
    expect(worstUnexcludedTime([], rule)).toBe(32 * DAY_MS);
    expect(worstUnexcludedTime([span('2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z')], rule)).toBe(48 * HOUR_MS);
    expect(worstUnexcludedTime([span('2026-01-01T00:00:00Z', '2026-01-15T00:00:00Z'), span('2026-01-15T03:00:00Z', '2026-02-14T00:00:00Z')], rule)).toBe(3 * HOUR_MS);
    expect(messages([ex('january', '2026-01-01T00:00:00Z', '2026-01-31T00:00:00Z'), ex('later', '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z')])).toEqual([]);
  });

  it('reports exclusion problems through the component validation', () =>
    expect(
      validateGkeClusterArgs('prod', { ...ARGS, maintenanceExclusions: [ex('x', '2026-11-20T00:00:00Z', '2026-11-21T00:00:00Z', 'NO_UPGRADE' as MaintenanceExclusion['scope'])] }).map(
        (p) => `${p.subject}: ${p.path} ${p.message}`,
      ),
    ).toEqual(['prod: maintenanceExclusions[0].scope (NO_UPGRADE) must be one of NO_UPGRADES, NO_MINOR_UPGRADES, NO_MINOR_OR_NODE_UPGRADES']));
});
