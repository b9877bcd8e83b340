/**
 * @module dashboard/components/heatmap
 * The signal × model heatmap as a table: one row per signal, one column per model, each
 * cell the number of anomalies in the window, shaded by count (the number is always
 * written, so colour is not the only cue).
 */
import type { Heatmap } from '../lib/heatmap';
import { formatTime } from '../lib/format';

function level(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}

export function HeatmapTable({ heatmap, caption }: { readonly heatmap: Heatmap; readonly caption: string }) {
  return (
    <table className="table heatmap">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Signal</th>
          {heatmap.models.map((m) => (
            <th key={m} scope="col" className="num">
              {m}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {heatmap.signals.map((signal) => (
          <tr key={signal}>
            <th scope="row">
              <code>{signal}</code>
            </th>
            {heatmap.models.map((m) => {
              const cell = heatmap.cells[signal]?.[m];
              const count = cell?.count ?? 0;
              return (
                <td key={m} className={`num heat heat-${level(count, heatmap.max)}`} title={cell?.lastAt == null ? 'no anomaly' : `last at ${formatTime(cell.lastAt)} (worst severity ${cell.severity ?? '–'})`}>
                  {count}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
