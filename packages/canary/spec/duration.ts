/**
 * A small immutable duration value type. Props accept a `Duration` or a strictly validated string such as
 * `'30s'`, `'1m'` or `'1m30s'`; the resolved spec always holds `Duration`s, and rendering writes the canonical
 * Go-style form (`time.ParseDuration` in Flagger, Istio and hey all read it; so does PromQL for range vectors).
 *
 * Nothing is ever rounded or clamped: a value that does not parse is a validation problem, not a fallback.
 */

const MS_PER = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

/** `1h`, `5m`, `30s`, `250ms` and concatenations in that order, such as `1m30s`; whole numbers only. */
const DURATION_PATTERN = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** The rule a duration string must follow, as shown in error messages. */
export const DURATION_RULE = 'must be a duration such as "30s", "1m" or "1m30s" (whole numbers of h, m, s or ms)';

/** A length of time with millisecond precision. Create with {@link Duration.seconds} and friends or {@link Duration.parse}. */
export class Duration {
  /** A duration of `hours` hours. */
  static hours(hours: number): Duration {
    return Duration.of(hours * MS_PER.h, `${hours}h`);
  }

  /** A duration of `minutes` minutes. */
  static minutes(minutes: number): Duration {
    return Duration.of(minutes * MS_PER.m, `${minutes}m`);
  }

  /** A duration of `seconds` seconds. */
  static seconds(seconds: number): Duration {
    return Duration.of(seconds * MS_PER.s, `${seconds}s`);
  }

  /** A duration of `millis` milliseconds. */
  static millis(millis: number): Duration {
    return Duration.of(millis, `${millis}ms`);
  }

  /**
   * Parses `'1h'`, `'5m'`, `'30s'`, `'250ms'` or a concatenation in that order (`'1m30s'`).
   * @throws Error naming the text and the rule when it does not parse
   */
  static parse(text: string): Duration {
    const parsed = Duration.tryParse(text);
    if (parsed === undefined) throw new Error(`${JSON.stringify(text)} ${DURATION_RULE}`);
    return parsed;
  }

  /** Like {@link Duration.parse} but returns `undefined` instead of throwing. */
  static tryParse(text: string): Duration | undefined {
    const match = DURATION_PATTERN.exec(text);
    if (match === null || text === '') return undefined;
    const [, h, m, s, ms] = match;
    const total =
      Number(h ?? 0) * MS_PER.h + Number(m ?? 0) * MS_PER.m + Number(s ?? 0) * MS_PER.s + Number(ms ?? 0) * MS_PER.ms;
    return Number.isSafeInteger(total) ? new Duration(total) : undefined;
  }

  /** True for `Duration` instances. */
  static isDuration(value: unknown): value is Duration {
    return value instanceof Duration;
  }

  private static of(ms: number, what: string): Duration {
    if (!Number.isFinite(ms) || ms < 0 || !Number.isSafeInteger(ms)) {
      throw new Error(`Duration ${what} must be a non-negative whole number of milliseconds`);
    }
    return new Duration(ms);
  }

  private constructor(private readonly ms: number) {}

  /** Length in milliseconds. */
  toMilliseconds(): number {
    return this.ms;
  }

  /** Length in seconds (may be fractional; see {@link isWholeSeconds}). */
  toSeconds(): number {
    return this.ms / MS_PER.s;
  }

  /** True when the duration is a whole number of seconds (Kubernetes `*Seconds` fields need one). */
  isWholeSeconds(): boolean {
    return this.ms % MS_PER.s === 0;
  }

  /** The canonical Go-style text: `'1m30s'`, `'30s'`, `'250ms'`, `'0s'`. */
  toString(): string {
    if (this.ms === 0) return '0s';
    let rest = this.ms;
    let out = '';
    for (const unit of ['h', 'm', 's', 'ms'] as const) {
      const n = Math.floor(rest / MS_PER[unit]);
      if (n > 0) out += `${n}${unit}`;
      rest -= n * MS_PER[unit];
    }
    return out;
  }

  /** Serialises as the canonical text, so JSON and snapshots read `"30s"`. */
  toJSON(): string {
    return this.toString();
  }
}
