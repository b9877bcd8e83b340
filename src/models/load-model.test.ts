import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelIoErrors } from './io/errors.js';
import { modelErrors } from './errors.js';
import { loadModel, requireGradients } from './load-model.js';
import { OnnxGraphBuilder } from './onnx/builder.js';
import { mlpFixture } from './onnx/fixtures.contract.js';
import { randomArray, seededRandom } from './onnx/parity.contract.js';

const rand = seededRandom(31);
let dir: string;
let mlpPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bulwark-load-'));
  mlpPath = join(dir, 'mlp.onnx');
  await writeFile(mlpPath, mlpFixture().toBytes());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadModel', () => {
  it('.onnx for predictions only: onnxruntime, no gradients', async () => {
    const model = await loadModel(mlpPath);
    expect(model.differentiable).toBe(false);
    expect(model.lossGradient).toBeUndefined();
    expect(model.outputKind).toBe('probabilities');
    expect(model.signature).toEqual({
      inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probs', datatype: 'FP32', shape: [-1, 3] }],
    });
    const { shape } = await model.predict(randomArray(rand, 8), [2, 4]);
    expect(shape).toEqual([2, 3]);
    expect(() => requireGradients(model)).toThrow(expect.objectContaining({ code: 'MDL_ERR_NOT_DIFFERENTIABLE', kind: 'user' }));
    model.dispose();
    model.dispose(); // idempotent
  });

  it('.onnx with differentiable: onnxruntime predictions, importer gradients, same signature', async () => {
    const plain = await loadModel(mlpPath);
    const model = await loadModel(mlpPath, { differentiable: true });
    const x = randomArray(rand, 12, 2);
    expect(model.differentiable).toBe(true);
    expect(model.signature).toEqual(plain.signature);
    expect((await model.predict(x, [3, 4])).data).toEqual((await plain.predict(x, [3, 4])).data);
    const { loss, grad } = await requireGradients(model)(x, [3, 4], Int32Array.of(0, 1, 2));
    expect(loss).toHaveLength(3);
    expect(grad).toHaveLength(12);
    expect(model.tfFunction).toBeTypeOf('function');
    plain.dispose();
    model.dispose();
  });

  it('differentiable fails on an op the importer lacks, while prediction-only loading works', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 3]);
    b.output(b.node('Erf', [x], {}, { name: 'erf' }), [2, 3]);
    const path = join(dir, 'erf.onnx');
    await writeFile(path, b.toBytes());
    await expect(loadModel(path, { differentiable: true })).rejects.toMatchObject({ code: 'MDL_ERR_UNSUPPORTED_OP', details: { node: 'erf', opType: 'Erf' } });
    const model = await loadModel(path);
    expect((await model.predict(Float32Array.of(0, 1, -1, 0.5, 2, -2), [2, 3])).data[1]).toBeCloseTo(0.8427, 4);
    model.dispose();
  });

  it('honours an explicit outputKind', async () => {
    const model = await loadModel(mlpPath, { differentiable: true, onnxPredictor: 'tfjs', outputKind: 'probabilities' });
    expect(model.outputKind).toBe('probabilities');
    model.dispose();
  });

  it('names what is wrong with the path', async () => {
    await expect(loadModel(join(dir, 'model.pt'))).rejects.toMatchObject({ code: 'MDL_ERR_UNKNOWN_FORMAT' });
    await expect(loadModel(join(dir, 'absent.onnx'))).rejects.toMatchObject({ code: 'MDL_ERR_LOAD_FAILED', kind: 'failure' });
    const garbage = join(dir, 'garbage.onnx');
    await writeFile(garbage, 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\n');
    await expect(loadModel(garbage)).rejects.toMatchObject({ code: 'MDL_ERR_LOAD_FAILED' });
    await expect(loadModel(garbage, { differentiable: true })).rejects.toMatchObject({ code: 'MDL_ERR_ONNX_DECODE' });
  });

  it('checks labels against the batch and the classes', async () => {
    const model = await loadModel(mlpPath, { differentiable: true });
    const x = randomArray(rand, 8);
    const before = tf.memory().numTensors;
    await expect(model.lossGradient!(x, [2, 4], Int32Array.of(0))).rejects.toMatchObject({ code: 'MDL_ERR_SHAPE_MISMATCH' });
    await expect(model.lossGradient!(x, [2, 4], Int32Array.of(0, 3))).rejects.toMatchObject({ code: 'MDL_ERR_SHAPE_MISMATCH', details: { label: 3 } });
    expect(tf.memory().numTensors).toBe(before); // nothing left behind by the failed attempts
    model.dispose();
  });
});

describe('the MDL catalog', () => {
  it('shares no code with the models/io catalog', () => {
    const io = new Set(Object.keys(modelIoErrors.codes));
    expect(Object.keys(modelErrors.codes).filter((c) => io.has(c))).toEqual([]);
  });
});
