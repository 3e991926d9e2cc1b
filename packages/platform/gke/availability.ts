/**
 * Time arithmetic behind GKE's maintenance rules, pure and exact (integer milliseconds): RFC 3339 UTC times,
 * the subset of RFC 5545 RRULE that can be evaluated here (FREQ=DAILY and FREQ=WEEKLY, with INTERVAL and
 * BYDAY), and the worst availability over every rolling window.
 */

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;

const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Milliseconds since the epoch of an RFC 3339 UTC time such as `2026-01-03T02:00:00Z`; undefined when invalid. */
export function parseUtc(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = RFC3339_UTC.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over to March 2: the round trip catches impossible dates and times.
  return formatUtc(ms) === value ? ms : undefined;
}

/** `2026-01-03T10:00:00Z` for a time in milliseconds (whole seconds). */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Hours for messages, rounded down to a tenth: `32`, `47.9`. Never rounds a shortfall up to the limit. */
export function formatHours(ms: number): string {
  return String(Math.floor(ms / (HOUR_MS / 10)) / 10);
}

/** RFC 5545 weekday codes, in `Date.getUTCDay()` order (SU = 0). */
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

/** A recurrence this module can evaluate. */
export interface Recurrence {
  /** `DAILY` or `WEEKLY`. */
  readonly freq: 'DAILY' | 'WEEKLY';
  /** Every `interval` days or weeks (RRULE `INTERVAL`, 1 when absent). */
  readonly interval: number;
  /** Weekdays (0 = Sunday) the recurrence is limited to; absent means every day (DAILY) or DTSTART's weekday (WEEKLY). */
  readonly byDay?: readonly number[];
}

/** The parsed recurrence, or why it cannot be evaluated. */
export type RecurrenceParse = { readonly ok: true; readonly recurrence: Recurrence } | { readonly ok: false; readonly reason: string };

const SUPPORTED = 'supported here are FREQ=DAILY and FREQ=WEEKLY, each with optional INTERVAL=<n> and BYDAY=<MO,TU,...>';

/** Parses the RRULE subset GKE windows are usually written in; anything else is refused with a reason. */
export function parseRecurrence(rule: string): RecurrenceParse {
  const parts = new Map<string, string>();
  for (const part of rule.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, reason: `"${part}" is not a NAME=VALUE part` };
    const name = part.slice(0, eq);
    if (parts.has(name)) return { ok: false, reason: `${name} appears twice` };
    parts.set(name, part.slice(eq + 1));
  }
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY') return { ok: false, reason: `FREQ=${freq ?? '(missing)'} cannot be evaluated; ${SUPPORTED}` };
  const unknown = [...parts.keys()].filter((k) => !['FREQ', 'INTERVAL', 'BYDAY'].includes(k));
  if (unknown.length > 0) return { ok: false, reason: `${unknown.join(', ')} cannot be evaluated; ${SUPPORTED}` };
  const intervalText = parts.get('INTERVAL') ?? '1';
  if (!/^[1-9]\d{0,2}$/.test(intervalText)) return { ok: false, reason: `INTERVAL=${intervalText} must be a whole number from 1 to 999` };
  const byDayText = parts.get('BYDAY');
  let byDay: number[] | undefined;
  if (byDayText !== undefined) {
    const days = byDayText.split(',');
    const bad = days.filter((d) => !(WEEKDAYS as readonly string[]).includes(d));
    if (bad.length > 0) return { ok: false, reason: `BYDAY=${byDayText}: ${bad.join(', ')} must be one of ${WEEKDAYS.join(', ')} (no ordinals)` };
    byDay = [...new Set(days.map((d) => (WEEKDAYS as readonly string[]).indexOf(d)))].sort();
  }
  return { ok: true, recurrence: { freq, interval: Number(intervalText), ...(byDay ? { byDay } : {}) } };
}

/** Length in days after which a recurrence repeats exactly. */
export function periodDays(r: Recurrence): number {
  if (r.freq === 'WEEKLY') return 7 * r.interval;
  if (!r.byDay) return r.interval;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return (r.interval * 7) / gcd(r.interval, 7);
}

/** A half-open interval `[start, end)` in milliseconds. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Monday 00:00 UTC of the week holding `ms` (RFC 5545's default week start). */
function weekStart(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 -> weekday 4; Monday-based index = (weekday + 6) % 7.
  const mondayIndex = (((day + 4) % 7) + 6) % 7;
  return (day - mondayIndex) * DAY_MS;
}

/** Window occurrences `[s, s + duration)` of `r` from `dtstart`, starting before `until`. */
export function occurrences(r: Recurrence, dtstart: number, duration: number, until: number): Span[] {
  const out: Span[] = [];
  const firstWeek = weekStart(dtstart);
  const startDay = new Date(dtstart).getUTCDay();
  for (let k = 0; dtstart + k * DAY_MS < until; k += 1) {
    const start = dtstart + k * DAY_MS;
    const weekday = (startDay + k) % 7;
    const inStep =
      r.freq === 'DAILY' ? k % r.interval === 0 : Math.round((weekStart(start) - firstWeek) / (7 * DAY_MS)) % r.interval === 0;
    const onDay = r.byDay ? r.byDay.includes(weekday) : r.freq === 'DAILY' || weekday === startDay;
    if (inStep && onDay) out.push({ start, end: start + duration });
  }
  return out;
}

/** Sorted, overlapping or touching spans joined into contiguous ones. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push({ ...s });
  }
  return out;
}

/** How availability is counted: over a rolling window, only contiguous blocks of at least `minBlockMs`. */
export interface AvailabilityRule {
  /** Length of the rolling window. */
  readonly windowMs: number;
  /** Shortest contiguous block that counts. */
  readonly minBlockMs: number;
}

/**
 * Availability in `[t, t + window]`: each merged block contributes its overlap with the window when that overlap
 * is at least the minimum block. `side` asks for the limit just after (1) or just before (-1) `t`; at a block
 * whose overlap is exactly the minimum, the limit depends on whether the overlap is growing or shrinking.
 */
function availabilityAt(blocks: readonly Span[], rule: AvailabilityRule, t: number, side: -1 | 0 | 1): number {
  const windowEnd = t + rule.windowMs;
  let total = 0;
  for (const b of blocks) {
    const overlap = Math.min(b.end, windowEnd) - Math.max(b.start, t);
    if (overlap <= 0 || overlap < rule.minBlockMs) continue;
    if (overlap > rule.minBlockMs || side === 0) {
      total += overlap;
      continue;
    }
    const inside = (x: number): boolean => (side === 1 ? b.start <= x && x < b.end : b.start < x && x <= b.end);
    const slope = (inside(windowEnd) ? 1 : 0) - (inside(t) ? 1 : 0);
    if (side === 1 ? slope >= 0 : slope <= 0) total += overlap;
  }
  return total;
}

/**
 * The least availability of any rolling window starting in `[from, to]`, exactly: availability is piecewise
 * linear in the window's start, so its infimum is a one-sided limit at one of the points where a block enters,
 * leaves, or crosses the minimum block length.
 */
export function worstAvailability(blocks: readonly Span[], rule: AvailabilityRule, from: number, to: number): number {
  const w = rule.windowMs;
  const m = rule.minBlockMs;
  const candidates = new Set<number>([from, to]);
  for (const b of blocks) {
    for (const t of [b.start, b.end, b.start - w, b.end - w, b.end - m, b.start + m - w]) {
      if (t >= from && t <= to) candidates.add(t);
    }
  }
  let worst = Number.POSITIVE_INFINITY;
  for (const t of candidates) {
    for (const side of [-1, 0, 1] as const) {
      if ((side === -1 && t === from) || (side === 1 && t === to)) continue;
      worst = Math.min(worst, availabilityAt(blocks, rule, t, side));
    }
  }
  return worst;
}

/** The worst availability a recurring window gives, once the recurrence has settled into its period. */
export function worstRecurringAvailability(r: Recurrence, dtstart: number, duration: number, rule: AvailabilityRule): number {
  const period = periodDays(r) * DAY_MS;
  // Start far enough after DTSTART that every block overlapping a window comes from the recurrence itself.
  const from = dtstart + (Math.ceil(duration / period) + 1) * period;
  const until = from + 2 * period + rule.windowMs + duration;
  const blocks = mergeSpans(occurrences(r, dtstart, duration, until));
  return worstAvailability(blocks, rule, from, from + period);
}

/** The worst time left outside `excluded` spans in any rolling window (non-recurring: every start is checked). */
export function worstUnexcludedTime(excluded: readonly Span[], rule: AvailabilityRule): number {
  if (excluded.length === 0) return rule.windowMs;
  const merged = mergeSpans(excluded);
  const first = merged[0].start - rule.windowMs - DAY_MS;
  const last = merged[merged.length - 1].end + rule.windowMs + DAY_MS;
  const free: Span[] = [];
  let cursor = first;
  for (const s of merged) {
    if (s.start > cursor) free.push({ start: cursor, end: s.start });
    cursor = Math.max(cursor, s.end);
  }
  free.push({ start: cursor, end: last });
  return worstAvailability(free, rule, merged[0].start - rule.windowMs, merged[merged.length - 1].end);
}
