/**
 * @module detect/baseline
 * The security baseline profile of one model version: what "normal" looked like for every
 * signal, as the detection engine needs it to judge live windows. Built by
 * `bulwark baseline build` (inspect context) from recorded traffic or a dataset, attached to
 * the registry version by digest, mergeable across replicas (sketch and moment states merge).
 * Declared here because detection is its consumer.
 */
import type { MomentsState, QuantileSketchState } from '../shared/math/index.js';

/** Baseline of one numeric or boolean signal (`prompt_injection`, `latency_ms`, `confidence`, …). */
export interface SignalBaseline {
  /** Events that carried this signal. */
  readonly count: number;
  /** Mean/variance accumulator (Welford; merge with Chan et al.). */
  readonly moments: MomentsState;
  /** Mergeable quantile sketch (p01, p50, p99… are read from it). */
  readonly sketch: QuantileSketchState;
  /** Fixed-edge histogram for PSI: `edges.length + 1` counts (below the first edge … above the last). */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
  /** For boolean signals: how many were true (the flagged rate is flagged / count). */
  readonly flagged?: number;
  /**
   * Per-window values of windowed statistics such as `entropy(input_fingerprint)` over the baseline's windows.
   * `windowEvents` (optional) is set instead of a time window for dataset baselines: windows of that many rows
   * (`windowMs` is then 0).
   */
  readonly windowed?: Readonly<Record<string, { readonly windowMs: number; readonly windowEvents?: number; readonly sketch: QuantileSketchState; readonly moments: MomentsState }>>;
}

/** Input features of a tabular/vector model (for OOD and drift). */
export interface FeatureBaseline {
  readonly names: readonly string[];
  readonly count: number;
  readonly mean: readonly number[];
  /** Shrinkage covariance (row-major, names.length²) and the shrinkage intensity used. */
  readonly covariance: readonly number[];
  readonly shrinkage: number;
  /** Per-feature histograms for PSI (same layout as SignalBaseline.histogram). */
  readonly histograms: readonly { readonly edges: readonly number[]; readonly counts: readonly number[] }[];
}

/**
 * @example
 * const profile: BaselineProfile = JSON.parse(await readFile('fraud-v1.baseline.json', 'utf8'));
 * profile.signals['prompt_injection']?.flagged;
 */
export interface BaselineProfile {
  readonly format: 'bulwark.baseline/v1';
  readonly model: string;
  readonly version: string;
  /** ISO time the profile was built, and what from. */
  readonly builtAt: string;
  readonly source: { readonly kind: 'traffic' | 'dataset'; readonly path: string; readonly sha256: string; readonly events: number };
  readonly signals: Readonly<Record<string, SignalBaseline>>;
  /** Predicted-class distribution (class → count). */
  readonly classes?: Readonly<Record<string, number>>;
  readonly features?: FeatureBaseline;
}
