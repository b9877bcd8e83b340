/**
 * @module models/onnx/fixtures.contract
 * Fixed-seed test models written with the builder: an MLP (Gemm → Relu → Gemm → Softmax)
 * and a CNN that exercises most op families at once (dilated/asymmetric-padded Conv,
 * BatchNormalization, LeakyRelu, MaxPool, grouped and depthwise Conv, Concat, Clip,
 * AveragePool, GlobalAveragePool, Flatten, Transpose, Reshape, Sigmoid, Tanh, Mul, Gemm,
 * LogSoftmax). Test support only (excluded from the build).
 */
import { OnnxGraphBuilder } from './builder.js';
import { randomArray, seededRandom } from './parity.contract.js';

/**
 * MLP 4 → 16 → 3 with a final Softmax; input `x` [batch, 4], output `probs` [batch, 3].
 *
 * @example
 * const bytes = mlpFixture().toBytes();
 */
export function mlpFixture(seed = 1, opset = 13): OnnxGraphBuilder {
  const rand = seededRandom(seed);
  const b = new OnnxGraphBuilder({ name: 'mlp', opset });
  const x = b.input('x', ['batch', 4]);
  const w1 = b.initializer('w1', randomArray(rand, 64, 0.8), [16, 4]);
  const b1 = b.initializer('b1', randomArray(rand, 16, 0.1), [16]);
  const w2 = b.initializer('w2', randomArray(rand, 48, 0.8), [16, 3]);
  const b2 = b.initializer('b2', randomArray(rand, 3, 0.1), [3]);
  const h = b.node('Relu', [b.node('Gemm', [x, w1, b1], { transB: 1 }, { name: 'fc1' })]);
  const logits = b.node('Gemm', [h, w2, b2], {}, { name: 'fc2', outputs: ['logits'] });
  b.node('Softmax', [logits], { axis: 1 }, { outputs: ['probs'] });
  b.output('probs', ['batch', 3]);
  return b;
}

function convBlock(b: OnnxGraphBuilder, rand: () => number, x: string): string {
  const w1 = b.initializer('c1_w', randomArray(rand, 8 * 3 * 9, 0.4), [8, 3, 3, 3]);
  const b1 = b.initializer('c1_b', randomArray(rand, 8, 0.1), [8]);
  const c1 = b.node('Conv', [x, w1, b1], { pads: [2, 1, 2, 1], dilations: [2, 1] }, { name: 'conv1' });
  const stat = (name: string, offset: number): string => b.initializer(name, Float32Array.from(randomArray(rand, 8, 0.5), (v) => v + offset), [8]);
  const bn = b.node('BatchNormalization', [c1, stat('bn_s', 1), stat('bn_b', 0), stat('bn_m', 0), stat('bn_v', 1)], { epsilon: 1e-3 });
  const p1 = b.node('MaxPool', [b.node('LeakyRelu', [bn], { alpha: 0.1 })], { kernel_shape: [2, 2], strides: [2, 2] });
  const wg = b.initializer('c2_w', randomArray(rand, 8 * 2 * 9, 0.4), [8, 2, 3, 3]);
  const grouped = b.node('Conv', [p1, wg], { group: 4, pads: [1, 1, 1, 1], strides: [2, 2] }, { name: 'conv_grouped' });
  const wd = b.initializer('dw_w', randomArray(rand, 8 * 9, 0.4), [8, 1, 3, 3]);
  const depthwise = b.node('Conv', [p1, wd], { group: 8, auto_pad: 'SAME_UPPER', strides: [2, 2] }, { name: 'conv_depthwise' });
  const lo = b.initializer('clip_lo', Float32Array.of(0), []);
  const hi = b.initializer('clip_hi', Float32Array.of(6), []);
  const clipped = b.node('Clip', [b.node('Concat', [grouped, depthwise], { axis: 1 }), lo, hi]);
  return b.node('AveragePool', [clipped], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] });
}

/**
 * CNN on `x` [N, 3, 16, 16] → `logp` [N, 10] (log-probabilities).
 *
 * @example
 * const { maxAbsDiff } = await runParity(cnnFixture(), x, [2, 3, 16, 16]);
 */
export function cnnFixture(seed = 2, opset = 13): OnnxGraphBuilder {
  const rand = seededRandom(seed);
  const b = new OnnxGraphBuilder({ name: 'cnn', opset });
  const x = b.input('x', ['N', 3, 16, 16]);
  const features = convBlock(b, rand, x); // [N, 16, 4, 4]
  const pooled = b.node('Flatten', [b.node('GlobalAveragePool', [features])]); // [N, 16]
  const gate = b.node('Mul', [b.node('Sigmoid', [pooled]), b.node('Tanh', [pooled])]);
  const nhwc = b.node('Transpose', [features], { perm: [0, 2, 3, 1] });
  const flat = b.node('Reshape', [nhwc, b.initializer('flat_shape', BigInt64Array.from([0n, -1n]), [2])]); // [N, 256]
  const wr = b.initializer('fr_w', randomArray(rand, 32 * 256, 0.1), [32, 256]);
  const dense = b.node('Relu', [b.node('Gemm', [flat, wr], { transB: 1, alpha: 0.5 })]);
  const joined = b.node('Concat', [gate, dense], { axis: 1 }); // [N, 48]
  const wo = b.initializer('out_w', randomArray(rand, 480, 0.3), [48, 10]);
  const bo = b.initializer('out_b', randomArray(rand, 10, 0.1), [10]);
  const logits = b.node('Gemm', [joined, wo, bo], {}, { outputs: ['cnn_logits'] });
  b.output(b.node('LogSoftmax', [logits], { axis: -1 }, { outputs: ['logp'] }), ['N', 10]);
  return b;
}

/** The ART MNIST CNN weights as the `.npy` files hold them (float64, Keras layouts). */
export interface ArtCnnWeights {
  /** Conv2D kernel, HWIO (7, 7, 1, 1). */
  readonly convW: Float64Array;
  /** Conv2D bias (1). */
  readonly convB: Float64Array;
  /** Dense kernel (25, 10): y = x·W + b. */
  readonly denseW: Float64Array;
  /** Dense bias (10). */
  readonly denseB: Float64Array;
}

/**
 * The ART MNIST CNN as an ONNX graph: `x` [N, 1, 28, 28] (pixels / 255) → Conv 7×7 valid
 * + bias → Relu → MaxPool 4×4 stride 4 → Flatten (25) → Gemm → `logits` → Softmax →
 * `probs` [N, 10]. Keras' HWIO kernel becomes ONNX's OIHW; with one channel, Keras'
 * NHWC flatten order and ONNX's NCHW flatten order coincide, so the dense kernel is used
 * as is (Gemm with transB=0 computes x·W + b).
 *
 * @example
 * const bytes = artCnnFixture(weights).toBytes();
 */
export function artCnnFixture(w: ArtCnnWeights): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ name: 'art_mnist_cnn', opset: 13 });
  const x = b.input('x', ['N', 1, 28, 28]);
  // HWIO [7, 7, 1, 1] → OIHW [1, 1, 7, 7]: with I = O = 1 the element order is the same,
  // but index it explicitly so that the layout rule is visible.
  const oihw = new Float32Array(49);
  for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) oihw[i * 7 + j] = w.convW[(i * 7 + j) * 1 * 1] ?? Number.NaN;
  const convW = b.initializer('conv_w', oihw, [1, 1, 7, 7]);
  const convB = b.initializer('conv_b', Float32Array.from(w.convB), [1]);
  const conv = b.node('Conv', [x, convW, convB], { kernel_shape: [7, 7] }, { name: 'conv2d' });
  const pooled = b.node('MaxPool', [b.node('Relu', [conv])], { kernel_shape: [4, 4], strides: [4, 4] }, { name: 'max_pooling2d' });
  const flat = b.node('Flatten', [pooled], { axis: 1 }, { name: 'flatten' });
  const denseW = b.initializer('dense_w', Float32Array.from(w.denseW), [25, 10]);
  const denseB = b.initializer('dense_b', Float32Array.from(w.denseB), [10]);
  b.node('Gemm', [flat, denseW, denseB], {}, { name: 'dense', outputs: ['logits'] });
  b.node('Softmax', ['logits'], { axis: -1 }, { outputs: ['probs'] });
  b.output('probs', ['N', 10]);
  return b;
}

/**
 * The same network computed directly from the Keras weights in float64 (NHWC input,
 * HWIO kernel, row-major flatten), independent of ONNX and TF.js: the reference that
 * checks the layout conversion. Returns the 10 logits of one 28×28 image.
 *
 * @example
 * const logits = artCnnReference(weights, pixels); // Float64Array(10)
 */
export function artCnnReference(w: ArtCnnWeights, image: ArrayLike<number>): Float64Array {
  const conv = new Float64Array(22 * 22);
  for (let r = 0; r < 22; r++) {
    for (let c = 0; c < 22; c++) {
      let s = w.convB[0] ?? 0;
      for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) s += (image[(r + i) * 28 + c + j] ?? 0) * (w.convW[i * 7 + j] ?? 0);
      conv[r * 22 + c] = Math.max(0, s);
    }
  }
  const pooled = new Float64Array(25);
  for (let pr = 0; pr < 5; pr++) {
    for (let pc = 0; pc < 5; pc++) {
      let m = Number.NEGATIVE_INFINITY;
      for (let r = 4 * pr; r < 4 * pr + 4; r++) for (let c = 4 * pc; c < 4 * pc + 4; c++) m = Math.max(m, conv[r * 22 + c] ?? 0);
      pooled[pr * 5 + pc] = m;
    }
  }
  const logits = Float64Array.from(w.denseB);
  for (let k = 0; k < 25; k++) for (let o = 0; o < 10; o++) logits[o] = (logits[o] ?? 0) + (pooled[k] ?? 0) * (w.denseW[k * 10 + o] ?? 0);
  return logits;
}
