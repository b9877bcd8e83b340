import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../builder.js';
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
