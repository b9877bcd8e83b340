/**
 * @module inspect/entropy/window-entropy
 * Entropy of the input fingerprints of one window of requests: H = −Σ pᵢ·log₂ pᵢ over the
 * distinct fingerprints' frequencies (shared/math `entropy`), and H / log₂ n, which is 1 when
 * all n fingerprints differ and 0 when they are all the same, so windows of different sizes
 * compare. The detection engine computes it per window; the baseline builder records its
 * distribution over the baseline's windows.
 */
import { entropy } from '../../shared/math/index.js';

/** The entropy of one window's fingerprints. */
export interface WindowEntropy {
  /** Fingerprints in the window. */
  readonly n: number;
  readonly distinct: number;
  /** Bits, in [0, log2(n)]. */
  readonly entropy: number;
  /** entropy / log2(n), in [0, 1]; 0 for a window of one. */
  readonly normalized: number;
}

/**
 * Entropy of a window's fingerprints; undefined for an empty window.
 *
 * @example
 * windowEntropy([1, 2, 3, 4]); // { n: 4, distinct: 4, entropy: 2, normalized: 1 }
 * windowEntropy([7, 7, 7, 7]); // { n: 4, distinct: 1, entropy: 0, normalized: 0 }
 */
export function windowEntropy(fingerprints: ArrayLike<number>): WindowEntropy | undefined {
  const n = fingerprints.length;
  if (n === 0) return undefined;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const f = fingerprints[i] as number;
    counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const h = entropy([...counts.values()]);
  const bits = h.ok ? Math.max(0, h.entropy) : 0;
  return { n, distinct: counts.size, entropy: bits, normalized: n > 1 ? Math.min(1, bits / Math.log2(n)) : 0 };
}
