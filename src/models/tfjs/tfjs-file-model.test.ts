import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../load-model.js';
import { checkGradient, largestEntries } from '../onnx/gradcheck.contract.js';
import { randomArray, seededRandom } from '../onnx/parity.contract.js';
import { ensureTfBackend } from '../tf-backend.js';
import { loadTfjsModel } from './tfjs-file-model.js';

const rand = seededRandom(29);
let dir: string;

beforeAll(async () => {
  await ensureTfBackend();
  dir = await mkdtemp(join(tmpdir(), 'bulwark-tfjs-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Saves a LayersModel the way tfjs-node's file:// handler would: model.json + one shard. */
async function saveLayersModel(model: tf.LayersModel, folder: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData;
    const buffer = Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data ?? new ArrayBuffer(0));
    await writeFile(join(folder, 'group1-shard1of1.bin'), new Uint8Array(buffer));
    const json = {
      format: 'layers-model', generatedBy: 'test', convertedBy: null, modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
    };
    await writeFile(join(folder, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }));
  return join(folder, 'model.json');
}

describe('TF.js LayersModel from disk', () => {
  it('predicts like the in-memory model, detects the softmax output, and differentiates', async () => {
    const net = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
        tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ seed: 2 }) }),
      ],
    });
    const path = await saveLayersModel(net, join(dir, 'layers'));
    const model = await loadModel(path);
    const x = randomArray(rand, 5 * 4, 2);
    const expected = tf.tidy(() => (net.predict(tf.tensor2d(x, [5, 4])) as tf.Tensor).dataSync());
    const got = await model.predict(x, [5, 4]);
    expect(got.shape).toEqual([5, 3]);
    got.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? Number.NaN, 6));
    expect(model.outputKind).toBe('probabilities');
    expect(model.differentiable).toBe(true);
    expect(model.signature.inputs[0]).toMatchObject({ datatype: 'FP32', shape: [-1, 4] });
    const labels = Int32Array.of(0, 1, 2, 1, 0);
    const { loss, grad } = await model.lossGradient!(x, [5, 4], labels);
    labels.forEach((y, i) => expect(loss[i]).toBeCloseTo(-Math.log(got.data[i * 3 + y] ?? 0), 4));
    const lossAt = async (v: Float32Array) => (await model.lossGradient!(v, [5, 4], labels)).loss.reduce((a, b) => a + b, 0);
    for (const c of await checkGradient(lossAt, x, grad, largestEntries(grad, 4), 1e-2)) expect(c.relError, JSON.stringify(c)).toBeLessThan(1e-2);
    model.dispose();
    net.dispose();
  });

  it('a missing weight shard is MDL_ERR_LOAD_FAILED, a shard outside the folder too', async () => {
    const folder = join(dir, 'broken');
    await mkdir(folder, { recursive: true });
    const manifest = (paths: string[]) => JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { layers: [] } }, weightsManifest: [{ paths, weights: [] }] });
    await writeFile(join(folder, 'model.json'), manifest(['missing.bin']));
    await expect(loadTfjsModel(join(folder, 'model.json'))).rejects.toMatchObject({ code: 'MDL_ERR_LOAD_FAILED', message: expect.stringMatching(/missing\.bin/) });
    await writeFile(join(folder, 'model.json'), manifest(['../../etc/passwd']));
    await expect(loadTfjsModel(join(folder, 'model.json'))).rejects.toMatchObject({ code: 'MDL_ERR_LOAD_FAILED', message: expect.stringMatching(/outside the model folder/) });
  });
});

/** A converted-style GraphModel: x[-1,4] · w[4,3] + b → Softmax. */
async function writeGraphModel(folder: string, w: Float32Array, b: Float32Array): Promise<string> {
  await mkdir(folder, { recursive: true });
  const dim = (sizes: number[]) => ({ dim: sizes.map((s) => ({ size: String(s) })) });
  const float = { type: 'DT_FLOAT' };
  const node = [
    { name: 'x', op: 'Placeholder', attr: { dtype: float, shape: { shape: dim([-1, 4]) } } },
    { name: 'w', op: 'Const', attr: { dtype: float, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim([4, 3]) } } } },
    { name: 'b', op: 'Const', attr: { dtype: float, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dim([3]) } } } },
    { name: 'mm', op: 'MatMul', input: ['x', 'w'], attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'logits', op: 'AddV2', input: ['mm', 'b'], attr: { T: float } },
    { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: float } },
    { name: 'Identity', op: 'Identity', input: ['probs'], attr: { T: float } },
  ];
  const json = {
    format: 'graph-model', generatedBy: 'test', convertedBy: 'hand',
    modelTopology: { node, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [4, 3], dtype: 'float32' }, { name: 'b', shape: [3], dtype: 'float32' }] }],
  };
  const weights = new Float32Array([...w, ...b]);
  await writeFile(join(folder, 'weights.bin'), new Uint8Array(weights.buffer));
  await writeFile(join(folder, 'model.json'), JSON.stringify(json));
  return join(folder, 'model.json');
}

describe('TF.js GraphModel from disk', () => {
  it('predicts, finds the logits under the final Softmax (through Identity), and differentiates', async () => {
    const w = randomArray(rand, 12);
    const b = randomArray(rand, 3, 0.1);
    const model = await loadModel(await writeGraphModel(join(dir, 'graph'), w, b));
    const x = randomArray(rand, 2 * 4, 2);
    const { data, shape } = await model.predict(x, [2, 4]);
    expect(shape).toEqual([2, 3]);
    const expected = tf.tidy(() => tf.softmax(tf.tensor2d(x, [2, 4]).matMul(tf.tensor2d(w, [4, 3])).add(tf.tensor1d(b))).dataSync());
    data.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? Number.NaN, 6));
    expect(model.outputKind).toBe('probabilities');
    const labels = Int32Array.of(2, 0);
    const before = tf.memory().numTensors;
    const { loss, grad } = await model.lossGradient!(x, [2, 4], labels);
    expect(tf.memory().numTensors).toBe(before);
    labels.forEach((y, i) => expect(loss[i]).toBeCloseTo(-Math.log(data[i * 3 + y] ?? 0), 4));
    const lossAt = async (v: Float32Array) => (await model.lossGradient!(v, [2, 4], labels)).loss.reduce((p, q) => p + q, 0);
    for (const c of await checkGradient(lossAt, x, grad, largestEntries(grad, 4), 1e-2)) expect(c.relError, JSON.stringify(c)).toBeLessThan(1e-2);
    model.dispose();
  });
});
