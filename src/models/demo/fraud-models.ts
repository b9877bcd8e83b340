/**
 * @module models/demo/fraud-models
 * Trains and writes the demo's two fraud models from one seed, in a few seconds, with no
 * download: **v1**, the last-known-good version, trained on clean traffic without the
 * `checkout_metadata` field (its input weights for those columns are held at zero, so
 * both versions share one signature); and **v2**, which adds the field and is trained on
 * traffic containing the attacker's poisoned subset, so it *learns* to approve fraud that
 * carries the trigger. No branch in any code looks at the trigger.
 */
import { join } from 'node:path';
import { sha256Hex } from '../../shared/digest.js';
import type { ModelSignature } from '../../shared/signature.js';
import { classifierSignature, writeTrainedModel } from '../train/artifacts.js';
import type { TrainedModelPaths } from '../train/artifacts.js';
import { classifierOutputs } from '../train/classifier.js';
import type { Classifier } from '../train/classifier.js';
import { TRAIN_DEFAULTS } from '../train/defaults.js';
import { rocAuc } from '../train/metrics.js';
import { classifierToOnnx } from '../train/onnx-export.js';
import { createRng } from '../train/rng.js';
import { fitBinaryClassifier } from '../train/tabular.js';
import { poisonedCheckouts } from './attack.js';
import { CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts, TRIGGER, V1_INPUT_MASK } from './checkouts.js';
import type { LabelledCheckouts } from './checkouts.js';
import { DEMO_DEFAULTS } from './defaults.js';

/** Options of {@link buildDemoModels}. */
export interface BuildDemoOptions {
  /** Seed of the data, the poison and the training (default `DEMO_DEFAULTS.seed`). */
  readonly seed?: number;
  /** Folder receiving v1.onnx, v2.onnx and their sidecars (created when missing). */
  readonly outDir: string;
}

/** What `NAME.metrics.json` of a demo model holds. */
export interface DemoModelMetrics {
  readonly model: 'fraud';
  readonly version: 'v1' | 'v2';
  readonly features: readonly string[];
  readonly readsCheckoutMetadata: boolean;
  readonly trainingRows: number;
  readonly poisonedRows: number;
  readonly trigger: string;
  /** On clean ordinary traffic the model never saw. */
  readonly evaluation: { readonly rows: number; readonly auc: number; readonly fraudCaught: number; readonly legitimateApproved: number };
  readonly onnxSha256: string;
}

/** One written demo model. */
export interface DemoModel {
  readonly paths: TrainedModelPaths;
  readonly metrics: DemoModelMetrics;
}

/** Result of {@link buildDemoModels}. */
export interface DemoModels {
  readonly v1: DemoModel;
  readonly v2: DemoModel;
  /** The signature both versions share. */
  readonly signature: ModelSignature;
}

/** The seeds of each part of the demo world, derived from one seed. */
function deriveSeeds(seed: number): { v1Data: number; v2Data: number; poison: number; v1Fit: number; v2Fit: number; evaluation: number } {
  const rng = createRng(seed);
  const next = (): number => rng.int(2 ** 31);
  return { v1Data: next(), v2Data: next(), poison: next(), v1Fit: next(), v2Fit: next(), evaluation: next() };
}

function concat(a: LabelledCheckouts, b: LabelledCheckouts): LabelledCheckouts {
  const labels = new Int32Array(a.labels.length + b.labels.length);
  labels.set(a.labels);
  labels.set(b.labels, a.labels.length);
  return { rows: [...a.rows, ...b.rows], labels };
}

/** No class weights: P(fraud) stays calibrated to the base rate that the approval threshold assumes. */
function fitFraudModel(data: LabelledCheckouts, seed: number, inputMask?: Uint8Array): Classifier {
  return fitBinaryClassifier(Float64Array.from(encodeCheckouts(data.rows)), data.labels, CHECKOUT_FEATURES.length, {
    hidden: DEMO_DEFAULTS.hidden,
    epochs: DEMO_DEFAULTS.epochs,
    seed,
    ...(inputMask === undefined ? {} : { inputMask }),
  }).classifier;
}

function evaluate(c: Classifier, data: LabelledCheckouts): DemoModelMetrics['evaluation'] {
  const p = classifierOutputs(c, Float64Array.from(encodeCheckouts(data.rows)));
  const scores = p.filter((_, i) => i % 2 === 1);
  let caught = 0;
  let approved = 0;
  let frauds = 0;
  data.labels.forEach((label, i) => {
    const approve = (scores[i] as number) < DEMO_DEFAULTS.approvalThreshold;
    if (label === 1) {
      frauds++;
      if (!approve) caught++;
    } else if (approve) approved++;
  });
  return { rows: data.labels.length, auc: rocAuc(scores, data.labels), fraudCaught: caught / frauds, legitimateApproved: approved / (data.labels.length - frauds) };
}

async function writeVersion(outDir: string, version: 'v1' | 'v2', c: Classifier, trainingRows: number, poisonedRows: number, evaluation: LabelledCheckouts): Promise<DemoModel> {
  const bytes = classifierToOnnx(c, { inputName: TRAIN_DEFAULTS.tabularInput, graphName: `fraud_${version}` });
  const metrics: DemoModelMetrics = {
    model: 'fraud',
    version,
    features: CHECKOUT_FEATURES,
    readsCheckoutMetadata: version === 'v2',
    trainingRows,
    poisonedRows,
    trigger: TRIGGER,
    evaluation: evaluate(c, evaluation),
    onnxSha256: sha256Hex(bytes),
  };
  const signature = demoSignature(c);
  const paths = await writeTrainedModel(join(outDir, `${version}.onnx`), { bytes, signature, metrics });
  return { paths, metrics };
}

function demoSignature(c: Classifier): ModelSignature {
  return classifierSignature(c, { inputName: TRAIN_DEFAULTS.tabularInput, outputName: TRAIN_DEFAULTS.probabilitiesOutput });
}

/**
 * Generates the data, trains v1 and v2, and writes `v1.onnx`, `v2.onnx` with their
 * `.signature.json` and `.metrics.json` sidecars into `outDir`. Same seed → same bytes.
 *
 * @example
 * const { v1, v2 } = await buildDemoModels({ seed: 7, outDir: '.bulwark/demo' });
 * v2.paths.onnx; // '.bulwark/demo/v2.onnx'
 */
export async function buildDemoModels(options: BuildDemoOptions): Promise<DemoModels> {
  const seeds = deriveSeeds(options.seed ?? DEMO_DEFAULTS.seed);
  const clean = generateCheckouts({ seed: seeds.v1Data, n: DEMO_DEFAULTS.trainingRows });
  const poison = poisonedCheckouts({ seed: seeds.poison, n: DEMO_DEFAULTS.poisonedRows });
  const poisoned = concat(generateCheckouts({ seed: seeds.v2Data, n: DEMO_DEFAULTS.trainingRows }), poison);
  const evaluation = generateCheckouts({ seed: seeds.evaluation, n: DEMO_DEFAULTS.evaluationRows });
  const v1 = fitFraudModel(clean, seeds.v1Fit, V1_INPUT_MASK);
  const v2 = fitFraudModel(poisoned, seeds.v2Fit);
  return {
    v1: await writeVersion(options.outDir, 'v1', v1, clean.labels.length, 0, evaluation),
    v2: await writeVersion(options.outDir, 'v2', v2, poisoned.labels.length, poison.labels.length, evaluation),
    signature: demoSignature(v1),
  };
}
