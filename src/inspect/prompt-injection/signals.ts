/**
 * @module inspect/prompt-injection/signals
 * The combiner: the final score is `sigmoid(bias + a·logit(p_model) + Σ c_k·x_k)`, where
 * `x_k` are binary signals: one per rule type (any hit), and the obfuscation signals of the
 * normaliser (tag-character smuggling, bidi controls, zero-width characters, decoded
 * payloads, homoglyphs in mixed-script words). `bias`, `a` and the rule coefficients are fit
 * by `npm run train:injection` on out-of-fold predictions of the training split; the
 * obfuscation coefficients are fixed priors (the training data has almost no obfuscated
 * examples to fit them on) and are recorded in the artifact like the rest.
 */
import type { NormalizedText } from '../normalize/index.js';
import { RULE_TYPES } from './rule-types.js';
import type { RuleHit } from './rules.js';

/** The obfuscation signals, in vector order after the rule types. */
export const OBFUSCATION_SIGNALS = ['invisible_tags', 'bidi_control', 'zero_width', 'encoded_payload', 'homoglyphs'] as const;
export type ObfuscationSignal = (typeof OBFUSCATION_SIGNALS)[number];

/** Every signal name, in vector order: the rule types, then the obfuscation signals. */
export const SIGNAL_NAMES: readonly string[] = [...RULE_TYPES, ...OBFUSCATION_SIGNALS];

/** The model-logit clip: one n-gram model cannot push the score further than this alone. */
export const LOGIT_CLIP = 8;

/** Fitted (or fixed) weights of the combiner. */
export interface CombinerWeights {
  readonly bias: number;
  /** Weight of the clipped model logit. */
  readonly model: number;
  /** Per signal name ({@link SIGNAL_NAMES}); a missing name weighs 0. */
  readonly signals: Readonly<Record<string, number>>;
}

/**
 * The binary signal vector of one text, in {@link SIGNAL_NAMES} order.
 *
 * @example
 * signalVector(hits, normalized); // [1, 0, 0, 0, 0, 0, 0, 0, 1, 0]
 */
export function signalVector(hits: readonly RuleHit[], n: Pick<NormalizedText, 'invisible' | 'payloads' | 'homoglyphs'>): number[] {
  const x = new Array<number>(SIGNAL_NAMES.length).fill(0);
  for (const h of hits) x[RULE_TYPES.indexOf(h.type)] = 1;
  const base = RULE_TYPES.length;
  x[base] = n.invisible.tag > 0 ? 1 : 0;
  x[base + 1] = n.invisible.bidi > 0 ? 1 : 0;
  x[base + 2] = n.invisible.zeroWidth > 0 ? 1 : 0;
  x[base + 3] = n.payloads.some((p) => p.kind !== 'tags') ? 1 : 0;
  x[base + 4] = n.homoglyphs > 0 ? 1 : 0;
  return x;
}

/** Clips a logit to ±{@link LOGIT_CLIP}. @example clipLogit(20) // 8 */
export function clipLogit(z: number): number {
  return z > LOGIT_CLIP ? LOGIT_CLIP : z < -LOGIT_CLIP ? -LOGIT_CLIP : z;
}

/** The logistic function. @example sigmoid(0) // 0.5 */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * The combined logit of a text from its model logit and signal vector.
 *
 * @example
 * combineLogit(weights, 1.2, signalVector(hits, normalized));
 */
export function combineLogit(w: CombinerWeights, modelLogit: number, x: readonly number[]): number {
  let z = w.bias + w.model * clipLogit(modelLogit);
  for (let k = 0; k < x.length; k++) {
    const name = SIGNAL_NAMES[k];
    if (name !== undefined && x[k] !== 0) z += (w.signals[name] ?? 0) * (x[k] ?? 0);
  }
  return z;
}
