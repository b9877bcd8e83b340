/**
 * @module models/onnx/gradcheck.contract
 * Central finite differences for gradient tests: estimates d loss / d x[i] for chosen
 * input coordinates with `(L(x + h·e_i) − L(x − h·e_i)) / 2h`. Test support only
 * (excluded from the build).
 */

/** Per-coordinate comparison of an analytic gradient with its estimate. */
export interface GradCheck {
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, floor). */
  readonly relError: number;
}

/**
 * The `count` coordinates with the largest |grad|: a gradient check on pixels whose
 * gradient is zero (dead ReLU, non-max pixel of a pool) would check nothing.
 *
 * @example
 * largestEntries(grad, 5); // [412, 97, …]
 */
export function largestEntries(grad: ArrayLike<number>, count: number, from = 0, to = grad.length): number[] {
  const idx = Array.from({ length: to - from }, (_, i) => i + from);
  return idx.sort((a, b) => Math.abs(grad[b] ?? 0) - Math.abs(grad[a] ?? 0)).slice(0, count);
}

/**
 * Compares `grad` with central differences of `loss` (the summed loss at an input).
 *
 * @example
 * const checks = await checkGradient((x) => lossOf(x), x, grad, [3, 10], 1e-2);
 */
export async function checkGradient(
  loss: (x: Float32Array) => Promise<number>,
  x: Float32Array,
  grad: ArrayLike<number>,
  indices: readonly number[],
  h: number,
  floor = 1e-3,
): Promise<GradCheck[]> {
  const out: GradCheck[] = [];
  for (const index of indices) {
    const plus = Float32Array.from(x);
    const minus = Float32Array.from(x);
    plus[index] = (plus[index] ?? 0) + h;
    minus[index] = (minus[index] ?? 0) - h;
    // Divide by the step actually taken after float32 rounding.
    const step = (plus[index] ?? 0) - (minus[index] ?? 0);
    const numeric = ((await loss(plus)) - (await loss(minus))) / step;
    const analytic = grad[index] ?? 0;
    const relError = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
    out.push({ index, analytic, numeric, relError });
  }
  return out;
}

/** A directional-derivative comparison. */
export interface DirectionalCheck {
  readonly analytic: number;
  readonly numeric: number;
  readonly relError: number;
  /** |analytic − numeric| / ‖grad‖: the error on the scale of the whole gradient, the
   * meaningful measure for a random direction (whose projection g·d is small). */
  readonly normError: number;
}

/**
 * Compares g·d with `(L(x + h·d) − L(x − h·d)) / 2h` for a unit direction `d` (default:
 * the gradient's own direction). Summing over every coordinate, it is robust to the
 * kinks (ReLU, max, clip) that a per-pixel difference can straddle in float32.
 *
 * @example
 * const { relError } = await checkDirectional(lossAt, x, grad, 1e-2);
 */
export async function checkDirectional(
  loss: (x: Float32Array) => Promise<number>,
  x: Float32Array,
  grad: ArrayLike<number>,
  h: number,
  direction?: ArrayLike<number>,
): Promise<DirectionalCheck> {
  const raw = direction ?? grad;
  const norm = Math.sqrt(Array.from(raw, (v) => v * v).reduce((a, b) => a + b, 0));
  const d = Array.from(raw, (v) => v / norm);
  const plus = Float32Array.from(x, (v, i) => v + h * (d[i] ?? 0));
  const minus = Float32Array.from(x, (v, i) => v - h * (d[i] ?? 0));
  const numeric = ((await loss(plus)) - (await loss(minus))) / (2 * h);
  const analytic = d.reduce((s, v, i) => s + v * (grad[i] ?? 0), 0);
  const gradNorm = Math.sqrt(Array.from(grad, (v) => v * v).reduce((a, b) => a + b, 0));
  const error = Math.abs(analytic - numeric);
  return { analytic, numeric, relError: error / Math.max(Math.abs(analytic), Math.abs(numeric), 1e-6), normError: error / Math.max(gradNorm, 1e-12) };
}
