import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../builder.js';
import type { AttributeInput } from '../builder.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';

const rand = seededRandom(5);

interface ConvCase {
  readonly name: string;
  readonly cin: number;
  readonly cout: number;
  readonly k: [number, number];
  readonly attrs: Record<string, AttributeInput>;
  readonly group?: number;
  readonly bias?: boolean;
  /** Weights computed in the graph (through an Identity), not a constant. */
  readonly dynamicWeights?: boolean;
}

const CASES: ConvCase[] = [
  { name: 'plain 3×3, bias', cin: 3, cout: 4, k: [3, 3], attrs: {}, bias: true },
  { name: 'asymmetric pads [1,0,2,1], strides 2', cin: 2, cout: 3, k: [3, 3], attrs: { pads: [1, 0, 2, 1], strides: [2, 2] } },
  { name: 'dilations [2,3] with pads', cin: 2, cout: 2, k: [3, 2], attrs: { dilations: [2, 3], pads: [2, 1, 2, 1] }, bias: true },
  { name: 'groups 2', cin: 4, cout: 6, k: [3, 3], attrs: { group: 2, pads: [1, 1, 1, 1] }, group: 2, bias: true },
  { name: 'depthwise (group = channels, multiplier 2)', cin: 3, cout: 6, k: [3, 3], attrs: { group: 3, strides: [2, 1] }, group: 3 },
  { name: 'auto_pad SAME_UPPER, stride 2, even kernel', cin: 2, cout: 3, k: [4, 4], attrs: { auto_pad: 'SAME_UPPER', strides: [2, 2] } },
  { name: 'auto_pad SAME_LOWER', cin: 1, cout: 2, k: [2, 3], attrs: { auto_pad: 'SAME_LOWER' } },
  { name: 'auto_pad VALID', cin: 2, cout: 2, k: [5, 5], attrs: { auto_pad: 'VALID' }, bias: true },
  { name: 'weights computed in the graph, dilated and grouped', cin: 4, cout: 4, k: [3, 3], attrs: { group: 2, dilations: [2, 2] }, group: 2, dynamicWeights: true, bias: true },
];

describe('Conv matches onnxruntime', () => {
  it.each(CASES)('$name', async (c) => {
    const b = new OnnxGraphBuilder({ opset: 13 });
    const x = b.input('x', ['N', c.cin, 9, 10]);
    const wShape = [c.cout, c.cin / (c.group ?? 1), ...c.k];
    let w = b.initializer('w', randomArray(rand, wShape.reduce((p, q) => p * q, 1)), wShape);
    if (c.dynamicWeights === true) w = b.node('Identity', [w]);
    const inputs = [x, w];
    if (c.bias === true) inputs.push(b.initializer('b', randomArray(rand, c.cout), [c.cout]));
    b.output(b.node('Conv', inputs, { kernel_shape: c.k, ...c.attrs }), ['N', c.cout, -1, -1]);
    const r = await runParity(b, randomArray(rand, 2 * c.cin * 90), [2, c.cin, 9, 10]);
    expect(r.importedShape).toEqual(r.shape);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });
});
