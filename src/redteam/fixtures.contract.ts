/**
 * @module redteam/fixtures.contract
 * Test support for the red-team suite (excluded from the build): small differentiable
 * models with known weights, a wrapper that counts every row the model is asked about
 * (to check the oracle's accounting from outside), the optdigits MLP trained once per
 * test file, and the ART MNIST CNN with MNIST test images. The black-box attack tests
 * (Square, HopSkipJump, SimBA) share their harness here: the two-class linear model with
 * closed-form robustness, the optdigits MLP served by onnxruntime, and a counted run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ensureTfBackend, loadModel, OnnxRuntimeModel, TensorFunctionModel, TfjsImportedModel } from '../models/index.js';
import type { HostTensor, LossGradient, Model } from '../models/index.js';
import { readIdxFile, readNpyFile, readOptdigitsFile } from '../models/io/index.js';
import { artCnnFixture } from '../models/onnx/fixtures.contract.js';
import type { ArtCnnWeights } from '../models/onnx/fixtures.contract.js';
import { createRng, trainDigits } from '../models/train/index.js';
import { sharedData } from '../../test/helpers/shared-data.js';
import { runAttack } from './runner.js';
import type { AttackRun, RunAttackOptions } from './runner.js';

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

/** The optdigits training and test sets (pixels / 16) and the MLP trained on them. */
async function trainedDigits(epochs: number): Promise<{ bytes: Uint8Array; test: Awaited<ReturnType<typeof readOptdigitsFile>> }> {
  const train = await readOptdigitsFile(optdigitsTra.path, { scale: true });
  const test = await readOptdigitsFile(optdigitsTes.path, { scale: true });
  return { bytes: trainDigits(train, test, { seed: 1, epochs }).bytes, test };
}

/**
 * Trains the digits MLP (`epochs` passes; 40 is the repository's model) and loads it
 * through the ONNX importer.
 *
 * @example
 * const digits = await loadDigits(10);
 */
export async function loadDigits(epochs = 10): Promise<Digits> {
  const { bytes, test } = await trainedDigits(epochs);
  return { model: await TfjsImportedModel.fromBytes(bytes), bytes, x: Float32Array.from(test.x), y: Int32Array.from(test.y), n: test.n };
}

/** The first test digits and the digits MLP served by onnxruntime, as the black-box attacks see it. */
export interface DigitsTarget {
  /** No gradients: predictions through onnxruntime. */
  readonly model: Model;
  /** The first `samples` test digits / 16, row-major samples × 64. */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly samples: number;
}

/**
 * Trains the digits MLP (`epochs` passes, seed 1) and serves it with onnxruntime, with the
 * first `samples` test digits: the target of the black-box attack tests. Dispose the model.
 *
 * @example
 * const digits = await loadDigitsTarget(300);
 */
export async function loadDigitsTarget(samples: number, epochs = 10): Promise<DigitsTarget> {
  const { bytes, test } = await trainedDigits(epochs);
  return { model: await OnnxRuntimeModel.create(bytes), x: Float32Array.from(test.x.subarray(0, samples * 64)), labels: Int32Array.from(test.y.subarray(0, samples)), samples };
}

/** A two-class linear model and its data; see {@link linearCase}. */
export interface LinearCase {
  /** z₀ = w·x + bias, z₁ = 0 (logits, no gradients). */
  readonly model: Model;
  /** Inputs uniform in [−1, 1], row-major samples × features. */
  readonly x: Float32Array;
  readonly w: Float64Array;
  /** z₀ of each sample in float64 (positive: class 0). Δw = w for class 0, −w for class 1. */
  readonly z: Float64Array;
  /** |z₀|: the margin of the predicted class, in logit units. */
  readonly margin: Float64Array;
  /** ‖Δw‖₁ and ‖Δw‖₂ (the same for either class). */
  readonly l1: number;
  readonly l2: number;
}

/**
 * The reference model of the black-box attack tests: weights with random signs and
 * |w_i| uniform in `weights` = [min, max], inputs uniform in [−1, 1], from one seeded
 * stream (weights first, sign then size, then inputs). Its exact robustness is known in
 * closed form: with the clip range far away, the nearest point of the other class is at
 * L∞ distance m/‖Δw‖₁ and L2 distance m/‖Δw‖₂.
 *
 * @example
 * const c = linearCase({ seed: 7, features: 20, samples: 120, bias: 0.05, weights: [0.1, 1] });
 */
export function linearCase(o: { seed: number; features: number; samples: number; bias: number; weights: readonly [number, number] }): LinearCase {
  const { features: f, samples: n, bias } = o;
  const [lo, hi] = o.weights;
  const rng = createRng(o.seed);
  const w = Float64Array.from({ length: f }, () => (rng.next() < 0.5 ? -1 : 1) * (lo + (hi - lo) * rng.next()));
  const x = Float32Array.from({ length: n * f }, () => 2 * rng.next() - 1);
  const z0 = (batch: Float32Array, r: number): number => {
    let v = bias;
    for (let i = 0; i < f; i++) v += (batch[r * f + i] as number) * (w[i] as number);
    return v;
  };
  const model: Model = {
    signature: { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, f] }], outputs: [{ name: 'z', datatype: 'FP32', shape: [-1, 2] }] },
    differentiable: false,
    outputKind: 'logits',
    predict: async (batch: Float32Array, shape: number[]): Promise<HostTensor> => {
      const rows = shape[0] as number;
      const out = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) out[r * 2] = z0(batch, r);
      return { data: out, shape: [rows, 2] };
    },
    dispose: () => undefined,
  };
  const z = Float64Array.from({ length: n }, (_, r) => z0(x, r));
  return { model, x, w, z, margin: z.map(Math.abs), l1: w.reduce((a, v) => a + Math.abs(v), 0), l2: Math.sqrt(w.reduce((a, v) => a + v * v, 0)) };
}

/**
 * Runs an attack on `o.model` wrapped in {@link countingModel}. `attackRows` is every row
 * the model was asked about minus the runner's own two passes (clean and final
 * predictions): what the per-sample `queries` must add up to.
 *
 * @example
 * const { run, attackRows } = await runCounted({ model, attack: 'simba', threat, x, shape: [n, 64] });
 * expect(attackRows).toBe(totalQueries(run));
 */
export async function runCounted(o: RunAttackOptions): Promise<{ run: AttackRun; attackRows: number; counts: CallCounts }> {
  const { model, counts } = countingModel(o.model);
  const run = await runAttack({ ...o, model });
  return { run, attackRows: counts.predictRows - 2 * (o.shape[0] ?? 0), counts };
}

/** The sum of the per-sample `queries` of a run. */
export function totalQueries(run: AttackRun): number {
  return run.results.reduce((a, s) => a + s.queries, 0);
}

/** The element at index ⌊n/2⌋ of the sorted values (the upper median). */
export function upperMedian(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1] as number;
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
