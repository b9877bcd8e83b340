import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { readIdxFile, readNpyFile } from '../io/index.js';
import { loadModel } from '../load-model.js';
import type { Model } from '../model.js';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { artCnnFixture, artCnnReference } from './fixtures.contract.js';
import type { ArtCnnWeights } from './fixtures.contract.js';
import { checkGradient, largestEntries } from './gradcheck.contract.js';
import { PARITY_TOLERANCE } from './parity.contract.js';

const weightsDir = sharedData('models/art-mnist-cnn');
const images = sharedData('images/mnist/t10k-images-idx3-ubyte.gz');
const labelsFile = sharedData('images/mnist/t10k-labels-idx1-ubyte.gz');
const available = weightsDir.available && images.available && labelsFile.available;
const reason = [weightsDir, images, labelsFile].find((d) => !d.available)?.reason ?? 'shared data present';

const N = 100;
const SHAPE = [N, 1, 28, 28];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? Number.NaN)));
  return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if ((row[i] ?? 0) > (row[best] ?? 0)) best = i;
  return best;
}

function softmax64(logits: Float64Array): Float64Array {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((v) => v / s);
}

describe.skipIf(!available)(`ART MNIST CNN, first ${N} MNIST test images (${reason})`, () => {
  let weights: ArtCnnWeights;
  let x: Float32Array;
  let labels: Int32Array;
  let dir: string;
  let ort: Model;
  let imported: Model;

  beforeAll(async () => {
    const npy = async (name: string) => (await readNpyFile(join(weightsDir.path, `${name}.npy`))).data as Float64Array;
    weights = { convW: await npy('W_CONV2D_MNIST'), convB: await npy('B_CONV2D_MNIST'), denseW: await npy('W_DENSE_MNIST'), denseB: await npy('B_DENSE_MNIST') };
    expect(weights.convW).toHaveLength(49);
    expect(weights.denseW).toHaveLength(250);
    const pixels = (await readIdxFile(images.path)).data as Uint8Array;
    x = Float32Array.from(pixels.subarray(0, N * 784), (p) => p / 255);
    labels = Int32Array.from((await readIdxFile(labelsFile.path)).data.subarray(0, N) as Uint8Array);
    dir = await mkdtemp(join(tmpdir(), 'bulwark-art-'));
    const path = join(dir, 'art-mnist-cnn.onnx');
    await writeFile(path, artCnnFixture(weights).toBytes());
    ort = await OnnxRuntimeModel.create(path);
    imported = await loadModel(path, { differentiable: true, onnxPredictor: 'tfjs' });
  });

  afterAll(async () => {
    ort?.dispose();
    imported?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('importer and onnxruntime agree on all 100 images', async () => {
    const ref = await ort.predict(x, SHAPE);
    const got = await imported.predict(x, SHAPE);
    const diff = maxAbsDiff(ref.data, got.data);
    console.info(`[parity] ART MNIST CNN (100 images) max abs diff ${diff.toExponential(2)}`);
    expect(got.shape).toEqual([N, 10]);
    expect(diff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('both match the network computed in float64 from the Keras weights (layout check)', async () => {
    const got = await imported.predict(x, SHAPE);
    let diff = 0;
    let agree = 0;
    let correct = 0;
    for (let n = 0; n < N; n++) {
      const expected = softmax64(artCnnReference(weights, x.subarray(n * 784, (n + 1) * 784)));
      const row = got.data.subarray(n * 10, (n + 1) * 10);
      diff = Math.max(diff, maxAbsDiff(expected, row));
      if (argmax(expected) === argmax(row)) agree++;
      if (argmax(row) === labels[n]) correct++;
    }
    console.info(`[parity] ART MNIST CNN vs float64 Keras-layout reference: max abs diff ${diff.toExponential(2)}; clean accuracy ${correct}/${N}`);
    expect(diff).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(agree).toBe(N);
  });

  it('lossGradient matches central finite differences on the most sensitive pixels', async () => {
    const sample = 3;
    const xs = x.slice(sample * 784, (sample + 1) * 784);
    const y = labels.subarray(sample, sample + 1);
    const before = tf.memory().numTensors;
    const { loss, grad } = await imported.lossGradient!(xs, [1, 1, 28, 28], y);
    expect(tf.memory().numTensors).toBe(before);
    expect(grad.some((g) => g !== 0)).toBe(true);
    const pixels = largestEntries(grad, 5);
    // Against the float64 reference (h small: exact up to float32 rounding of the gradient).
    const loss64 = async (v: Float32Array) => {
      const p = softmax64(artCnnReference(weights, Float64Array.from(v)));
      return -Math.log(p[y[0] ?? 0] ?? 0);
    };
    const exact = await checkGradient(loss64, xs, grad, pixels, 1e-3);
    expect(loss[0]).toBeCloseTo(await loss64(xs), 4);
    // Against the model's own float32 loss (h larger: float32 cancellation).
    const own = await checkGradient(async (v) => (await imported.lossGradient!(v, [1, 1, 28, 28], y)).loss[0] ?? 0, xs, grad, pixels, 1e-2);
    console.info(`[gradient] ART MNIST CNN max relative error: float64 reference ${Math.max(...exact.map((c) => c.relError)).toExponential(2)}, own float32 loss ${Math.max(...own.map((c) => c.relError)).toExponential(2)}`);
    for (const c of exact) expect(c.relError, JSON.stringify(c)).toBeLessThan(1e-3);
    for (const c of own) expect(c.relError, JSON.stringify(c)).toBeLessThan(2e-2);
  });
});
