import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../builder.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';

const rand = seededRandom(17);

function bn(opset: number, dynamicStats: boolean, epsilon?: number): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset });
  const x = b.input('x', ['N', 4, 5, 5]);
  const positive = Float32Array.from(randomArray(rand, 4), (v) => v + 1.5);
  let scale = b.initializer('scale', randomArray(rand, 4, 2), [4]);
  if (dynamicStats) scale = b.node('Identity', [scale]);
  const bias = b.initializer('bias', randomArray(rand, 4), [4]);
  const mean = b.initializer('mean', randomArray(rand, 4), [4]);
  const variance = b.initializer('var', positive, [4]);
  b.output(b.node('BatchNormalization', [x, scale, bias, mean, variance], epsilon === undefined ? {} : { epsilon }), ['N', 4, 5, 5]);
  return b;
}

describe('BatchNormalization (inference) matches onnxruntime', () => {
  it.each([
    { opset: 13, dynamic: false, epsilon: undefined },
    { opset: 15, dynamic: false, epsilon: 1e-3 },
    { opset: 17, dynamic: true, epsilon: 0.01 },
  ])('opset $opset, statistics computed in graph: $dynamic, epsilon $epsilon', async ({ opset, dynamic, epsilon }) => {
    const r = await runParity(bn(opset, dynamic, epsilon), randomArray(rand, 200, 3), [2, 4, 5, 5]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('on a 2-D [N, C] input', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', ['N', 3]);
    const p = (n: string, add = 0) => b.initializer(n, Float32Array.from(randomArray(rand, 3), (v) => v + add), [3]);
    b.output(b.node('BatchNormalization', [x, p('s'), p('b'), p('m'), p('v', 2)]), ['N', 3]);
    expect((await runParity(b, randomArray(rand, 15), [5, 3])).maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });
});
