import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { readOptdigitsFile } from '../io/index.js';
import { parseOptdigits } from '../io/optdigits.js';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { classifierOutputs } from './classifier.js';
import { trainDigits } from './digits.js';

describe('trainDigits (tiny synthetic set)', () => {
  const line = (pixel: number, label: number): string => [...new Array<number>(64).fill(pixel), label].join(',');
  const text = Array.from({ length: 40 }, (_, i) => line(i % 10, i % 10)).join('\n');

  it('exports a 64-h-10 graph with logits and a [0, 1] input range', () => {
    const set = parseOptdigits(text, { scale: true });
    const { signature, metrics } = trainDigits(set, set, { hidden: 4, epochs: 2 });
    expect(signature).toEqual({
      inputs: [{ name: 'pixels', datatype: 'FP32', shape: [-1, 64], range: [0, 1] }],
      outputs: [{ name: 'logits', datatype: 'FP32', shape: [-1, 10] }],
    });
    expect(metrics.rows).toEqual({ train: 40, test: 40 });
  });

  it('rejects pixels that were not scaled to [0, 1]', () => {
    const raw = parseOptdigits(text);
    expect(thrown(() => trainDigits(raw, raw, { epochs: 1 })).code).toBe('MDL_ERR_TRAIN_BAD_OPTION');
  });
});

const tra = sharedData('images/optdigits.tra');
const tes = sharedData('images/optdigits.tes');

describe.skipIf(!tra.available || !tes.available)(`UCI optdigits (${tra.reason})`, () => {
  it('reaches test accuracy ≥ 0.9, and onnxruntime agrees with the trainer', async () => {
    const train = await readOptdigitsFile(tra.path, { scale: true });
    const test = await readOptdigitsFile(tes.path, { scale: true });
    const result = trainDigits(train, test, { epochs: 15, seed: 1 });
    expect(result.metrics.testAccuracy).toBeGreaterThanOrEqual(0.9);
    const model = await OnnxRuntimeModel.create(result.bytes);
    try {
      expect(model.outputKind).toBe('logits');
      const { data } = await model.predict(test.x, [test.n, 64]);
      const expected = classifierOutputs(result.classifier, Float64Array.from(test.x));
      let worst = 0;
      for (let i = 0; i < data.length; i++) worst = Math.max(worst, Math.abs((data[i] as number) - (expected[i] as number)));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      model.dispose();
    }
  });
});
