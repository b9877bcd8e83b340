/**
 * @module inspect/prompt-injection/train/train
 * Trains the prompt-injection model end to end from a corpus (pure; `scripts/train-injection.ts`
 * reads the files and writes the artifact):
 *
 * 1. hold out `heldOutFraction` of every (source, label) group by a hash of the text
 *    (`split.ts`); training never sees it;
 * 2. normalise every training text, match the rules, hash the n-grams;
 * 3. k-fold cross-validation on the training split: a model per fold (fit on the texts no
 *    rule matches, see `ruleMatchedWeight`), pruned and quantised as shipped, predicts its
 *    held-back fold → out-of-fold logits;
 * 4. fit the combiner on the out-of-fold logits and rule/obfuscation signals, and choose the
 *    threshold on the out-of-fold combined scores for `targetFpr`;
 * 5. train the final model on the whole training split (the texts no rule matches), prune
 *    and quantise it.
 *
 * Same corpus + options → same artifact, byte for byte (no clock, no randomness).
 */
import { digestJson } from '../../../shared/digest.js';
import { normalizeText } from '../../normalize/index.js';
import { ARTIFACT_FORMAT } from '../artifact.js';
import type { PromptInjectionArtifact, QuantisedLinear, TrainingRecord } from '../artifact.js';
import { HASH_BITS } from '../features.js';
import { matchRules } from '../rules.js';
import { combineLogit, signalVector, sigmoid } from '../signals.js';
import { chooseThreshold, fitCombiner, round6 } from './combiner-fit.js';
import type { CombinerRow } from './combiner-fit.js';
import { compress, decompress } from './compress.js';
import type { Example } from './corpus.js';
import { linearScore, toSparse, trainLogistic } from './logistic.js';
import type { SparseExample } from './logistic.js';
import { assignFolds, holdOut } from './split.js';

/** Options of {@link trainInjectionModel}. */
export interface TrainOptions {
  readonly seed: number;
  readonly heldOutFraction: number;
  readonly folds: number;
  readonly l2: number;
  readonly steps: number;
  readonly learningRate: number;
  /** Most weights kept in the artifact. */
  readonly maxWeights: number;
  /** False-positive rate the threshold is chosen for, on out-of-fold benign scores. */
  readonly targetFpr: number;
  /**
   * Weight (0..1) of rule-matched texts when fitting the n-gram model. 0 (the default): the
   * model is fit only on texts no rule matches (rules first, the model for the rest), so it
   * does not learn the rules' own words ("ignore", "instructions") as evidence, which made
   * benign prompts that mention them score high. 1: every text counts fully.
   */
  readonly ruleMatchedWeight: number;
}

/** The defaults `npm run train:injection` uses. */
export const TRAIN_DEFAULTS: TrainOptions = Object.freeze({
  seed: 5,
  heldOutFraction: 0.2,
  folds: 5,
  l2: 1e-4,
  steps: 250,
  learningRate: 0.05,
  maxWeights: 16_000,
  targetFpr: 0.03,
  ruleMatchedWeight: 0,
});

/** What the training files were (recorded in the artifact). */
export interface DataProvenance {
  readonly dataDigest: string;
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
}

interface Prepared {
  readonly sparse: SparseExample;
  readonly signals: number[];
  /** A rule (not a bare role marker) matched. */
  readonly ruleHit: boolean;
}

function prepare(examples: readonly Example[]): Prepared[] {
  const normalized = examples.map((e) => normalizeText(e.text));
  const sparse = toSparse(normalized.map((n, i) => ({ text: n.text, label: examples[i]?.label ?? 0 })));
  return normalized.map((n, i) => {
    const hits = matchRules(n.text, n.leet);
    return { sparse: sparse[i] as SparseExample, signals: signalVector(hits, n), ruleHit: hits.some((h) => h.type !== 'role_marker') };
  });
}

/** The examples the n-gram model is fit on (see `ruleMatchedWeight`). */
function modelData(prepared: readonly Prepared[], o: TrainOptions): SparseExample[] {
  const w = o.ruleMatchedWeight;
  return prepared.filter((p) => w > 0 || !p.ruleHit).map((p) => (p.ruleHit ? { ...p.sparse, weight: w } : p.sparse));
}

function fitLinear(data: readonly SparseExample[], o: TrainOptions): QuantisedLinear {
  return compress(trainLogistic(data, { l2: o.l2, steps: o.steps, learningRate: o.learningRate }), o.maxWeights);
}

/** Out-of-fold model logits of the training split. */
function outOfFold(train: readonly Example[], prepared: readonly Prepared[], o: TrainOptions): number[] {
  const fold = assignFolds(train, { seed: o.seed, k: o.folds });
  const logits = new Array<number>(train.length).fill(0);
  for (let k = 0; k < o.folds; k++) {
    const fit = fitLinear(modelData(prepared.filter((_, i) => fold.get(train[i] as Example) !== k), o), o);
    const model = { bias: fit.bias, weights: decompress(fit, 1 << HASH_BITS) };
    prepared.forEach((p, i) => {
      if (fold.get(train[i] as Example) === k) logits[i] = linearScore(model, p.sparse);
    });
  }
  return logits;
}

/**
 * Trains the artifact (see the module header).
 *
 * @example
 * const artifact = trainInjectionModel(buildCorpus(files), provenance, TRAIN_DEFAULTS);
 */
export function trainInjectionModel(corpus: readonly Example[], provenance: DataProvenance, options: TrainOptions = TRAIN_DEFAULTS): PromptInjectionArtifact {
  const { train, test } = holdOut(corpus, { seed: options.seed, fraction: options.heldOutFraction });
  const prepared = prepare(train);
  const logits = outOfFold(train, prepared, options);
  const rows: CombinerRow[] = prepared.map((p, i) => ({ modelLogit: logits[i] ?? 0, signals: p.signals, label: train[i]?.label ?? 0 }));
  const combiner = fitCombiner(rows, { lambda: 0.01, steps: 3000, learningRate: 2 });
  const scores = rows.map((r) => sigmoid(combineLogit(combiner, r.modelLogit, r.signals)));
  const threshold = chooseThreshold(scores.filter((_, i) => rows[i]?.label === 0), options.targetFpr);
  const linear = fitLinear(modelData(prepared, options), options);
  return {
    format: ARTIFACT_FORMAT,
    hashBits: HASH_BITS,
    linear: { ...linear, bias: round6(linear.bias), scale: linear.scale },
    combiner,
    threshold,
    training: record(provenance, options, corpus, train, test, rows, scores, threshold),
  };
}

function record(
  provenance: DataProvenance,
  o: TrainOptions,
  corpus: readonly Example[],
  train: readonly Example[],
  test: readonly Example[],
  rows: readonly CombinerRow[],
  scores: readonly number[],
  threshold: number,
): TrainingRecord {
  const flagged = (i: number) => (scores[i] ?? 0) >= threshold;
  const pos = rows.filter((r) => r.label === 1).length;
  const tp = rows.filter((r, i) => r.label === 1 && flagged(i)).length;
  const fp = rows.filter((r, i) => r.label === 0 && flagged(i)).length;
  const recall = tp / Math.max(pos, 1);
  const fpr = fp / Math.max(rows.length - pos, 1);
  const { seed, heldOutFraction, ...hyper } = o;
  return {
    seed,
    dataDigest: provenance.dataDigest,
    files: provenance.files,
    heldOut: {
      rule: `per (source, label) group, the round(${heldOutFraction} * n) texts with the smallest FNV-1a-32 of "${seed}:<text>" (ties by text)`,
      fraction: heldOutFraction,
      count: test.length,
      digest: digestJson(test.map((e) => e.text)),
    },
    counts: {
      corpus: corpus.length,
      train: train.length,
      trainPositive: pos,
      heldOut: test.length,
      heldOutPositive: test.filter((e) => e.label === 1).length,
    },
    hyperparameters: hyper,
    validation: { outOfFoldRecall: round6(recall), outOfFoldFpr: round6(fpr), outOfFoldBalancedAccuracy: round6((recall + 1 - fpr) / 2) },
  };
}
