/**
 * @module redteam/report/svg-chart
 * The security curve as inline SVG (no script, no external asset): accuracy against ε,
 * one line per attack with its points and, when given, a band for each point's 95%
 * interval; axes with round ticks and a legend. Pure string building.
 */
import { xmlEscape } from './junit.js';

/** One line of the chart. */
export interface Series {
  readonly label: string;
  /** [x, y, low, high] with y (and its interval) in [0, 1]. */
  readonly points: readonly (readonly [number, number, number?, number?])[];
}

/** Colours of the lines, in order (colour-blind-safe Okabe–Ito palette). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Round tick values covering [0, max]. */
function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(10)));
  return out;
}

/** Short tick labels: 0.05, 2, 20k, 1.5M. */
const fmt = (v: number): string => {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
};

/**
 * An SVG line chart of accuracy (y, 0–100%) against ε (x).
 *
 * @example
 * renderCurve([{ label: 'pgd', points: [[0, 0.95], [0.1, 0.45]] }], 'ε (L∞)', 'robust accuracy');
 */
export function renderCurve(series: readonly Series[], xLabel: string, yLabel: string): string {
  const W = 560;
  const H = 300;
  const m = { left: 52, right: 24, top: 12, bottom: 44 };
  const plotW = W - m.left - m.right;
  const plotH = H - m.top - m.bottom;
  const xMax = Math.max(1e-12, ...series.flatMap((s) => s.points.map((p) => p[0])));
  const xTicks = ticks(xMax);
  const xTop = Math.max(xMax, xTicks.at(-1) as number);
  const x = (v: number): number => m.left + (v / xTop) * plotW;
  const y = (v: number): number => m.top + (1 - v) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 22 * Math.ceil(series.length / 3)}" role="img" aria-label="${xmlEscape(`${yLabel} against ${xLabel}`)}" class="curve">`,
    `<rect x="${m.left}" y="${m.top}" width="${plotW}" height="${plotH}" fill="#fafafa" stroke="#ccc"/>`,
  ];
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="#e4e4e4"/>`, `<text x="${m.left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${Math.round(t * 100)}%</text>`);
  }
  for (const t of xTicks) parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${m.top + plotH}" y2="${m.top + plotH + 4}" stroke="#888"/>`, `<text x="${x(t)}" y="${m.top + plotH + 16}" text-anchor="middle" font-size="11">${fmt(t)}</text>`);
  parts.push(
    `<text x="${m.left + plotW / 2}" y="${m.top + plotH + 34}" text-anchor="middle" font-size="12">${xmlEscape(xLabel)}</text>`,
    `<text transform="translate(14 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="12">${xmlEscape(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    const band = pts.filter((p) => p[2] !== undefined && p[3] !== undefined);
    if (band.length > 1) {
      const upper = band.map((p) => `${x(p[0]).toFixed(1)},${y(p[3] as number).toFixed(1)}`);
      const lower = [...band].reverse().map((p) => `${x(p[0]).toFixed(1)},${y(p[2] as number).toFixed(1)}`);
      parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}" fill-opacity="0.12" stroke="none"/>`);
    }
    parts.push(`<polyline points="${pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of pts) parts.push(`<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="3" fill="${colour}"><title>${xmlEscape(`${s.label}: ε=${fmt(p[0])}, ${(100 * p[1]).toFixed(1)}%`)}</title></circle>`);
    const lx = m.left + (i % 3) * 170;
    const ly = H + 6 + 22 * Math.floor(i / 3);
    parts.push(`<rect x="${lx}" y="${ly}" width="14" height="4" fill="${colour}"/>`, `<text x="${lx + 20}" y="${ly + 6}" font-size="12">${xmlEscape(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
