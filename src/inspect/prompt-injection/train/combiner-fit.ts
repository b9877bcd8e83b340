/**
 * @module inspect/prompt-injection/train/combiner-fit
 * Fits the combiner (`signals.ts`) on out-of-fold predictions: a class-balanced logistic
 * regression of the label on the clipped model logit and the binary signals, with a
 * Gaussian prior around hand-set means (`COMBINER_PRIOR`). Where the data has examples
 * (instruction override, extraction, …) the data decides; where it has none (tag
 * smuggling, bidi controls) the coefficient stays at its prior mean. Deterministic
 * full-batch gradient descent; then the threshold is chosen on the same predictions for a
 * target false-positive rate.
 */
import { clipLogit, SIGNAL_NAMES, sigmoid } from '../signals.js';
import type { CombinerWeights } from '../signals.js';

/** One out-of-fold row. */
export interface CombinerRow {
  readonly modelLogit: number;
  readonly signals: readonly number[];
  readonly label: 0 | 1;
}

/**
 * Prior means of the combiner coefficients: what a hit means before seeing data. The rule
 * types are strong because the rules match none of the ~900 benign training texts; a bare
 * role marker is weak (chat transcripts use it); tag smuggling alone flags, bidi controls
 * and zero-width characters only add to other evidence.
 */
export const COMBINER_PRIOR: CombinerWeights = Object.freeze({
  bias: 0,
  model: 1,
  signals: Object.freeze({
    instruction_override: 5,
    role_play: 4,
    system_prompt_extraction: 5,
    delimiter_injection: 4,
    role_marker: 0.25,
    invisible_tags: 6,
    bidi_control: 2,
    zero_width: 0.5,
    encoded_payload: 1.5,
    homoglyphs: 2.5,
  }),
});

/**
 * Fits the combiner with prior strength `lambda` (penalty `lambda/2 · Σ (θ − μ)²` against a
 * class-balanced mean log-loss).
 *
 * @example
 * const weights = fitCombiner(rows, { lambda: 0.01, steps: 4000, learningRate: 0.5 });
 */
export function fitCombiner(rows: readonly CombinerRow[], options: { lambda: number; steps: number; learningRate: number }): CombinerWeights {
  const k = SIGNAL_NAMES.length;
  const prior = [COMBINER_PRIOR.bias, COMBINER_PRIOR.model, ...SIGNAL_NAMES.map((n) => COMBINER_PRIOR.signals[n] ?? 0)];
  const theta = prior.slice();
  const pos = rows.filter((r) => r.label === 1).length;
  const weightOf = [0.5 / Math.max(rows.length - pos, 1), 0.5 / Math.max(pos, 1)];
  for (let step = 0; step < options.steps; step++) {
    const grad = theta.map((t, j) => (j === 0 ? 0 : options.lambda * (t - (prior[j] ?? 0))));
    for (const r of rows) {
      const x = [1, clipLogit(r.modelLogit), ...r.signals];
      let z = 0;
      for (let j = 0; j < theta.length; j++) z += (theta[j] ?? 0) * (x[j] ?? 0);
      const g = (weightOf[r.label] ?? 0) * (sigmoid(z) - r.label);
      for (let j = 0; j < theta.length; j++) grad[j] = (grad[j] ?? 0) + g * (x[j] ?? 0);
    }
    for (let j = 0; j < theta.length; j++) theta[j] = (theta[j] ?? 0) - options.learningRate * (grad[j] ?? 0);
  }
  const signals: Record<string, number> = {};
  for (let j = 0; j < k; j++) signals[SIGNAL_NAMES[j] ?? ''] = round6(theta[j + 2] ?? 0);
  return { bias: round6(theta[0] ?? 0), model: round6(theta[1] ?? 0), signals };
}

/** Rounds to 6 decimals (keeps the artifact short and stable). @example round6(0.1234567) // 0.123457 */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * The lowest threshold whose false-positive rate on `benignScores` is at most `targetFpr`
 * (a text is flagged when its score is `>=` the threshold): the midpoint between the
 * highest benign score allowed to pass as flagged and the next one below it.
 *
 * @example
 * chooseThreshold([0.1, 0.2, 0.9], 0.34); // 0.55 (one of three benign may be flagged)
 */
export function chooseThreshold(benignScores: readonly number[], targetFpr: number): number {
  const sorted = [...benignScores].sort((a, b) => b - a);
  const allowed = Math.floor(targetFpr * sorted.length);
  const above = allowed === 0 ? 1 : (sorted[allowed - 1] ?? 1);
  const below = sorted[allowed] ?? 0;
  return round6(Math.min(Math.max((above + below) / 2, 1e-6), 1 - 1e-6));
}
