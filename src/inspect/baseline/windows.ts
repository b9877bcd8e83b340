/**
 * @module inspect/baseline/windows
 * The windowed entropy of `input_fingerprint` over a baseline's windows: traffic is cut into
 * tumbling windows of `windowMs` by arrival time (aligned to multiples of `windowMs` since
 * the epoch), a dataset into consecutive windows of `windowRows` rows. For each window with
 * at least `minWindowEvents` fingerprints, the entropy (bits) and the normalised entropy
 * (bits / log2 n) go into a sketch and moments, recorded under the keys
 * `entropy(input_fingerprint)` (the detection engine's canonical statistic) and
 * `entropy_normalized(input_fingerprint)`.
 */
import type { SignalBaseline } from '../../detect/baseline.js';
import { QuantileSketch, RunningMoments } from '../../shared/math/index.js';
import { windowEntropy } from '../entropy/window-entropy.js';
import { BASELINE_DEFAULTS } from './defaults.js';

type Windowed = NonNullable<SignalBaseline['windowed']>;

/** The windowed statistic keys a profile records. */
export const WINDOWED_KEYS = Object.freeze({ entropy: 'entropy(input_fingerprint)', normalized: 'entropy_normalized(input_fingerprint)' });

/** How windows are cut. */
export type WindowSpec = { readonly kind: 'time'; readonly windowMs: number } | { readonly kind: 'rows'; readonly windowRows: number };

/**
 * Collects fingerprints into windows.
 *
 * @example
 * const w = new FingerprintWindows({ kind: 'rows', windowRows: 100 }, 10);
 * rows.forEach((r, i) => w.add(fingerprintRows([r]), i));
 * w.toWindowed()?.['entropy(input_fingerprint)']?.moments.mean; // ≈ log2(100) for distinct rows
 */
export class FingerprintWindows {
  readonly spec: WindowSpec;
  readonly minEvents: number;
  readonly #windows = new Map<number, number[]>();

  constructor(spec: WindowSpec, minEvents: number = BASELINE_DEFAULTS.minWindowEvents) {
    this.spec = spec;
    this.minEvents = minEvents;
  }

  /** Adds a fingerprint at `position`: arrival time (ms) for time windows, row index for row windows. */
  add(fingerprint: number, position: number): void {
    const key = Math.floor(position / (this.spec.kind === 'time' ? this.spec.windowMs : this.spec.windowRows));
    let list = this.#windows.get(key);
    if (list === undefined) {
      list = [];
      this.#windows.set(key, list);
    }
    list.push(fingerprint);
  }

  /** The windowed record, or undefined when no window had enough events. */
  toWindowed(): Windowed | undefined {
    const sketches = { entropy: newSketch(), normalized: newSketch() };
    const moments = { entropy: new RunningMoments(), normalized: new RunningMoments() };
    const keys = [...this.#windows.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const list = this.#windows.get(key) as number[];
      if (list.length < this.minEvents) continue;
      const e = windowEntropy(list);
      if (e === undefined) continue;
      sketches.entropy.add(e.entropy);
      moments.entropy.push(e.entropy);
      sketches.normalized.add(e.normalized);
      moments.normalized.push(e.normalized);
    }
    if (moments.entropy.count === 0) return undefined;
    const window = this.spec.kind === 'time' ? { windowMs: this.spec.windowMs } : { windowMs: 0, windowEvents: this.spec.windowRows };
    return {
      [WINDOWED_KEYS.entropy]: { ...window, sketch: sketches.entropy.toJSON(), moments: moments.entropy.toJSON() },
      [WINDOWED_KEYS.normalized]: { ...window, sketch: sketches.normalized.toJSON(), moments: moments.normalized.toJSON() },
    };
  }
}

function newSketch(): QuantileSketch {
  return new QuantileSketch({ relativeAccuracy: BASELINE_DEFAULTS.windowSketchAccuracy });
}
