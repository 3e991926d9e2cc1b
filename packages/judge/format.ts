/** Number formatting for verdict explanations: short, exact enough, never "NaN" or "Infinity". */

/** A percentage of `part` in `whole`, e.g. `4.8%`, `0.41%`, `0%`; `n/a` without a whole. */
export function percent(part: number, whole: number): string {
  if (!(whole > 0)) return 'n/a';
  const p = (100 * part) / whole;
  if (p === 0) return '0%';
  if (p >= 10) return `${p.toFixed(1)}%`;
  if (p >= 1) return `${p.toFixed(1)}%`;
  return `${p.toPrecision(2)}%`;
}

/** An e-value: `412`, `3.7`, `0.31`, `1.2e+5`; `∞` when it overflowed. */
export function eValue(e: number): string {
  if (e === Number.POSITIVE_INFINITY) return '∞';
  if (!Number.isFinite(e)) return 'n/a';
  if (e >= 1e5) return e.toExponential(1).replace('e+', 'e+');
  if (e >= 100) return Math.round(e).toString();
  return Number(e.toPrecision(2)).toString();
}

/** A count of requests: whole numbers (Prometheus counts are whole; planning rounds up). */
export function count(n: number): string {
  if (n === Number.POSITIVE_INFINITY) return 'unbounded';
  return Math.round(n).toString();
}

/** Milliseconds, e.g. `52ms`, `1.3ms`, `n/a`. */
export function ms(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  return value >= 10 ? `${Math.round(value)}ms` : `${Number(value.toPrecision(2))}ms`;
}

/** A duration in seconds as `45s`, `12m`, `1h05m`. */
export function seconds(s: number): string {
  const total = Math.max(0, Math.round(s));
  if (total < 120) return `${total}s`;
  const minutes = Math.round(total / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** A finite number or null (JSON has no Infinity or NaN). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
