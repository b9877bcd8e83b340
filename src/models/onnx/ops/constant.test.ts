import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder, onnxTensor } from '../builder.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';

const rand = seededRandom(19);

describe('Constant matches onnxruntime', () => {
  it('value tensor, value_float, value_floats and value_ints', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 3]);
    const t = b.node('Constant', [], { value: onnxTensor('c', Float32Array.from([0.1, 0.2, 0.3]), [3]) });
    const f = b.node('Constant', [], { value_float: 2.5 });
    const fs = b.node('Constant', [], { value_floats: [1.5, -2.25, 3.125] });
    const shape = b.node('Constant', [], { value_ints: [3, 2] });
    const y = b.node('Mul', [b.node('Add', [x, t]), f]);
    b.output(b.node('Reshape', [b.node('Sub', [y, fs]), shape]), [3, 2]);
    const r = await runParity(b, randomArray(rand, 6), [2, 3]);
    expect(r.importedShape).toEqual([3, 2]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('a float64 graph (double input, Constant and initializer) runs in float32', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 3], 'float64');
    const t = b.node('Constant', [], { value: onnxTensor('c', Float64Array.from([0.1, 0.2, 0.3]), [3]) });
    const w = b.initializer('w', Float64Array.from(randomArray(rand, 3)), [3]);
    b.output(b.node('Mul', [b.node('Add', [x, t]), w]), [2, 3], 'float64');
    const r = await runParity(b, randomArray(rand, 6), [2, 3]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(r.maxAbsDiff).toBeGreaterThan(0); // onnxruntime really computed in float64
  });

  it('a graph output that is a weight is handed out as a copy (disposing it keeps the weight)', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [1]);
    const c = b.node('Constant', [], { value_floats: [4, 5] });
    b.output(b.node('Identity', [c]), [2]);
    b.output(b.node('Identity', [x]), [1]);
    const first = await runParity(b, Float32Array.of(1), [1]);
    expect(Array.from(first.imported)).toEqual([4, 5]);
  });
});
