/**
 * @module inspect/baseline/grid
 * The FIXED histogram edges of baseline profiles, chosen by signal name and value type, so
 * that profiles built on different replicas have identical edges and merge by adding
 * counts (quantile edges would differ per replica). Layout as `shared/math/histogram`:
 * `edges.length + 1` bins, bin i holds e₍i−1₎ < x ≤ eᵢ.
 *
 * | signals | edges |
 * |---|---|
 * | booleans | [0.5] (false, true) |
 * | scores and probabilities in [0, 1] (`*_score`, `confidence`, `margin`, normalised entropies) | 0.05, 0.10, …, 0.95 |
 * | `byte_entropy` (bits per byte) | 0.5, 1.0, …, 7.5 |
 * | other entropies in bits (`token_entropy`, window entropy) | 0.5, 1.0, …, 15.5 |
 * | everything else (latencies, sizes, counts, distances, features) | 0, ±10^(k/4) for k = −8…24 (0.01 … 10⁶, four bins per decade) |
 */

const range = (from: number, to: number, step: number): number[] => {
  const out: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i++) out.push(Math.round((from + i * step) * 1e9) / 1e9);
  return out;
};

/** Two bins: false, true. */
export const BOOLEAN_EDGES: readonly number[] = Object.freeze([0.5]);
/** Twenty bins over [0, 1]. */
export const UNIT_EDGES: readonly number[] = Object.freeze(range(0.05, 0.95, 0.05));
/** Sixteen bins over 0–8 bits per byte. */
export const BYTE_ENTROPY_EDGES: readonly number[] = Object.freeze(range(0.5, 7.5, 0.5));
/** Thirty-two bins over 0–16 bits. */
export const BITS_EDGES: readonly number[] = Object.freeze(range(0.5, 15.5, 0.5));
const MAGNITUDES = range(-8, 24, 1).map((k) => Number((10 ** (k / 4)).toPrecision(6)));
/** Symmetric logarithmic grid, four bins per decade from 0.01 to 10⁶, for values of unknown scale. */
export const LOG_EDGES: readonly number[] = Object.freeze([...MAGNITUDES.map((m) => -m).reverse(), 0, ...MAGNITUDES]);

const UNIT_SIGNALS = new Set(['confidence', 'margin', 'entropy_normalized']);

/**
 * The edges of a signal's histogram.
 *
 * @example
 * edgesFor('prompt_injection', true);        // BOOLEAN_EDGES
 * edgesFor('prompt_injection_score', false); // UNIT_EDGES
 * edgesFor('latency_ms', false);             // LOG_EDGES
 */
export function edgesFor(signal: string, isBoolean: boolean): readonly number[] {
  if (isBoolean) return BOOLEAN_EDGES;
  if (signal.endsWith('_score') || UNIT_SIGNALS.has(signal)) return UNIT_EDGES;
  if (signal === 'byte_entropy') return BYTE_ENTROPY_EDGES;
  if (signal.endsWith('entropy')) return BITS_EDGES;
  return LOG_EDGES;
}
