/**
 * @module dashboard/lib/heatmap
 * The on-call signal heatmap: anomalies of the last hour counted by signal and model. The
 * signal of an anomaly is the first measurement its rule's condition names
 * (`rate(shadow_disagree) > …` → `rate(shadow_disagree)`), so two rules on the same signal
 * share a row; a condition without one falls back to the rule id. Pure.
 */
import type { Anomaly } from '../api/openapi-types';

/**
 * @example
 * signalOf({ condition: 'entropy_normalized(input_fingerprint) < min(0.95, baseline.p01)', rule: 'entropy-collapse' }); // 'entropy_normalized(input_fingerprint)'
 */
export function signalOf(anomaly: Pick<Anomaly, 'condition' | 'rule'>): string {
  const call = /\b([a-z_][a-z0-9_]*)\(([a-z_][a-z0-9_.]*)\)/i.exec(anomaly.condition ?? '');
  if (call !== null && !/^(max|min|abs)$/i.test(call[1] as string)) return `${call[1]}(${call[2]})`;
  return anomaly.rule;
}

export interface HeatCell {
  readonly count: number;
  readonly lastAt: number | null;
  /** Worst severity seen in the cell. */
  readonly severity: Anomaly['severity'] | null;
}

export interface Heatmap {
  readonly signals: readonly string[];
  readonly models: readonly string[];
  /** cells[signal][model] */
  readonly cells: Readonly<Record<string, Readonly<Record<string, HeatCell>>>>;
  readonly max: number;
}

const RANK: Readonly<Record<Anomaly['severity'], number>> = { soft: 0, ticket: 1, page: 2 };

/**
 * Counts anomalies detected in [now − windowMs, now] by signal × model; every model in
 * `models` gets a column even without anomalies.
 *
 * @example
 * buildHeatmap(anomalies, ['fraud'], Date.now()).cells['rate(shadow_disagree)']?.['fraud']?.count; // 3
 */
export function buildHeatmap(anomalies: readonly Anomaly[], models: readonly string[], now: number, windowMs = 3_600_000): Heatmap {
  const cells: Record<string, Record<string, { count: number; lastAt: number | null; severity: Anomaly['severity'] | null }>> = {};
  const modelSet = new Set(models);
  let max = 0;
  for (const a of anomalies) {
    if (a.detectedAt < now - windowMs || a.detectedAt > now + 60_000) continue;
    modelSet.add(a.model);
    const row = (cells[signalOf(a)] ??= {});
    const cell = (row[a.model] ??= { count: 0, lastAt: null, severity: null });
    cell.count++;
    cell.lastAt = Math.max(cell.lastAt ?? 0, a.detectedAt);
    if (cell.severity === null || RANK[a.severity] > RANK[cell.severity]) cell.severity = a.severity;
    max = Math.max(max, cell.count);
  }
  return { signals: Object.keys(cells).sort(), models: [...modelSet].sort(), cells, max };
}
