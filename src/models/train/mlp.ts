/**
 * @module models/train/mlp
 * The classifier the trainers fit: a one-hidden-layer perceptron (Dense → ReLU → Dense)
 * or, with zero hidden units, multinomial logistic regression (one Dense layer). Weights
 * are Float64 and laid out as ONNX Gemm with `transB = 1` expects them (`[out, in]`,
 * row-major), so export is a cast to Float32. Pure.
 */
import type { Rng } from './rng.js';

/** Layer sizes of an {@link Mlp}. */
export interface MlpShape {
  readonly inputs: number;
  /** 0 = no hidden layer (logistic regression). */
  readonly hidden: number;
  readonly classes: number;
}

/** Weights of an {@link MlpShape}; `w1`/`b1` are empty when `hidden` is 0. */
export interface Mlp extends MlpShape {
  /** `[hidden, inputs]`. */
  readonly w1: Float64Array;
  readonly b1: Float64Array;
  /** `[classes, hidden || inputs]`. */
  readonly w2: Float64Array;
  readonly b2: Float64Array;
}

/**
 * Random initial weights: He-uniform for the layer after the inputs, Glorot-uniform for
 * the output layer, zero biases. Inputs whose `inputMask` entry is 0 get zero weights
 * (and the trainer keeps them at zero, so the model ignores those features).
 *
 * @example
 * const mlp = initMlp({ inputs: 64, hidden: 32, classes: 10 }, createRng(1));
 */
export function initMlp(shape: MlpShape, rng: Rng, inputMask?: Uint8Array): Mlp {
  const { inputs, hidden, classes } = shape;
  for (const [name, value, min] of [['inputs', inputs, 1], ['hidden', hidden, 0], ['classes', classes, 2]] as const) {
    if (!Number.isInteger(value) || value < min) throw new RangeError(`MLP ${name} must be an integer ≥ ${min}, got ${value}`);
  }
  const uniform = (count: number, limit: number): Float64Array => Float64Array.from({ length: count }, () => (2 * rng.next() - 1) * limit);
  const first = hidden > 0 ? hidden : classes;
  const w1 = hidden > 0 ? uniform(hidden * inputs, Math.sqrt(6 / inputs)) : new Float64Array(0);
  const w2 = hidden > 0 ? uniform(classes * hidden, Math.sqrt(6 / (hidden + classes))) : uniform(classes * inputs, Math.sqrt(6 / (inputs + classes)));
  if (inputMask !== undefined) zeroMaskedInputs(hidden > 0 ? w1 : w2, first, inputs, inputMask);
  return { inputs, hidden, classes, w1, b1: new Float64Array(hidden), w2, b2: new Float64Array(classes) };
}

/**
 * Sets `w[r, m] = 0` for every row r and every input m with `mask[m] === 0`.
 *
 * @example
 * zeroMaskedInputs(mlp.w1, mlp.hidden, mlp.inputs, Uint8Array.of(1, 0, 1)); // column 1 → 0
 */
export function zeroMaskedInputs(w: Float64Array, rows: number, inputs: number, mask: Uint8Array): void {
  for (let m = 0; m < inputs; m++) {
    if (mask[m] !== 0) continue;
    for (let r = 0; r < rows; r++) w[r * inputs + m] = 0;
  }
}

/**
 * Logits of every row of a row-major `n × inputs` matrix (already standardised), as a
 * row-major `n × classes` matrix.
 *
 * @example
 * const z = mlpLogits(mlp, x); // z.length === n * mlp.classes
 */
export function mlpLogits(mlp: Mlp, x: Float64Array): Float64Array {
  const { inputs, hidden, classes } = mlp;
  const n = x.length / inputs;
  const out = new Float64Array(n * classes);
  const h = new Float64Array(hidden);
  for (let i = 0; i < n; i++) {
    const row = x.subarray(i * inputs, (i + 1) * inputs);
    const z = out.subarray(i * classes, (i + 1) * classes);
    if (hidden > 0) {
      hiddenLayer(mlp, row, h);
      dense(mlp.w2, mlp.b2, h, z);
    } else {
      dense(mlp.w2, mlp.b2, row, z);
    }
  }
  return out;
}

/**
 * `h = relu(W1·x + b1)` for one standardised row.
 *
 * @example
 * hiddenLayer(mlp, row, new Float64Array(mlp.hidden));
 */
export function hiddenLayer(mlp: Mlp, x: Float64Array, h: Float64Array): void {
  dense(mlp.w1, mlp.b1, x, h);
  for (let j = 0; j < h.length; j++) if ((h[j] as number) < 0) h[j] = 0;
}

/**
 * `out = W·a + b` with W row-major `[out.length, a.length]`.
 *
 * @example
 * dense(Float64Array.of(1, 2), Float64Array.of(0.5), Float64Array.of(3, 4), out); // out[0] = 11.5
 */
export function dense(w: Float64Array, b: Float64Array, a: Float64Array, out: Float64Array): void {
  const width = a.length;
  for (let r = 0; r < out.length; r++) {
    let sum = b[r] as number;
    const base = r * width;
    for (let m = 0; m < width; m++) sum += (w[base + m] as number) * (a[m] as number);
    out[r] = sum;
  }
}

/**
 * Row-wise softmax of a row-major `n × classes` matrix (max-subtracted, so large logits
 * do not overflow), as a new matrix.
 *
 * @example
 * softmaxRows(Float64Array.of(0, 0), 2); // [0.5, 0.5]
 */
export function softmaxRows(logits: Float64Array, classes: number): Float64Array {
  const out = new Float64Array(logits.length);
  for (let base = 0; base < logits.length; base += classes) softmaxInto(logits.subarray(base, base + classes), out.subarray(base, base + classes));
  return out;
}

/**
 * `out = softmax(z)` for one row (max-subtracted).
 *
 * @example
 * softmaxInto(Float64Array.of(0, Math.log(3)), out); // out = [0.25, 0.75]
 */
export function softmaxInto(z: Float64Array, out: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] as number) - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) out[k] = (out[k] as number) / sum;
}
