/**
 * A small immutable duration value type for the judge's settings: written as `'30s'`, `'15m'`, `'1h30m'` (whole
 * hours, minutes, seconds, in that order) in JSON and webhook metadata; held as whole seconds. Nothing is rounded:
 * text that does not parse is a validation problem.
 */

const PATTERN = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** The rule a duration must follow, as error messages show it. */
export const DURATION_RULE = 'must be a duration such as "30s", "15m" or "1h30m" (whole hours, minutes and seconds, in that order)';

/** A length of time in whole seconds. */
export class Duration {
  /** `n` seconds. @throws RangeError unless n is a whole number >= 0 */
  static seconds(n: number): Duration {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Duration.seconds: ${n} must be a whole number of seconds >= 0`);
    return new Duration(n);
  }

  /** `n` minutes. */
  static minutes(n: number): Duration {
    return Duration.seconds(n * 60);
  }

  /** `n` hours. */
  static hours(n: number): Duration {
    return Duration.seconds(n * 3600);
  }

  /** Parses `'90s'`, `'15m'`, `'1h30m'`; `undefined` when the text does not follow {@link DURATION_RULE}. */
  static tryParse(text: string): Duration | undefined {
    const match = PATTERN.exec(text);
    if (match === null || text === '') return undefined;
    const [, h, m, s] = match;
    return new Duration(Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0));
  }

  /** Like {@link tryParse}, but throws. @throws RangeError naming the text and the rule */
  static parse(text: string): Duration {
    const parsed = Duration.tryParse(text);
    if (parsed === undefined) throw new RangeError(`${JSON.stringify(text)} ${DURATION_RULE}`);
    return parsed;
  }

  /** True for Duration instances. */
  static isDuration(value: unknown): value is Duration {
    return value instanceof Duration;
  }

  private constructor(private readonly totalSeconds: number) {}

  /** Length in seconds. */
  toSeconds(): number {
    return this.totalSeconds;
  }

  /** Canonical text: `1h30m`, `15s`, `0s`; also what PromQL accepts in a range or subquery. */
  toString(): string {
    const h = Math.floor(this.totalSeconds / 3600);
    const m = Math.floor((this.totalSeconds % 3600) / 60);
    const s = this.totalSeconds % 60;
    const text = `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
    return text === '' ? '0s' : text;
  }

  /** The canonical text, so JSON shows `"30m"`. */
  toJSON(): string {
    return this.toString();
  }
}
