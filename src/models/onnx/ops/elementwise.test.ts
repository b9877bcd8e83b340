import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../builder.js';
import { ONNX_OPS } from '../ops/registry.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';

const rand = seededRandom(3);

describe('element-wise ops match onnxruntime', () => {
  it.each(['Add', 'Sub', 'Mul', 'Div'])('%s with NumPy broadcasting ([2,3,4] ⊕ [3,1] ⊕ scalar)', async (op) => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 3, 4]);
    const c = b.initializer('c', Float32Array.from(randomArray(rand, 3), (v) => v + 2), [3, 1]);
    const s = b.initializer('s', Float32Array.of(1.5), []);
    const h = b.node(op, [x, c]);
    b.output(b.node(op, [s, h]), [2, 3, 4]);
    const x0 = Float32Array.from(randomArray(rand, 24), (v) => v + 3);
    const r = await runParity(b, x0, [2, 3, 4]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('Identity and Dropout (inference: identity, mask output allowed)', async () => {
    const b = new OnnxGraphBuilder({ opset: 15 });
    const x = b.input('x', [2, 5]);
    const ratio = b.initializer('ratio', Float32Array.of(0.5), []);
    const d = b.node('Dropout', [x, ratio], {}, { outputs: ['d', 'mask'] });
    b.output(b.node('Identity', [d]), [2, 5]);
    const r = await runParity(b, randomArray(rand, 10), [2, 5]);
    expect(r.maxAbsDiff).toBe(0);
  });

  it('the parity check fails when an op is wrong (Sub implemented as Add)', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 2]);
    const c = b.initializer('c', Float32Array.of(1, 2, 3, 4), [2, 2]);
    b.output(b.node('Sub', [x, c]), [2, 2]);
    const broken = new Map(ONNX_OPS);
    broken.set('Sub', ONNX_OPS.get('Add')!);
    const r = await runParity(b, randomArray(rand, 4), [2, 2], { ops: broken });
    expect(r.maxAbsDiff).toBeGreaterThan(1);
  });
});
