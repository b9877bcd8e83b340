import { describe, expect, it } from 'vitest';
import { onnxSignature } from '../onnx/signature.js';
import { decodeOnnx } from '../onnx/codec.js';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { TfjsImportedModel } from '../tfjs/imported-model.js';
import { classifierSignature } from './artifacts.js';
import { classifierOutputs } from './classifier.js';
import type { Classifier } from './classifier.js';
import { initMlp } from './mlp.js';
import { classifierToOnnx } from './onnx-export.js';
import { createRng } from './rng.js';
import { fitStandardizer } from './standardize.js';

/** Raw features on very different scales and offsets: wrong or missing standardisation shows. */
function rawRows(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const offsets = [50_000, -3, 0.001, 1200];
  const scales = [20_000, 0.5, 0.0002, 300];
  return Float64Array.from({ length: n * 4 }, (_, i) => (offsets[i % 4] as number) + (scales[i % 4] as number) * rng.normal());
}

async function ortOutputs(bytes: Uint8Array, x: Float64Array, inputs: number): Promise<{ data: Float32Array; shape: number[] }> {
  const model = await OnnxRuntimeModel.create(bytes);
  try {
    return await model.predict(Float32Array.from(x), [x.length / inputs, inputs]);
  } finally {
    model.dispose();
  }
}

describe('classifierToOnnx', () => {
  const x = rawRows(64, 1);
  const standardizer = fitStandardizer(x, 4);

  it.each([
    ['MLP 4-6-2 with probabilities', 6, 'probabilities'],
    ['logistic regression 4-2 with probabilities', 0, 'probabilities'],
    ['MLP 4-6-3 with logits', 6, 'logits'],
  ] as const)('standardises inside the graph: raw inputs in, the trainer\'s outputs out (%s)', async (_name, hidden, output) => {
    const classes = output === 'logits' ? 3 : 2;
    const c: Classifier = { mlp: initMlp({ inputs: 4, hidden, classes }, createRng(3)), standardizer, output };
    const bytes = classifierToOnnx(c);
    const expected = classifierOutputs(c, x);
    const { data, shape } = await ortOutputs(bytes, x, 4);
    expect(shape).toEqual([64, classes]);
    let worst = 0;
    for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs((data[i] as number) - (expected[i] as number)));
    expect(worst).toBeLessThan(1e-5);
  });

  it('writes Sub(mean) → Div(scale) with the training statistics, then Gemm/Relu/Gemm/Softmax', () => {
    const c: Classifier = { mlp: initMlp({ inputs: 4, hidden: 5, classes: 2 }, createRng(4)), standardizer, output: 'probabilities' };
    const model = decodeOnnx(classifierToOnnx(c, { inputName: 'features' }));
    expect(model.graph.nodes.map((n) => n.opType)).toEqual(['Sub', 'Div', 'Gemm', 'Relu', 'Gemm', 'Softmax']);
    const mean = model.graph.initializers.find((t) => t.name === 'standardize_mean');
    expect(Array.from(mean?.values as Float32Array)).toEqual(Array.from(Float32Array.from(standardizer.mean)));
    expect(onnxSignature(model.graph)).toEqual({
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 2] }],
    });
  });

  it('matches the signature sidecar (apart from the declared ranges)', () => {
    const c: Classifier = { mlp: initMlp({ inputs: 4, hidden: 3, classes: 2 }, createRng(5)), standardizer, output: 'probabilities' };
    const sidecar = classifierSignature(c, { inputName: 'features', outputName: 'probabilities' });
    const fromGraph = onnxSignature(decodeOnnx(classifierToOnnx(c)).graph);
    expect(sidecar.outputs[0]?.range).toEqual([0, 1]);
    expect({ inputs: sidecar.inputs, outputs: sidecar.outputs.map(({ range: _r, ...rest }) => rest) }).toEqual(fromGraph);
  });

  it('imports into TF.js for gradients (what white-box attacks load)', async () => {
    const c: Classifier = { mlp: initMlp({ inputs: 4, hidden: 6, classes: 3 }, createRng(6)), output: 'logits' };
    const model = await TfjsImportedModel.fromBytes(classifierToOnnx(c, { inputName: 'pixels' }));
    try {
      expect(model.outputKind).toBe('logits');
      const batch = Float32Array.from(x.subarray(0, 8), (v) => v / 50_000);
      const { data } = await model.predict(batch, [2, 4]);
      const expected = classifierOutputs(c, Float64Array.from(batch));
      data.forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 4));
      const { grad } = await model.lossGradient(batch, [2, 4], Int32Array.of(0, 2));
      expect(grad).toHaveLength(8);
    } finally {
      model.dispose();
    }
  });
});
