/**
 * @module inspect/squeeze/squeezer
 * Feature squeezing for one loaded model: the input rows and their squeezed versions go to
 * the model in ONE batch; each row's score is the largest L1 distance between the
 * probability vector of the original and that of a squeezed version (Xu et al.'s joint
 * detector). Outputs that are logits are turned into probabilities by softmax. Async
 * (the model call); everything around it is pure.
 */
import { inspectErrors } from '../errors.js';
import { asProbabilities } from '../oip/outputs.js';
import type { SqueezeModel } from '../resources.js';
import { SQUEEZE_DEFAULTS } from './defaults.js';
import { squeezeLayout } from './layout.js';
import type { SqueezeLayout } from './layout.js';
import { bitDepth, l1, median2x2, roundSignificant } from './squeezers.js';

/** Squeezer settings (defaults in `SQUEEZE_DEFAULTS`). */
export interface SqueezerOptions {
  /** Image bit depth, 1–16. */
  readonly bits?: number;
  /** Image 2×2 median smoothing (default: when height and width are at least `SQUEEZE_DEFAULTS.medianMinSide`). */
  readonly median?: boolean;
  /** Tabular rounding, significant digits 1–15. */
  readonly significantDigits?: number;
}

/** A model's squeezer. */
export interface Squeezer {
  readonly layout: SqueezeLayout;
  /** Names of the squeezers applied, e.g. `['bit_depth_4', 'median_2x2']`. */
  readonly squeezers: readonly string[];
  /** The score of each of the `n` rows (`rows` is n × layout.rowWidth, row-major). */
  score(rows: Float32Array, n: number): Promise<Float64Array>;
}

type Squeeze = (rows: Float32Array, n: number) => Float32Array;

function checkInteger(name: string, value: number, lo: number, hi: number): void {
  if (!Number.isInteger(value) || value < lo || value > hi) {
    throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', `squeeze: ${name} must be an integer ${lo}–${hi}, got ${value}`, { option: name, value });
  }
}

function squeezersFor(layout: SqueezeLayout, options: SqueezerOptions): [string, Squeeze][] {
  if (layout.kind === 'tabular') {
    const digits = options.significantDigits ?? SQUEEZE_DEFAULTS.significantDigits;
    checkInteger('significantDigits', digits, 1, 15);
    return [[`round_${digits}sig`, (rows) => roundSignificant(rows, digits)]];
  }
  const bits = options.bits ?? SQUEEZE_DEFAULTS.bits;
  checkInteger('bits', bits, 1, 16);
  const list: [string, Squeeze][] = [[`bit_depth_${bits}`, (rows) => bitDepth(rows, bits, layout.range)]];
  const { height, width } = layout.image;
  if (options.median ?? Math.min(height, width) >= SQUEEZE_DEFAULTS.medianMinSide) list.push(['median_2x2', (rows, n) => median2x2(rows, n, layout.image)]);
  return list;
}

/**
 * Creates the squeezer of a loaded model. Throws `INS_ERR_SQUEEZE_INPUT` when the model's
 * input cannot be squeezed or an option is out of range.
 *
 * @example
 * const squeezer = createSqueezer({ predictor: model, signature: model.signature });
 * const scores = await squeezer.score(rows, 2); // Float64Array [0.02, 1.37]
 */
export function createSqueezer(model: SqueezeModel, options: SqueezerOptions = {}): Squeezer {
  const layout = squeezeLayout(model.signature);
  const list = squeezersFor(layout, options);
  const dims = layout.kind === 'image' ? layout.shape : [layout.rowWidth];
  return {
    layout,
    squeezers: list.map(([name]) => name),
    async score(rows, n) {
      const width = layout.rowWidth;
      if (rows.length !== n * width) throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', `squeeze: expected ${n} rows of ${width} values, got ${rows.length} values`, { rows: n, width });
      const batch = new Float32Array(rows.length * (list.length + 1));
      batch.set(rows, 0);
      list.forEach(([, squeeze], k) => batch.set(squeeze(rows, n), (k + 1) * rows.length));
      const total = n * (list.length + 1);
      const out = await model.predictor.predict(batch, [total, ...dims]);
      const classes = out.data.length / total;
      const probs = (r: number): number[] => asProbabilities(out.data.subarray(r * classes, (r + 1) * classes)) ?? [];
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const original = probs(i);
        for (let k = 1; k <= list.length; k++) scores[i] = Math.max(scores[i] as number, l1(original, probs(k * n + i)));
      }
      return scores;
    },
  };
}
