import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder, onnxTensor } from '../builder.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';
import { reshapeTarget } from './shape.js';
import type { OnnxNode } from '../types.js';

const rand = seededRandom(13);

describe('shape ops match onnxruntime', () => {
  it.each([0, 1, 2, -1, 4])('Flatten axis %d', async (axis) => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 3, 4, 5]);
    b.output(b.node('Flatten', [x], { axis }), [-1, -1]);
    const r = await runParity(b, randomArray(rand, 120), [2, 3, 4, 5]);
    expect(r.importedShape).toEqual(r.shape);
    expect(r.maxAbsDiff).toBe(0);
  });

  it('Reshape with 0 (copy) and -1 (inferred), from an int64 initializer and from a Constant', async () => {
    const b = new OnnxGraphBuilder({ opset: 14 });
    const x = b.input('x', ['N', 3, 4, 5]);
    const s1 = b.initializer('s1', BigInt64Array.from([0n, -1n, 5n]), [3]);
    const h = b.node('Reshape', [x, s1]);
    const s2 = b.node('Constant', [], { value: onnxTensor('s2', BigInt64Array.from([0n, 60n]), [2]) });
    b.output(b.node('Reshape', [h, s2]), ['N', 60]);
    const r = await runParity(b, randomArray(rand, 120), [2, 3, 4, 5]);
    expect(r.importedShape).toEqual([2, 60]);
    expect(r.maxAbsDiff).toBe(0);
  });

  it('Transpose with perm and with the default (reversed) perm', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 3, 4]);
    const t = b.node('Transpose', [x], { perm: [1, 2, 0] });
    b.output(b.node('Transpose', [t]), [2, 4, 3]);
    const r = await runParity(b, randomArray(rand, 24), [2, 3, 4]);
    expect(r.importedShape).toEqual([2, 4, 3]);
    expect(r.maxAbsDiff).toBe(0);
  });

  it('Concat along a negative axis, with a weight', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', ['N', 2, 3]);
    const y = b.node('Relu', [x]);
    const w = b.initializer('w', randomArray(rand, 4), [2, 2]);
    const wx = b.node('MatMul', [x, b.initializer('m', randomArray(rand, 6), [3, 2])]);
    const ww = b.node('Add', [wx, w]);
    b.output(b.node('Concat', [x, y, ww], { axis: -1 }), ['N', 2, 8]);
    const r = await runParity(b, randomArray(rand, 18), [3, 2, 3]);
    expect(r.importedShape).toEqual([3, 2, 8]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });
});

describe('reshapeTarget', () => {
  const node = { name: 'r', opType: 'Reshape' } as OnnxNode;
  it('copies 0 unless allowzero, infers -1', () => {
    expect(reshapeTarget(node, [2, 3, 4], [0, -1], false)).toEqual([2, 12]);
    expect(reshapeTarget(node, [0, 3], [0, 3], true)).toEqual([0, 3]);
  });
  it('rejects impossible targets with MDL_ERR_SHAPE_MISMATCH', () => {
    expect(() => reshapeTarget(node, [2, 3], [4, -1], false)).toThrow(expect.objectContaining({ code: 'MDL_ERR_SHAPE_MISMATCH' }));
    expect(() => reshapeTarget(node, [2, 3], [-1, -1], false)).toThrow(expect.objectContaining({ code: 'MDL_ERR_SHAPE_MISMATCH' }));
  });
});
