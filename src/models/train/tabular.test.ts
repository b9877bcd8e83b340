import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { sha256Hex } from '../../shared/digest.js';
import { modelSignatureSchema } from '../../shared/signature.js';
import { csvToMatrix, readCsvFile } from '../io/index.js';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { writeTrainedModel } from './artifacts.js';
import { classifierOutputs } from './classifier.js';
import { createRng } from './rng.js';
import { binaryLabels, trainTabular } from './tabular.js';
import type { TabularData } from './tabular.js';

/** A noisy problem on raw scales far from standardised: income, age, a 0/1 flag. */
function syntheticTable(n: number, seed: number): TabularData {
  const rng = createRng(seed);
  const x = new Float64Array(n * 3);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const income = 40_000 + 15_000 * rng.normal();
    const age = 40 + 12 * rng.normal();
    const flag = rng.bernoulli(0.3) ? 1 : 0;
    x.set([income, age, flag], i * 3);
    const score = (income - 40_000) / 15_000 - (age - 40) / 24 + 1.5 * flag - 1 + 0.4 * rng.normal();
    y[i] = score > 0 ? 1 : 0;
  }
  return { x, y, columns: ['income', 'age', 'flag'], target: 'default' };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('trainTabular', () => {
  const data = syntheticTable(3000, 1);
  const options = { hidden: 8, epochs: 10, seed: 3 };

  it('trains, evaluates on a stratified hold-out and reports a high AUC on a learnable problem', () => {
    const { metrics } = trainTabular(data, options);
    expect(metrics.rows).toEqual({ train: 2400, test: 600 });
    expect(Math.abs(metrics.positiveRate.train - metrics.positiveRate.test)).toBeLessThan(0.002);
    expect(metrics.holdout.auc).toBeGreaterThan(0.9);
    expect(metrics.holdout.accuracy).toBeGreaterThan(0.8);
    expect(metrics).toMatchObject({ task: 'tabular', target: 'default', features: ['income', 'age', 'flag'] });
  });

  it('is deterministic: same data and seed give a byte-identical ONNX file, another seed another', () => {
    const a = trainTabular(data, options);
    const b = trainTabular(data, options);
    expect(sha256Hex(b.bytes)).toBe(sha256Hex(a.bytes));
    expect(a.metrics.onnxSha256).toBe(sha256Hex(a.bytes));
    expect(sha256Hex(trainTabular(data, { ...options, seed: 4 }).bytes)).not.toBe(sha256Hex(a.bytes));
  });

  it('writes a file that onnxruntime serves with the trainer\'s probabilities on raw hold-out rows', async () => {
    const result = trainTabular(data, options);
    const dir = await mkdtemp(join(tmpdir(), 'bulwark-train-'));
    dirs.push(dir);
    const paths = await writeTrainedModel(join(dir, 'credit.onnx'), result);
    expect(paths.signature).toBe(join(dir, 'credit.signature.json'));
    const sidecar = modelSignatureSchema.parse(JSON.parse(await readFile(paths.signature, 'utf8')));
    expect(sidecar.outputs[0]).toEqual({ name: 'probabilities', datatype: 'FP32', shape: [-1, 2], range: [0, 1] });
    expect(JSON.parse(await readFile(paths.metrics, 'utf8')).holdout.auc).toBe(result.metrics.holdout.auc);
    const model = await OnnxRuntimeModel.create(paths.onnx);
    try {
      const n = result.holdout.y.length;
      const { data: p } = await model.predict(Float32Array.from(result.holdout.x), [n, 3]);
      const expected = classifierOutputs(result.classifier, result.holdout.x);
      let worst = 0;
      for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs((p[i] as number) - (expected[i] as number)));
      expect(worst).toBeLessThan(1e-5);
    } finally {
      model.dispose();
    }
  });

  it('rejects a target that is not 0/1 or holds one class, naming the target', () => {
    const err = thrown(() => binaryLabels([0, 1, 2], 'Y'));
    expect(err.code).toBe('MDL_ERR_TRAIN_BAD_TARGET');
    expect(err.message).toMatch(/target "Y" must be 0 or 1, row 3 holds 2/);
    expect(thrown(() => binaryLabels([1, 1], 'Y')).message).toMatch(/only 1s/);
  });
});

const credit = sharedData('tabular/uci-default-credit-card.csv');

describe.skipIf(!credit.available)(`UCI default of credit card clients (${credit.reason})`, () => {
  it('reaches a hold-out ROC AUC ≥ 0.74 with a short training budget', async () => {
    const table = await readCsvFile(credit.path);
    const columns = table.header.filter((c) => c !== 'ID' && c !== 'Y');
    const { x, y } = csvToMatrix(table, { columns, target: 'Y' });
    const { metrics } = trainTabular({ x, y, columns, target: 'Y' }, { epochs: 6, seed: 1 });
    expect(metrics.rows).toEqual({ train: 24_000, test: 6000 });
    expect(metrics.holdout.auc).toBeGreaterThanOrEqual(0.74);
    expect(metrics.holdout.accuracy).toBeGreaterThan(0.8);
  });
});
