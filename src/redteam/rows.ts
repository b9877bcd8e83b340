/**
 * @module redteam/rows
 * Gathering and scattering rows of flat row-major batches, for attacks that keep working
 * only on the samples that are not done yet (and are charged queries only for those).
 */

/**
 * Copies rows `rows[k]` of `src` into consecutive rows of `dst`; returns the filled view.
 *
 * @example
 * const active = gatherRows(adv, 784, Int32Array.of(3, 7), scratch); // 2 × 784 values
 */
export function gatherRows(src: Float32Array, features: number, rows: Int32Array, dst: Float32Array): Float32Array {
  for (let k = 0; k < rows.length; k++) {
    const from = (rows[k] as number) * features;
    dst.set(src.subarray(from, from + features), k * features);
  }
  return dst.subarray(0, rows.length * features);
}

/**
 * Copies consecutive rows of `src` back to rows `rows[k]` of `dst`.
 *
 * @example
 * scatterRows(active, 784, Int32Array.of(3, 7), adv);
 */
export function scatterRows(src: Float32Array, features: number, rows: Int32Array, dst: Float32Array): void {
  for (let k = 0; k < rows.length; k++) dst.set(src.subarray(k * features, (k + 1) * features), (rows[k] as number) * features);
}

/**
 * The indices `i` in [0, n) for which `keep(i)` holds.
 *
 * @example
 * selectRows(4, (i) => i % 2 === 0); // Int32Array [0, 2]
 */
export function selectRows(n: number, keep: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Int32Array.from(out);
}
