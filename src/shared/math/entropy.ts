/**
 * @module shared/math/entropy
 * Shannon entropy H = −Σ pᵢ·log pᵢ of a discrete distribution given as counts or probabilities
 * (normalised by their sum, 0·log 0 = 0), in bits (log₂) or nats (ln); and the entropy of a byte
 * string's byte histogram in bits per byte (0 for one repeated byte, 8 for uniform bytes), the
 * signal of the entropy inspector. Same definition as SciPy's `scipy.stats.entropy`.
 */
import type { Unmeasurable } from './outcome.js';
import { unmeasurable } from './outcome.js';
import { at, checkArray } from './validate.js';

/** Logarithm base of an information quantity: `bits` = log₂, `nats` = ln. */
export type InformationUnit = 'bits' | 'nats';

export interface EntropyValue {
  readonly ok: true;
  /** H in the requested unit, in [0, log(k)] for k categories. */
  readonly entropy: number;
}

/**
 * Entropy of the distribution proportional to `weights`. `{ ok: false, reason: 'zero-total' }`
 * when the weights sum to 0 (an empty window); throws a `RangeError` for a negative or
 * non-finite weight.
 *
 * @example
 * entropy([1, 1, 1, 1]);            // { ok: true, entropy: 2 }
 * entropy([0.5, 0.25, 0.25]);       // { ok: true, entropy: 1.5 }
 * entropy([9, 1], 'nats');          // { ok: true, entropy: 0.3250829733914482 }
 */
export function entropy(weights: ArrayLike<number>, unit: InformationUnit = 'bits'): EntropyValue | Unmeasurable {
  checkArray('entropy', 'weights', weights, true);
  checkUnit('entropy', unit);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += at(weights, i);
  if (total === 0) return unmeasurable('zero-total', 'entropy: weights sum to 0');
  return { ok: true, entropy: entropyOfTotal(weights, total, unit) };
}

/** −Σ (w/total)·log(w/total) without re-validation; shared with Jensen–Shannon. */
export function entropyOfTotal(weights: ArrayLike<number>, total: number, unit: InformationUnit): number {
  let h = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = at(weights, i);
    if (w > 0) {
      const p = w / total;
      h -= p * Math.log(p);
    }
  }
  return unit === 'bits' ? h / Math.LN2 : h;
}

export function checkUnit(fn: string, unit: string): void {
  if (unit !== 'bits' && unit !== 'nats') throw new RangeError(`${fn}: unit must be 'bits' or 'nats', got ${String(unit)}`);
}

// Scratch histogram for byteEntropy: per-request code, so no allocation per call (JS is single
// threaded and the function does not re-enter).
const BYTE_COUNTS = new Float64Array(256);

/**
 * Entropy of the byte histogram of `bytes`, in bits per byte (0..8). An empty array has entropy
 * 0 by convention: callers that must tell "empty" from "constant" check the length.
 *
 * @example
 * byteEntropy(new TextEncoder().encode('aaaa'));     // 0
 * byteEntropy(new TextEncoder().encode('abcd'));     // 2
 * byteEntropy(Uint8Array.from({ length: 256 }, (_, i) => i)); // 8
 */
export function byteEntropy(bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('byteEntropy: bytes must be a Uint8Array');
  const n = bytes.length;
  if (n === 0) return 0;
  const counts = BYTE_COUNTS;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    counts[b] = (counts[b] as number) + 1;
  }
  let h = 0;
  for (let b = 0; b < 256; b++) {
    const c = counts[b] as number;
    if (c > 0) {
      const p = c / n;
      h -= p * Math.log2(p);
      counts[b] = 0;
    }
  }
  return h;
}
