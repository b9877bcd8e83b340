/**
 * @module inspect/ood/linalg
 * The little dense linear algebra the OOD inspector needs, on row-major Float64Arrays:
 * Cholesky factorisation of a symmetric positive-definite matrix, the inverse from it, and
 * the quadratic form (x − μ)ᵀ·P·(x − μ). Pure; O(p³) once at load, O(p²) per row.
 */

/**
 * Lower-triangular L with A = L·Lᵀ, or undefined when A is not positive definite.
 *
 * @example
 * Array.from(cholesky(Float64Array.of(4, 2, 2, 3), 2)!); // [2, 0, 1, 1.4142135623730951]
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number;
    for (let k = 0; k < j; k++) d -= (l[j * n + k] as number) ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return undefined;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * A⁻¹ from A's Cholesky factor L (A⁻¹ = L⁻ᵀ·L⁻¹), symmetric, row-major.
 *
 * @example
 * Array.from(inverseFromCholesky(cholesky(Float64Array.of(4, 0, 0, 9), 2)!, 2)); // [0.25, 0, 0, 0.1111111111111111]
 */
export function inverseFromCholesky(l: Float64Array, n: number): Float64Array {
  // Inverse of L (lower triangular) by forward substitution, column by column.
  const li = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    li[c * n + c] = 1 / (l[c * n + c] as number);
    for (let i = c + 1; i < n; i++) {
      let s = 0;
      for (let k = c; k < i; k++) s -= (l[i * n + k] as number) * (li[k * n + c] as number);
      li[i * n + c] = s / (l[i * n + i] as number);
    }
  }
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += (li[k * n + i] as number) * (li[k * n + j] as number);
      inv[i * n + j] = s;
      inv[j * n + i] = s;
    }
  }
  return inv;
}

/**
 * (x − μ)ᵀ·P·(x − μ) for a symmetric P; `scratch` (length n) avoids an allocation per row.
 *
 * @example
 * quadraticForm(Float64Array.of(0.25, 0, 0, 1), [0, 0], [2, 1], 2, new Float64Array(2)); // 2
 */
export function quadraticForm(p: Float64Array, mean: ArrayLike<number>, x: ArrayLike<number>, n: number, scratch: Float64Array): number {
  for (let i = 0; i < n; i++) scratch[i] = (x[i] as number) - (mean[i] as number);
  let q = 0;
  for (let i = 0; i < n; i++) {
    const di = scratch[i] as number;
    let row = 0;
    for (let j = 0; j < n; j++) row += (p[i * n + j] as number) * (scratch[j] as number);
    q += di * row;
  }
  return q;
}
