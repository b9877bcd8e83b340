/**
 * @module models/train/digits
 * Trains the 64-32-10 MLP on UCI optdigits that the red-team benchmark attacks: inputs
 * are the 8×8 pixels divided by 16 (range [0, 1], declared in the signature), no
 * standardisation, and the graph outputs **logits** (output name `logits`), which
 * gradient attacks use directly. Evaluated on the separate test file. Pure.
 */
import { sha256Hex } from '../../shared/digest.js';
import type { ModelSignature } from '../../shared/signature.js';
import type { OptdigitsSet } from '../io/optdigits.js';
import { classifierSignature } from './artifacts.js';
import { classifierOutputs } from './classifier.js';
import type { Classifier } from './classifier.js';
import { TRAIN_DEFAULTS } from './defaults.js';
import { trainErrors } from './errors.js';
import { fitMlp } from './fit.js';
import { accuracy } from './metrics.js';
import { classifierToOnnx } from './onnx-export.js';

/** Digits: ten classes. */
const CLASSES = 10;

/** Options of {@link trainDigits} (defaults in `TRAIN_DEFAULTS`). */
export interface DigitsOptions {
  readonly hidden?: number;
  readonly epochs?: number;
  readonly seed?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
}

/** Test figures and the run's settings, as written to `NAME.metrics.json`. */
export interface DigitsMetrics {
  readonly task: 'digits';
  readonly rows: { readonly train: number; readonly test: number };
  readonly settings: { readonly hidden: number; readonly epochs: number; readonly seed: number };
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly trainLoss: number;
  readonly onnxSha256: string;
}

/** A trained digits model. */
export interface DigitsResult {
  readonly classifier: Classifier;
  readonly bytes: Uint8Array;
  readonly signature: ModelSignature;
  readonly metrics: DigitsMetrics;
}

function toFloat64Scaled(set: OptdigitsSet, name: string): Float64Array {
  const x = Float64Array.from(set.x);
  for (const v of x) {
    if (!(v >= 0 && v <= 1)) throw trainErrors.error('MDL_ERR_TRAIN_BAD_OPTION', `${name} pixels must be scaled to [0, 1] (parse with { scale: true }), found ${v}`, { option: name, value: v });
  }
  return x;
}

/**
 * Trains and exports the digits MLP. Both sets must be parsed with `{ scale: true }`.
 *
 * @example
 * const train = await readOptdigitsFile('optdigits.tra', { scale: true });
 * const test = await readOptdigitsFile('optdigits.tes', { scale: true });
 * const { bytes, metrics } = trainDigits(train, test, { seed: 1 });
 * metrics.testAccuracy; // ≈ 0.96
 */
export function trainDigits(train: OptdigitsSet, test: OptdigitsSet, options: DigitsOptions = {}): DigitsResult {
  const hidden = options.hidden ?? TRAIN_DEFAULTS.hidden;
  const epochs = options.epochs ?? TRAIN_DEFAULTS.digitsEpochs;
  const seed = options.seed ?? TRAIN_DEFAULTS.seed;
  if (!Number.isInteger(hidden) || hidden < 0 || hidden > 4096) throw trainErrors.error('MDL_ERR_TRAIN_BAD_OPTION', `hidden units must be an integer 0–4096, got ${hidden}`, { option: 'hidden', value: hidden });
  if (train.n < CLASSES || test.n < 1) throw trainErrors.error('MDL_ERR_TRAIN_TOO_FEW_ROWS', `digits need at least ${CLASSES} training rows and 1 test row (got ${train.n} and ${test.n})`, { train: train.n, test: test.n });
  const xTrain = toFloat64Scaled(train, 'train');
  const xTest = toFloat64Scaled(test, 'test');
  const { mlp, lossHistory } = fitMlp(xTrain, train.y, { inputs: 64, hidden, classes: CLASSES }, {
    epochs,
    seed,
    batchSize: options.batchSize ?? TRAIN_DEFAULTS.digitsBatchSize,
    learningRate: options.learningRate ?? TRAIN_DEFAULTS.digitsLearningRate,
  });
  const classifier: Classifier = { mlp, output: 'logits' };
  const bytes = classifierToOnnx(classifier, { inputName: TRAIN_DEFAULTS.digitsInput, graphName: 'optdigits_mlp' });
  const signature = classifierSignature(classifier, { inputName: TRAIN_DEFAULTS.digitsInput, outputName: TRAIN_DEFAULTS.logitsOutput, inputRange: [0, 1] });
  const metrics: DigitsMetrics = {
    task: 'digits',
    rows: { train: train.n, test: test.n },
    settings: { hidden, epochs, seed },
    trainAccuracy: accuracy(classifierOutputs(classifier, xTrain), train.y, CLASSES),
    testAccuracy: accuracy(classifierOutputs(classifier, xTest), test.y, CLASSES),
    trainLoss: lossHistory.at(-1) ?? Number.NaN,
    onnxSha256: sha256Hex(bytes),
  };
  return { classifier, bytes, signature, metrics };
}
