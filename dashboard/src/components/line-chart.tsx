/**
 * @module dashboard/components/line-chart
 * A uPlot time chart in a <figure>: the canvas is drawn for sighted users, and a caption
 * plus an aria-label summary say what it shows. It follows its container's width.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/** Series colours, each ≥ 4.5:1 against white. */
export const SERIES_COLOURS = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#0e7490'];

export interface ChartSeries {
  readonly label: string;
}

export interface LineChartProps {
  readonly caption: string;
  /** What the chart shows, in words (read instead of the canvas). */
  readonly summary: string;
  /** x in seconds since the epoch, then one array per series. */
  readonly x: readonly number[];
  readonly y: readonly (readonly (number | null)[])[];
  readonly series: readonly ChartSeries[];
  readonly yLabel: string;
  readonly height?: number;
}

export function LineChart({ caption, summary, x, y, series, yLabel, height = 220 }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      // A little room either side, and a minute's span for a single point (uPlot would pick years).
      scales: { x: { time: true, range: (_u, min, max) => (min === max ? [min - 60, max + 60] : [min - (max - min) * 0.03, max + (max - min) * 0.03]) }, y: { range: (_u, _min, max) => [0, max <= 0 ? 1 : max * 1.1] } },
      axes: [{ stroke: '#334155', grid: { stroke: '#e2e8f0' } }, { label: yLabel, stroke: '#334155', grid: { stroke: '#e2e8f0' } }],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: SERIES_COLOURS[i % SERIES_COLOURS.length] as string,
          width: 2,
          spanGaps: true,
          points: { show: true, size: 7 },
        })),
      ],
      // The legend is ours (below): a plain list, readable without the canvas.
      legend: { show: false },
    };
    const plot = new uPlot(opts, [x as number[], ...y.map((s) => s as (number | null)[])] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, y, series, yLabel, height]);
  return (
    <figure className="chart">
      <figcaption>{caption}</figcaption>
      <div ref={box} role="img" aria-label={summary} className="chart-canvas" />
      <ul className="legend" aria-label="series">
        {series.map((s, i) => (
          <li key={s.label}>
            <span className="swatch" data-colour={i % SERIES_COLOURS.length} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
