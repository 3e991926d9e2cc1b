import { VARIANT_LABELS } from './labels';
import type { CellResult } from './types';
import { VARIANT_IDS } from './types';

/** Size of the plot and its margins, in SVG user units. */
const WIDTH = 760;
const HEIGHT = 500;
const MARGIN = { left: 80, right: 24, top: 40, bottom: 64 } as const;

/** Escapes text for use inside SVG elements and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The decades `[10^lo, 10^hi]` that enclose every value (at least one decade wide). */
export function decadeRange(values: readonly number[]): { lo: number; hi: number } {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { lo: 0, hi: 1 };
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  let hi = Math.ceil(Math.log10(Math.max(...positive)));
  if (hi <= lo) hi = lo + 1;
  return { lo, hi };
}

/** Maps a value onto `[start, end]` pixels on a log10 axis spanning decades `lo..hi`. */
export function logScale(value: number, lo: number, hi: number, start: number, end: number): number {
  return start + ((Math.log10(value) - lo) / (hi - lo)) * (end - start);
}

/** Human label for a power of ten: 1, 10, 100, 1k, 10k, 100k, 1M; below 1: 0.1, 0.01. */
export function decadeLabel(exponent: number): string {
  if (exponent < 0) return (10 ** exponent).toFixed(-exponent);
  if (exponent >= 6) return `${10 ** (exponent - 6)}M`;
  if (exponent >= 3) return `${10 ** (exponent - 3)}k`;
  return String(10 ** exponent);
}

/** Label for a decade of milliseconds: `0.1 ms`, `10 ms`, `1 s`, `100 s`. */
export function decadeTimeLabel(exponent: number): string {
  if (exponent >= 3) return `${10 ** (exponent - 3)} s`;
  return `${exponent < 0 ? (10 ** exponent).toFixed(-exponent) : 10 ** exponent} ms`;
}

/**
 * Draws median time against N on log-log axes, one line with markers per per-size variant, with a legend and
 * axis labels. Pure: same cells, same bytes.
 */
export function plotSvg(cells: readonly CellResult[], title = 'Render time vs number of services (log-log)'): string {
  const series = VARIANT_IDS.filter((v) => VARIANT_LABELS[v].perSize)
    .map((variant) => ({ variant, points: cells.filter((c) => c.variant === variant).sort((a, b) => a.n - b.n) }))
    .filter((s) => s.points.length > 0);
  const all = series.flatMap((s) => s.points);
  const xr = decadeRange(all.map((c) => c.n));
  const yr = decadeRange(all.map((c) => c.medianMs));
  const x0 = MARGIN.left;
  const x1 = WIDTH - MARGIN.right;
  const y0 = HEIGHT - MARGIN.bottom;
  const y1 = MARGIN.top;
  const px = (n: number): number => round(logScale(n, xr.lo, xr.hi, x0, x1));
  const py = (ms: number): number => round(logScale(ms, yr.lo, yr.hi, y0, y1));

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  // Grid and tick labels: major lines at each decade, faint minor lines at 2..9 x 10^k.
  for (let e = xr.lo; e <= xr.hi; e++) {
    const x = px(10 ** e);
    out.push(`<line x1="${x}" y1="${y0}" x2="${x}" y2="${y1}" stroke="#cccccc"/>`);
    out.push(`<text x="${x}" y="${y0 + 18}" text-anchor="middle">${decadeLabel(e)}</text>`);
    if (e < xr.hi) for (let m = 2; m <= 9; m++) out.push(minorLine(px(m * 10 ** e), y0, px(m * 10 ** e), y1));
  }
  for (let e = yr.lo; e <= yr.hi; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="#cccccc"/>`);
    out.push(`<text x="${x0 - 8}" y="${y + 4}" text-anchor="end">${decadeTimeLabel(e)}</text>`);
    if (e < yr.hi) for (let m = 2; m <= 9; m++) out.push(minorLine(x0, py(m * 10 ** e), x1, py(m * 10 ** e)));
  }
  out.push(`<rect x="${x0}" y="${y1}" width="${x1 - x0}" height="${y0 - y1}" fill="none" stroke="#333333"/>`);
  out.push(`<text x="${(x0 + x1) / 2}" y="${HEIGHT - 18}" text-anchor="middle">services N (log scale)</text>`);
  out.push(
    `<text x="20" y="${(y0 + y1) / 2}" text-anchor="middle" transform="rotate(-90 20 ${(y0 + y1) / 2})">median time (log scale)</text>`,
  );

  for (const s of series) {
    const colour = VARIANT_LABELS[s.variant].colour;
    const pts = s.points.map((c) => `${px(c.n)},${py(c.medianMs)}`).join(' ');
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts}"/>`);
    for (const c of s.points) {
      out.push(
        `<circle cx="${px(c.n)}" cy="${py(c.medianMs)}" r="3.5" fill="${colour}"><title>${escapeXml(
          `${VARIANT_LABELS[s.variant].short}: N=${c.n}, ${c.medianMs.toFixed(1)} ms`,
        )}</title></circle>`,
      );
    }
  }

  // Legend in the bottom-right corner of the plot area: time grows with N, so that corner stays empty.
  const legendHeight = series.length * 18 + 10;
  const lx = x1 - 262;
  const ly = y0 - 12 - legendHeight;
  out.push(`<rect x="${lx}" y="${ly}" width="250" height="${legendHeight}" fill="#ffffff" fill-opacity="0.9" stroke="#999999"/>`);
  series.forEach((s, i) => {
    const y = ly + 17 + i * 18;
    const colour = VARIANT_LABELS[s.variant].colour;
    out.push(`<line x1="${lx + 8}" y1="${y - 4}" x2="${lx + 32}" y2="${y - 4}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<circle cx="${lx + 20}" cy="${y - 4}" r="3.5" fill="${colour}"/>`);
    out.push(`<text x="${lx + 40}" y="${y}">${escapeXml(VARIANT_LABELS[s.variant].short)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function minorLine(xa: number, ya: number, xb: number, yb: number): string {
  return `<line x1="${xa}" y1="${ya}" x2="${xb}" y2="${yb}" stroke="#eeeeee"/>`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
