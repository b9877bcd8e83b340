import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTfBackend } from '../../tf-backend.js';
import { OnnxGraphBuilder } from '../builder.js';
import { importOnnx } from '../importer.js';
import type { ImportedGraph } from '../importer.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';

const rand = seededRandom(11);

describe('linear ops (Gemm, MatMul) match onnxruntime', () => {
  it.each([
    { transA: 0, transB: 0, alpha: 1, beta: 1 },
    { transA: 0, transB: 1, alpha: 0.5, beta: 2 },
    { transA: 1, transB: 1, alpha: 1.5, beta: 0 },
  ])('Gemm %o with a [1, N] bias', async ({ transA, transB, alpha, beta }) => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', transA ? [5, 'batch'] : ['batch', 5]);
    const w = b.initializer('w', randomArray(rand, 15), transB ? [3, 5] : [5, 3]);
    const c = b.initializer('c', randomArray(rand, 3), [1, 3]);
    b.output(b.node('Gemm', [x, w, c], { transA, transB, alpha, beta }), ['batch', 3]);
    const r = await runParity(b, randomArray(rand, 20), transA ? [5, 4] : [4, 5]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(r.importedShape).toEqual([4, 3]);
  });

  it('Gemm without C', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', ['batch', 4]);
    const w = b.initializer('w', randomArray(rand, 8), [4, 2]);
    b.output(b.node('Gemm', [x, w]), ['batch', 2]);
    expect((await runParity(b, randomArray(rand, 12), [3, 4])).maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('MatMul: batched 3-D × 2-D, 3-D × 3-D with broadcast batch, and a 1-D right operand', async () => {
    const b = new OnnxGraphBuilder({ opset: 17 });
    const x = b.input('x', [2, 3, 4]);
    const w2 = b.initializer('w2', randomArray(rand, 20), [4, 5]);
    const w3 = b.initializer('w3', randomArray(rand, 30), [1, 5, 6]);
    const v = b.initializer('v', randomArray(rand, 6), [6]);
    const h = b.node('MatMul', [x, w2]);
    const h3 = b.node('MatMul', [h, w3]);
    b.output(b.node('MatMul', [h3, v]), [2, 3]);
    const r = await runParity(b, randomArray(rand, 24), [2, 3, 4]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(r.importedShape).toEqual([2, 3]);
  });
});

// The constant-weight path (weight-product.ts) against the generic path (the same graph
// with the weight as a graph input) and a plain float64 computation on typed arrays.

const K = 12;
const N = 5;

beforeAll(async () => {
  expect(await ensureTfBackend()).toBe('wasm');
});

interface LinearCase {
  readonly op: 'Gemm' | 'MatMul';
  readonly transB?: 0 | 1;
  readonly alpha?: number;
  readonly beta?: number;
  readonly bias?: 'none' | '[N]' | '[1, N]';
  /** MatMul: shape of A after the batch dimension, and whether W is a vector [K]. */
  readonly aShape?: readonly number[];
  readonly vectorW?: boolean;
}

/** The case's model; W (and so the fast path) is an initializer unless `wAsInput`. */
function linearModel(c: LinearCase, w: Float32Array, bias: Float32Array, wAsInput: boolean): Uint8Array {
  const b = new OnnxGraphBuilder();
  const x = b.input('x', c.op === 'Gemm' ? ['batch', K] : ['batch', ...(c.aShape ?? [K])]);
  const wShape = c.vectorW ? [K] : c.transB ? [N, K] : [K, N];
  const wName = wAsInput ? b.input('w', wShape) : b.initializer('w', w, wShape);
  if (c.op === 'MatMul') {
    b.output(b.node('MatMul', [x, wName]), ['batch']);
  } else {
    const cName = c.bias === '[N]' ? [b.initializer('c', bias, [N])] : c.bias === '[1, N]' ? [b.initializer('c', bias, [1, N])] : [];
    const attributes = { transB: c.transB ?? 0, alpha: c.alpha ?? 1, beta: c.beta ?? 1 };
    b.output(b.node('Gemm', [x, wName, ...cName], attributes), ['batch', N]);
  }
  return b.toBytes();
}

/** y = x·W and d(Σ y⊙r)/dx through the importer (generic path when `w` is fed). */
function evaluate(graph: ImportedGraph, x: Float32Array, xShape: number[], r: Float32Array, w?: { values: Float32Array; shape: number[] }) {
  return tf.tidy(() => {
    const out = graph.signature.outputs[0]?.name ?? '';
    const f = (xx: tf.Tensor): tf.Tensor => graph.run({ x: xx, ...(w === undefined ? {} : { w: tf.tensor(w.values, w.shape) }) })[out] as tf.Tensor;
    const xt = tf.tensor(x, xShape);
    const y = f(xt);
    const grad = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx), tf.tensor(r, y.shape))))(xt);
    return { y: Float32Array.from(y.dataSync()), yShape: y.shape, grad: Float32Array.from(grad.dataSync()) };
  });
}

/** W as [K, N] (scaled by alpha) on the host, whatever its stored layout. */
function weightKN(c: LinearCase, w: Float32Array): Float64Array {
  const alpha = c.alpha ?? 1;
  const n = c.vectorW ? 1 : N;
  return Float64Array.from({ length: K * n }, (_, i) => alpha * (c.transB ? w[(i % n) * K + Math.floor(i / n)] ?? 0 : w[i] ?? 0));
}

/** Reference: y[m, n] = Σk x[m, k]·W[k, n] + beta·C[n], dx[m, k] = Σn r[m, n]·W[k, n]. */
function reference(c: LinearCase, x: Float32Array, w: Float32Array, bias: Float32Array, r: Float32Array) {
  const wkn = weightKN(c, w);
  const n = c.vectorW ? 1 : N;
  const m = x.length / K;
  const y = new Float64Array(m * n);
  const grad = new Float64Array(m * K);
  const beta = c.bias === undefined || c.bias === 'none' ? 0 : c.beta ?? 1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = beta * (bias[j] ?? 0);
      for (let k = 0; k < K; k++) {
        s += (x[i * K + k] ?? 0) * (wkn[k * n + j] ?? 0);
        grad[i * K + k] = (grad[i * K + k] ?? 0) + (r[i * n + j] ?? 0) * (wkn[k * n + j] ?? 0);
      }
      y[i * n + j] = s;
    }
  }
  return { y, grad };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  return Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? Number.NaN))), 0);
}

const GEMM_CASES: LinearCase[] = ([0, 1] as const).flatMap((transB) =>
  [{ alpha: 1, beta: 1 }, { alpha: 0.5, beta: 2 }, { alpha: -1.5, beta: 0 }].flatMap(({ alpha, beta }) =>
    (['none', '[N]', '[1, N]'] as const).map((bias) => ({ op: 'Gemm' as const, transB, alpha, beta, bias }))));

const MATMUL_CASES: LinearCase[] = [
  { op: 'MatMul', aShape: [K] },
  { op: 'MatMul', aShape: [3, K] },
  { op: 'MatMul', aShape: [K], vectorW: true },
  { op: 'MatMul', aShape: [2, K], vectorW: true },
];

describe('linear ops with a constant weight: fast path = generic path = typed-array reference', () => {
  it.each([...GEMM_CASES, ...MATMUL_CASES].flatMap((c) => [1, 37].map((batch) => ({ ...c, batch }))))('%o', ({ batch, ...c }) => {
    const rnd = seededRandom(batch * 7 + (c.transB ?? 0));
    const w = randomArray(rnd, K * (c.vectorW ? 1 : N));
    const bias = randomArray(rnd, N);
    const xShape = [batch, ...(c.op === 'Gemm' ? [K] : c.aShape ?? [K])];
    const x = randomArray(rnd, xShape.reduce((p, d) => p * d, 1));
    const r = randomArray(rnd, (x.length / K) * (c.vectorW ? 1 : N));
    const fast = importOnnx(linearModel(c, w, bias, false));
    const generic = importOnnx(linearModel(c, w, bias, true));
    const wShape = c.vectorW ? [K] : c.transB ? [N, K] : [K, N];
    try {
      const got = evaluate(fast, x, xShape, r);
      const base = evaluate(generic, x, xShape, r, { values: w, shape: wShape });
      const ref = reference(c, x, w, bias, r);
      expect(got.yShape).toEqual(base.yShape);
      expect(maxAbsDiff(got.y, base.y)).toBeLessThanOrEqual(PARITY_TOLERANCE);
      expect(maxAbsDiff(got.grad, base.grad)).toBeLessThanOrEqual(PARITY_TOLERANCE);
      expect(maxAbsDiff(got.y, ref.y)).toBeLessThanOrEqual(PARITY_TOLERANCE);
      expect(maxAbsDiff(got.grad, ref.grad)).toBeLessThanOrEqual(PARITY_TOLERANCE);
    } finally {
      fast.dispose();
      generic.dispose();
    }
  });
});

/** Every BatchMatMul run by forward + input gradient, and whether its operands were laid
 * out for a plain product (a [.., M, K] · b [.., K, N]). M, K, N are distinct, so a
 * transposed operand cannot pass the check. */
async function matMulLayouts(graph: ImportedGraph, w?: { values: Float32Array; shape: number[] }): Promise<boolean[]> {
  const profile = await tf.profile(() => {
    const r = randomArray(seededRandom(5), 37 * N);
    evaluate(graph, randomArray(seededRandom(4), 37 * K), [37, K], r, w);
  });
  return profile.kernels.filter((k) => k.name === 'BatchMatMul').map(({ inputShapes: [a = [], b = []] }) => a[a.length - 1] === b[b.length - 2]);
}

describe('the constant-weight path never runs a transposed-operand matmul', () => {
  it.each([0, 1] as const)('Gemm transB = %d: forward and input gradient are plain products', async (transB) => {
    const c: LinearCase = { op: 'Gemm', transB, alpha: 0.5, beta: 2, bias: '[N]' };
    const w = randomArray(seededRandom(3), K * N);
    const fast = importOnnx(linearModel(c, w, randomArray(seededRandom(6), N), false));
    const generic = importOnnx(linearModel(c, w, randomArray(seededRandom(6), N), true));
    try {
      // evaluate() runs the forward twice (the value, then under tf.grad) and the backward once.
      expect(await matMulLayouts(fast)).toEqual([true, true, true]);
      // The check can fail: the generic path transposes in one direction or the other.
      expect(await matMulLayouts(generic, { values: w, shape: transB ? [N, K] : [K, N] })).toContain(false);
    } finally {
      fast.dispose();
      generic.dispose();
    }
  });
});

describe('the constant-weight path leaks no tensor', () => {
  it.each<LinearCase>([
    { op: 'Gemm', transB: 1, alpha: 0.5, beta: 2, bias: '[1, N]' },
    { op: 'Gemm', transB: 0, alpha: 1, beta: 1, bias: '[N]' },
    { op: 'MatMul', aShape: [3, K] },
  ])('%o: forward + gradient in tf.tidy, then dispose', (c) => {
    const before = tf.memory().numTensors;
    const graph = importOnnx(linearModel(c, randomArray(rand, K * N), randomArray(rand, N), false));
    const imported = tf.memory().numTensors;
    const xShape = [4, ...(c.aShape ?? [K])];
    const x = randomArray(rand, xShape.reduce((p, d) => p * d, 1));
    evaluate(graph, x, xShape, randomArray(rand, (x.length / K) * N));
    expect(tf.memory().numTensors).toBe(imported);
    graph.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
