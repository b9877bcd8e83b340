/**
 * @module models/train/tabular
 * Trains a binary classifier on a numeric table: seeded stratified hold-out split,
 * standardisation fitted on the training rows only (and written into the graph), an MLP
 * (or logistic regression) fitted by Adam, then hold-out accuracy and ROC AUC. Returns the
 * `.onnx` bytes, the signature and the metrics; writing them is the caller's job. Pure.
 */
import { sha256Hex } from '../../shared/digest.js';
import type { ModelSignature } from '../../shared/signature.js';
import { classifierSignature } from './artifacts.js';
import { classifierOutputs } from './classifier.js';
import type { Classifier } from './classifier.js';
import { TRAIN_DEFAULTS } from './defaults.js';
import { trainErrors } from './errors.js';
import { balancedClassWeights, fitMlp } from './fit.js';
import { accuracy, logLoss, rocAuc } from './metrics.js';
import { classifierToOnnx } from './onnx-export.js';
import { stratifiedSplit, takeRows } from './split.js';
import { fitStandardizer, standardize } from './standardize.js';

/** A numeric table: row-major features and a 0/1 target. */
export interface TabularData {
  readonly x: Float64Array;
  readonly y: ArrayLike<number>;
  /** Feature names, in column order (`x.length = y.length × columns.length`). */
  readonly columns: readonly string[];
  /** Name of the target, for messages and the metrics (default `target`). */
  readonly target?: string;
}

/** Options of {@link fitBinaryClassifier} (all optional; defaults in `TRAIN_DEFAULTS`). */
export interface ClassifierOptions {
  readonly hidden?: number;
  readonly epochs?: number;
  readonly seed?: number;
  readonly batchSize?: number;
  readonly learningRate?: number;
  readonly l2?: number;
  /** `balanced` weighs each class by n / (2·n_c) in the loss (default `none`). */
  readonly classWeight?: 'none' | 'balanced';
  /** 1 = the model reads this feature, 0 = its input weights are held at zero. */
  readonly inputMask?: Uint8Array;
}

/** Options of {@link trainTabular}. */
export interface TabularOptions extends ClassifierOptions {
  /** Share of rows held out, stratified (default 0.2). */
  readonly testFraction?: number;
}

/** Hold-out figures and the run's settings, as written to `NAME.metrics.json`. */
export interface TabularMetrics {
  readonly task: 'tabular';
  readonly target: string;
  readonly features: string[];
  readonly rows: { readonly train: number; readonly test: number };
  readonly positiveRate: { readonly train: number; readonly test: number };
  readonly settings: { readonly hidden: number; readonly epochs: number; readonly seed: number; readonly testFraction: number; readonly classWeight: string };
  readonly holdout: { readonly accuracy: number; readonly auc: number; readonly logLoss: number };
  readonly trainLoss: number;
  readonly onnxSha256: string;
}

/** A trained tabular model. */
export interface TabularResult {
  readonly classifier: Classifier;
  readonly bytes: Uint8Array;
  readonly signature: ModelSignature;
  readonly metrics: TabularMetrics;
  /** Raw hold-out rows and labels (for checking the written file against the trainer). */
  readonly holdout: { readonly x: Float64Array; readonly y: Int32Array };
}

/**
 * Checks that `y` holds only 0 and 1, both present; returns it as Int32Array.
 *
 * @example
 * binaryLabels([0, 1, 1], 'Y'); // Int32Array [0, 1, 1]
 */
export function binaryLabels(y: ArrayLike<number>, target: string): Int32Array {
  const labels = new Int32Array(y.length);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number;
    if (v !== 0 && v !== 1) throw trainErrors.error('MDL_ERR_TRAIN_BAD_TARGET', `target "${target}" must be 0 or 1, row ${i + 1} holds ${v}`, { target, row: i + 1, value: v });
    labels[i] = v;
    positives += v;
  }
  if (positives === 0 || positives === y.length) {
    throw trainErrors.error('MDL_ERR_TRAIN_BAD_TARGET', `target "${target}" holds only ${positives === 0 ? 0 : 1}s: a classifier needs both classes`, { target, positives, rows: y.length });
  }
  return labels;
}

/**
 * Fits standardisation and a 2-class MLP on raw rows; the classifier outputs
 * probabilities. Used by {@link trainTabular} and the demo's fraud models.
 *
 * @example
 * const c = fitBinaryClassifier(x, y, 7, { hidden: 16, classWeight: 'balanced' });
 */
export function fitBinaryClassifier(x: Float64Array, y: Int32Array, width: number, options: ClassifierOptions = {}): { classifier: Classifier; trainLoss: number } {
  const hidden = options.hidden ?? TRAIN_DEFAULTS.hidden;
  if (!Number.isInteger(hidden) || hidden < 0 || hidden > 4096) throw trainErrors.error('MDL_ERR_TRAIN_BAD_OPTION', `hidden units must be an integer 0–4096, got ${hidden}`, { option: 'hidden', value: hidden });
  const standardizer = fitStandardizer(x, width);
  const { mlp, lossHistory } = fitMlp(standardize(standardizer, x), y, { inputs: width, hidden, classes: 2 }, {
    epochs: options.epochs ?? TRAIN_DEFAULTS.tabularEpochs,
    batchSize: options.batchSize ?? TRAIN_DEFAULTS.tabularBatchSize,
    learningRate: options.learningRate ?? TRAIN_DEFAULTS.tabularLearningRate,
    seed: options.seed ?? TRAIN_DEFAULTS.seed,
    l2: options.l2 ?? TRAIN_DEFAULTS.l2,
    ...(options.classWeight === 'balanced' ? { classWeights: balancedClassWeights(y, 2) } : {}),
    ...(options.inputMask === undefined ? {} : { inputMask: options.inputMask }),
  });
  return { classifier: { mlp, standardizer, output: 'probabilities' }, trainLoss: lossHistory.at(-1) ?? Number.NaN };
}

/**
 * Splits, trains, evaluates and exports a binary classifier.
 *
 * @example
 * const { x, y, columns } = csvToMatrix(table, { target: 'Y', columns: features });
 * const { bytes, signature, metrics } = trainTabular({ x, y, columns }, { seed: 1 });
 * metrics.holdout.auc; // ≈ 0.77 on UCI default-of-credit-card
 */
export function trainTabular(data: TabularData, options: TabularOptions = {}): TabularResult {
  const width = data.columns.length;
  const target = data.target ?? 'target';
  const y = binaryLabels(data.y, target);
  const seed = options.seed ?? TRAIN_DEFAULTS.seed;
  const testFraction = options.testFraction ?? TRAIN_DEFAULTS.testFraction;
  const split = stratifiedSplit(y, testFraction, seed);
  const xTrain = takeRows(data.x, width, split.train);
  const yTrain = split.train.map((i) => y[i] as number);
  const xTest = takeRows(data.x, width, split.test);
  const yTest = split.test.map((i) => y[i] as number);
  const { classifier, trainLoss } = fitBinaryClassifier(xTrain, yTrain, width, { ...options, seed });
  const probabilities = classifierOutputs(classifier, xTest);
  const scores = probabilities.filter((_, i) => i % 2 === 1);
  const bytes = classifierToOnnx(classifier, { inputName: TRAIN_DEFAULTS.tabularInput, graphName: 'tabular_classifier' });
  const signature = classifierSignature(classifier, { inputName: TRAIN_DEFAULTS.tabularInput, outputName: TRAIN_DEFAULTS.probabilitiesOutput });
  const mean = (v: Int32Array): number => v.reduce((a, b) => a + b, 0) / v.length;
  const metrics: TabularMetrics = {
    task: 'tabular',
    target,
    features: [...data.columns],
    rows: { train: yTrain.length, test: yTest.length },
    positiveRate: { train: mean(yTrain), test: mean(yTest) },
    settings: { hidden: classifier.mlp.hidden, epochs: options.epochs ?? TRAIN_DEFAULTS.tabularEpochs, seed, testFraction, classWeight: options.classWeight ?? 'none' },
    holdout: { accuracy: accuracy(probabilities, yTest, 2), auc: rocAuc(scores, yTest), logLoss: logLoss(probabilities, yTest, 2) },
    trainLoss,
    onnxSha256: sha256Hex(bytes),
  };
  return { classifier, bytes, signature, metrics, holdout: { x: xTest, y: yTest } };
}
