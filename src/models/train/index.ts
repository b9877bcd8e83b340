/**
 * @module models/train
 * Public surface of the trainers: a deterministic hand-written MLP trainer on Float64
 * arrays (Adam, seeded), the pure pieces it is built from (stratified split,
 * standardisation, ROC AUC and accuracy), the ONNX export with standardisation inside
 * the graph, the tabular and digits tasks behind `bulwark train`, and the error catalog.
 */
export { trainErrors } from './errors.js';
export type { TrainErrorCode } from './errors.js';
export { TRAIN_DEFAULTS } from './defaults.js';
export { createRng } from './rng.js';
export type { Rng } from './rng.js';
export { stratifiedSplit, takeRows } from './split.js';
export type { Split } from './split.js';
export { fitStandardizer, standardize } from './standardize.js';
export type { Standardizer } from './standardize.js';
export { accuracy, argmax, logLoss, rocAuc } from './metrics.js';
export { initMlp, mlpLogits, softmaxRows } from './mlp.js';
export type { Mlp, MlpShape } from './mlp.js';
export { balancedClassWeights, fitMlp } from './fit.js';
export type { FitOptions, FitResult } from './fit.js';
export { classifierOutputs } from './classifier.js';
export type { Classifier, ClassifierOutput } from './classifier.js';
export { classifierToOnnx } from './onnx-export.js';
export type { OnnxExportOptions } from './onnx-export.js';
export { classifierSignature, sidecarPaths, writeTrainedModel } from './artifacts.js';
export type { SignatureOptions, TrainedModelPaths } from './artifacts.js';
export { binaryLabels, fitBinaryClassifier, trainTabular } from './tabular.js';
export type { ClassifierOptions, TabularData, TabularMetrics, TabularOptions, TabularResult } from './tabular.js';
export { trainDigits } from './digits.js';
export type { DigitsMetrics, DigitsOptions, DigitsResult } from './digits.js';
