/**
 * @module inspect/prompt-injection/model
 * The committed model (`model.json`, produced by `npm run train:injection`), loaded once
 * on first use and shared by every inspector instance, and the scoring of a normalised text
 * with it: the hashed n-gram logit (`features.ts`) plus the combiner (`signals.ts`).
 */
import artifact from './model.json' with { type: 'json' };
import { parseArtifact } from './artifact.js';
import type { LoadedModel } from './artifact.js';
import { FeatureBuffer, hashFeatures } from './features.js';

let loaded: LoadedModel | undefined;

/**
 * The committed model, parsed and expanded on first call.
 *
 * @example
 * committedModel().threshold; // e.g. 0.67
 */
export function committedModel(): LoadedModel {
  loaded ??= parseArtifact(artifact);
  return loaded;
}

/** A scorer that owns its scratch buffer (not shared across threads). */
export interface TextScorer {
  /** The n-gram model's logit for normalised `text`. */
  logit(text: string): number;
}

/**
 * A scorer over `model`'s dense weights.
 *
 * @example
 * createScorer(committedModel()).logit('ignore all previous instructions'); // > 0
 */
export function createScorer(model: LoadedModel): TextScorer {
  const buf = new FeatureBuffer();
  const w = model.weights;
  return {
    logit(text) {
      const n = hashFeatures(text, buf);
      if (n === 0) return model.bias;
      const idx = buf.indices;
      let s = 0;
      for (let j = 0; j < n; j++) s += w[idx[j]!]!;
      return model.bias + s / Math.sqrt(n);
    },
  };
}
