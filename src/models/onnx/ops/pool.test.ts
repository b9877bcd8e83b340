import { describe, expect, it } from 'vitest';
import { OnnxGraphBuilder } from '../builder.js';
import type { AttributeInput } from '../builder.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from '../parity.contract.js';

const rand = seededRandom(9);

function pool(op: string, attrs: Record<string, AttributeInput>): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder();
  const x = b.input('x', ['N', 3, 9, 11]);
  b.output(b.node(op, [x], attrs), ['N', 3, -1, -1]);
  return b;
}

describe('pooling matches onnxruntime', () => {
  it.each<[string, string, Record<string, AttributeInput>]>([
    ['MaxPool', '2×2 stride 2', { kernel_shape: [2, 2], strides: [2, 2] }],
    ['MaxPool', '3×3 asymmetric pads, stride 2', { kernel_shape: [3, 3], pads: [1, 0, 2, 1], strides: [2, 2] }],
    ['MaxPool', 'SAME_UPPER', { kernel_shape: [3, 2], auto_pad: 'SAME_UPPER', strides: [2, 2] }],
    ['AveragePool', '3×3 pads, count_include_pad 0', { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }],
    ['AveragePool', '3×3 asymmetric pads, count_include_pad 1', { kernel_shape: [3, 3], pads: [0, 1, 2, 1], count_include_pad: 1, strides: [2, 1] }],
    ['AveragePool', 'SAME_UPPER, stride 2', { kernel_shape: [2, 3], auto_pad: 'SAME_UPPER', strides: [2, 2] }],
    ['AveragePool', 'no padding', { kernel_shape: [4, 4], strides: [4, 4] }],
  ])('%s %s', async (op, _name, attrs) => {
    const r = await runParity(pool(op, attrs), randomArray(rand, 2 * 3 * 99, 3), [2, 3, 9, 11]);
    expect(r.importedShape).toEqual(r.shape);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it.each(['GlobalAveragePool', 'GlobalMaxPool'])('%s', async (op) => {
    const r = await runParity(pool(op, {}), randomArray(rand, 2 * 3 * 99, 3), [2, 3, 9, 11]);
    expect(r.importedShape).toEqual([2, 3, 1, 1]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });
});
