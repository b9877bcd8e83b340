/**
 * @module inspect/baseline/profile-accumulator
 * The accumulating state of one profile build: a `SignalAccumulator` per signal name (kept
 * sorted by name in the output, so equal inputs give byte-identical JSON), the class
 * counts, and the assembly of the final `BaselineProfile`. Also the OOD pass: once the
 * feature baseline is known, every row's `ood_max_z` and `ood_mahalanobis` are computed
 * against it and `ood` is set above the p99 of those distances — exactly what the live
 * inspector will do with this profile.
 */
import type { BaselineProfile, FeatureBaseline, SignalBaseline } from '../../detect/baseline.js';
import { QuantileSketch } from '../../shared/math/index.js';
import { compileOod } from '../ood/ood-model.js';
import { BASELINE_DEFAULTS, BASELINE_FORMAT } from './defaults.js';
import { SignalAccumulator } from './signal-accumulator.js';

/** What a profile says about itself. */
export interface BaselineMeta {
  readonly model: string;
  readonly version: string;
  /** ISO 8601 time of the build (injected: builds are pure). */
  readonly builtAt: string;
  readonly source: { readonly path: string; readonly sha256: string };
}

/** Signals the OOD pass (re)computes from features. */
export const OOD_SIGNALS = ['ood_max_z', 'ood_mahalanobis', 'ood'] as const;

/**
 * @example
 * const acc = new ProfileAccumulator();
 * acc.add('latency_ms', 12); acc.addClass(1);
 */
export class ProfileAccumulator {
  readonly #signals = new Map<string, SignalAccumulator>();
  readonly #classes = new Map<string, number>();

  /** Adds a value of signal `name` (the first value decides whether it is a boolean signal). */
  add(name: string, value: number | boolean): void {
    let acc = this.#signals.get(name);
    if (acc === undefined) {
      acc = new SignalAccumulator(name, typeof value === 'boolean');
      this.#signals.set(name, acc);
    }
    acc.add(value);
  }

  /** Drops a signal (before the OOD pass replaces recorded OOD signals). */
  drop(name: string): void {
    this.#signals.delete(name);
  }

  addClass(label: string | number): void {
    const key = String(label);
    this.#classes.set(key, (this.#classes.get(key) ?? 0) + 1);
  }

  /**
   * Scores `rows` against `features` and records the OOD signals; skipped (returns false)
   * when the features cannot be compiled (no rows, a degenerate covariance).
   */
  addOod(features: FeatureBaseline, rows: Iterable<ArrayLike<number>>): boolean {
    let model;
    try {
      model = compileOod({ signals: {}, features }, { threshold: Infinity });
    } catch {
      return false;
    }
    const scores: { maxZ: number; mahalanobis: number }[] = [];
    const sketch = new QuantileSketch({ relativeAccuracy: BASELINE_DEFAULTS.sketchAccuracy });
    for (const row of rows) {
      const s = model.score(row);
      scores.push(s);
      sketch.add(s.mahalanobis);
    }
    const threshold = sketch.quantile(BASELINE_DEFAULTS.oodQuantile) ?? Infinity;
    for (const name of OOD_SIGNALS) this.drop(name);
    for (const s of scores) {
      this.add('ood_max_z', s.maxZ);
      this.add('ood_mahalanobis', s.mahalanobis);
      this.add('ood', s.mahalanobis > threshold);
    }
    return true;
  }

  /** The profile. `windowed` is attached to the `input_fingerprint` signal. */
  finish(meta: BaselineMeta, kind: 'traffic' | 'dataset', events: number, windowed: SignalBaseline['windowed'], features: FeatureBaseline | undefined): BaselineProfile {
    const signals: Record<string, SignalBaseline> = {};
    for (const name of [...this.#signals.keys()].sort()) {
      const acc = this.#signals.get(name) as SignalAccumulator;
      signals[name] = acc.toBaseline(name === 'input_fingerprint' ? windowed : undefined);
    }
    const classes = this.#classes.size === 0 ? undefined : Object.fromEntries([...this.#classes.entries()].sort(([a], [b]) => compareLabels(a, b)));
    return {
      format: BASELINE_FORMAT,
      model: meta.model,
      version: meta.version,
      builtAt: meta.builtAt,
      source: { kind, path: meta.source.path, sha256: meta.source.sha256, events },
      signals,
      ...(classes === undefined ? {} : { classes }),
      ...(features === undefined ? {} : { features }),
    };
  }
}

/** Numeric labels in numeric order, then the others by code point. */
export function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const numeric = a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y);
  if (numeric && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}
