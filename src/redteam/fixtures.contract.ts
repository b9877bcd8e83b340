/**
 * @module redteam/fixtures.contract
 * Test support for the red-team suite (excluded from the build): small differentiable
 * models with known weights, a wrapper that counts every row the model is asked about
 * (to check the oracle's accounting from outside), the optdigits MLP trained once per
 * test file, and the ART MNIST CNN with MNIST test images.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ensureTfBackend, loadModel, TensorFunctionModel, TfjsImportedModel } from '../models/index.js';
import type { HostTensor, LossGradient, Model } from '../models/index.js';
import { readIdxFile, readNpyFile, readOptdigitsFile } from '../models/io/index.js';
import { artCnnFixture } from '../models/onnx/fixtures.contract.js';
import type { ArtCnnWeights } from '../models/onnx/fixtures.contract.js';
import { trainDigits } from '../models/train/index.js';
import { sharedData } from '../../test/helpers/shared-data.js';

/**
 * An MLP `inputs → hidden (ReLU) → classes` on TF.js with seeded weights; outputs logits.
 *
 * @example
 * const model = await mlpModel({ inputs: 6, hidden: 8, classes: 3, seed: 1 });
 */
export async function mlpModel(o: { inputs: number; hidden: number; classes: number; seed: number; scale?: number }): Promise<TensorFunctionModel> {
  await ensureTfBackend();
  let s = o.seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s / 4294967296) * 2 - 1;
  };
  const scale = o.scale ?? 1;
  const w1 = tf.tensor2d(Float32Array.from({ length: o.inputs * o.hidden }, () => (next() * scale * 2) / Math.sqrt(o.inputs)), [o.inputs, o.hidden]);
  const b1 = tf.tensor1d(Float32Array.from({ length: o.hidden }, () => next() * 0.1));
  const w2 = tf.tensor2d(Float32Array.from({ length: o.hidden * o.classes }, () => (next() * 2) / Math.sqrt(o.hidden)), [o.hidden, o.classes]);
  const b2 = tf.tensor1d(Float32Array.from({ length: o.classes }, () => next() * 0.1));
  return new TensorFunctionModel({
    signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, o.inputs] }], outputs: [{ name: 'logits', datatype: 'FP32', shape: [-1, o.classes] }] },
    outputKind: 'logits',
    forward: (x) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, w1), b1)), w2), b2),
    dispose: () => tf.dispose([w1, b1, w2, b2]),
  });
}

/** Rows the wrapped model was asked about, per method. */
export interface CallCounts {
  predictRows: number;
  gradientRows: number;
  calls: number;
}

/**
 * Wraps `model` so that every row passed to `predict` or `lossGradient` is counted.
 *
 * @example
 * const { model: counted, counts } = countingModel(model);
 */
export function countingModel(model: Model): { model: Model; counts: CallCounts } {
  const counts: CallCounts = { predictRows: 0, gradientRows: 0, calls: 0 };
  const wrapped: Model = {
    signature: model.signature,
    differentiable: model.differentiable,
    outputKind: model.outputKind,
    predict(batch: Float32Array, shape: number[]): Promise<HostTensor> {
      counts.predictRows += shape[0] ?? 0;
      counts.calls++;
      return model.predict(batch, shape);
    },
    ...(model.lossGradient === undefined
      ? {}
      : {
          lossGradient(x: Float32Array, shape: number[], labels: Int32Array): Promise<LossGradient> {
            counts.gradientRows += shape[0] ?? 0;
            counts.calls++;
            return (model.lossGradient as NonNullable<Model['lossGradient']>).call(model, x, shape, labels);
          },
        }),
    dispose: () => model.dispose(),
  };
  return { model: wrapped, counts };
}

/**
 * `model` without gradients (what an onnxruntime-only or remote model looks like).
 *
 * @example
 * const blackBox = withoutGradients(model);
 */
export function withoutGradients(model: Model): Model {
  return { signature: model.signature, differentiable: false, outputKind: model.outputKind, predict: (b, s) => model.predict(b, s), dispose: () => model.dispose() };
}

/** The optdigits data and the 64-32-10 MLP (logits) trained on it. */
export interface Digits {
  readonly model: TfjsImportedModel;
  readonly bytes: Uint8Array;
  /** Test pixels / 16, row-major n × 64. */
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
}

const optdigitsTra = sharedData('images/optdigits.tra');
const optdigitsTes = sharedData('images/optdigits.tes');
/** Whether the optdigits files are present, and why tests skip otherwise. */
export const DIGITS_DATA = { available: optdigitsTra.available && optdigitsTes.available, reason: [optdigitsTra, optdigitsTes].find((d) => !d.available)?.reason ?? 'shared data present' };

/**
 * Trains the digits MLP (`epochs` passes; 40 is the repository's model) and loads it
 * through the ONNX importer.
 *
 * @example
 * const digits = await loadDigits(10);
 */
export async function loadDigits(epochs = 10): Promise<Digits> {
  const train = await readOptdigitsFile(optdigitsTra.path, { scale: true });
  const test = await readOptdigitsFile(optdigitsTes.path, { scale: true });
  const { bytes } = trainDigits(train, test, { seed: 1, epochs });
  return { model: await TfjsImportedModel.fromBytes(bytes), bytes, x: Float32Array.from(test.x), y: Int32Array.from(test.y), n: test.n };
}

const artDir = sharedData('models/art-mnist-cnn');
const mnistImages = sharedData('images/mnist/t10k-images-idx3-ubyte.gz');
const mnistLabels = sharedData('images/mnist/t10k-labels-idx1-ubyte.gz');
/** Whether the ART CNN and MNIST are present, and why tests skip otherwise. */
export const ART_DATA = {
  available: artDir.available && mnistImages.available && mnistLabels.available,
  reason: [artDir, mnistImages, mnistLabels].find((d) => !d.available)?.reason ?? 'shared data present',
};

/** The ART MNIST CNN (loaded from ONNX through the importer) and the first MNIST test images / 255. */
export interface ArtMnist {
  readonly model: Model;
  readonly weights: ArtCnnWeights;
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly dispose: () => Promise<void>;
}

/**
 * Builds the ART CNN as ONNX from its `.npy` weights, loads it differentiable (onnxruntime
 * predictions, TF.js gradients through the importer) and reads `n` MNIST test images.
 *
 * @example
 * const art = await loadArtMnist(100);
 */
export async function loadArtMnist(n: number): Promise<ArtMnist> {
  const npy = async (name: string): Promise<Float64Array> => (await readNpyFile(join(artDir.path, `${name}.npy`))).data as Float64Array;
  const weights = { convW: await npy('W_CONV2D_MNIST'), convB: await npy('B_CONV2D_MNIST'), denseW: await npy('W_DENSE_MNIST'), denseB: await npy('B_DENSE_MNIST') };
  const pixels = (await readIdxFile(mnistImages.path)).data as Uint8Array;
  const x = Float32Array.from(pixels.subarray(0, n * 784), (p) => p / 255);
  const y = Int32Array.from((await readIdxFile(mnistLabels.path)).data.subarray(0, n) as Uint8Array);
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-redteam-art-'));
  const path = join(dir, 'art-mnist-cnn.onnx');
  await writeFile(path, artCnnFixture(weights).toBytes());
  const model = await loadModel(path, { differentiable: true });
  return { model, weights, x, y, dispose: async () => { model.dispose(); await rm(dir, { recursive: true, force: true }); } };
}
