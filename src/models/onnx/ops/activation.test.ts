import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../builder.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';

const rand = seededRandom(7);

function chain(ops: ReadonlyArray<[string, Record<string, number>?]>, shape: number[], opset = 13): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset });
  let h = b.input('x', shape);
  for (const [op, attrs] of ops) h = b.node(op, [h], attrs ?? {});
  b.output(h, shape);
  return b;
}

describe('activations match onnxruntime', () => {
  it.each([
    ['Relu'], ['Sigmoid'], ['Tanh'], ['LeakyRelu'],
  ])('%s', async (op) => {
    const r = await runParity(chain([[op]], [3, 7]), randomArray(rand, 21, 4), [3, 7]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('LeakyRelu with alpha 0.3', async () => {
    const r = await runParity(chain([['LeakyRelu', { alpha: 0.3 }]], [2, 5]), randomArray(rand, 10, 3), [2, 5]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it.each([
    ['Softmax', -1], ['Softmax', 1], ['Softmax', 0], ['LogSoftmax', -1], ['LogSoftmax', 1],
  ] as const)('%s along axis %d of a 3-D tensor (opset 13)', async (op, axis) => {
    const r = await runParity(chain([[op, { axis }]], [2, 3, 4]), randomArray(rand, 24, 5), [2, 3, 4]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('Softmax before opset 13 flattens at axis (legacy 2-D coercion)', async () => {
    const model = chain([['Softmax', { axis: 1 }]], [2, 3, 4]).build();
    const legacy = { ...model, opsetImport: [{ domain: '', version: 11 }] };
    const { encodeOnnx } = await import('../codec.js');
    const r = await runParity(encodeOnnx(legacy), randomArray(rand, 24, 5), [2, 3, 4]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('Clip with min/max inputs, with only max, and with computed bounds', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [4, 6]);
    const lo = b.initializer('lo', Float32Array.of(-0.5), []);
    const hi = b.initializer('hi', Float32Array.of(0.25), []);
    const both = b.node('Clip', [x, lo, hi]);
    const onlyMax = b.node('Clip', [both, '', hi]);
    const computedLo = b.node('Identity', [lo]);
    const dyn = b.node('Clip', [x, computedLo]);
    b.output(b.node('Add', [onlyMax, dyn]), [4, 6]);
    const r = await runParity(b, randomArray(rand, 24, 2), [4, 6]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });
});
