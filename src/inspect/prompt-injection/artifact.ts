/**
 * @module inspect/prompt-injection/artifact
 * The committed model artifact (`model.json`): the hashed n-gram logistic regression
 * (pruned to its largest weights, quantised to int8 with one scale, bucket indices
 * delta-encoded), the combiner weights, the decision threshold, and how it was trained
 * (data digest, seed, held-out rule, validation figures). Derived numbers only, no text of
 * the training data. `parseArtifact` validates the shape and expands the weights into a
 * dense table for scoring.
 */
import { inspectErrors } from '../errors.js';
import { HASH_BITS } from './features.js';
import type { CombinerWeights } from './signals.js';

/** The format tag of the artifact. */
export const ARTIFACT_FORMAT = 'bulwark/prompt-injection-model@1';

/** The pruned, quantised linear model. */
export interface QuantisedLinear {
  readonly bias: number;
  /** Multiply a quantised weight by this to get the real weight. */
  readonly scale: number;
  /** Bucket indices, ascending, delta-encoded (first is absolute). */
  readonly buckets: readonly number[];
  /** int8 quantised weights, one per bucket. */
  readonly weights: readonly number[];
}

/** How the artifact was produced (checked by a test against the training script). */
export interface TrainingRecord {
  readonly seed: number;
  /** sha256 over the names and sha256 digests of the training files. */
  readonly dataDigest: string;
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  readonly heldOut: { readonly rule: string; readonly fraction: number; readonly count: number; readonly digest: string };
  readonly counts: Readonly<Record<string, number>>;
  readonly hyperparameters: Readonly<Record<string, number>>;
  readonly validation: Readonly<Record<string, number>>;
}

/** The whole artifact. */
export interface PromptInjectionArtifact {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly hashBits: number;
  readonly linear: QuantisedLinear;
  readonly combiner: CombinerWeights;
  /** Default decision threshold on the combined score. */
  readonly threshold: number;
  readonly training: TrainingRecord;
}

/** A loaded, ready-to-score model. */
export interface LoadedModel {
  readonly bias: number;
  /** Dense weights, `2^hashBits` entries. */
  readonly weights: Float32Array;
  readonly combiner: CombinerWeights;
  readonly threshold: number;
  readonly training: TrainingRecord;
}

function invalid(problem: string): never {
  throw inspectErrors.error('INS_ERR_MODEL_INVALID', `prompt-injection model artifact: ${problem}`, { problem });
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Validates `value` as an artifact and expands it. Throws `INS_ERR_MODEL_INVALID`.
 *
 * @example
 * const model = parseArtifact(JSON.parse(readFileSync('model.json', 'utf8')));
 * model.weights.length; // 262144
 */
export function parseArtifact(value: unknown): LoadedModel {
  const a = value as Partial<PromptInjectionArtifact> | null;
  if (a === null || typeof a !== 'object') invalid('not an object');
  if (a.format !== ARTIFACT_FORMAT) invalid(`format is ${JSON.stringify(a.format)}, expected ${ARTIFACT_FORMAT}`);
  if (a.hashBits !== HASH_BITS) invalid(`hashBits is ${String(a.hashBits)}, this build hashes into 2^${HASH_BITS} buckets`);
  const lin = a.linear;
  if (lin === undefined || !isFiniteNumber(lin.bias) || !isFiniteNumber(lin.scale)) invalid('linear.bias and linear.scale must be finite numbers');
  if (!Array.isArray(lin.buckets) || !Array.isArray(lin.weights) || lin.buckets.length !== lin.weights.length) {
    invalid('linear.buckets and linear.weights must be arrays of the same length');
  }
  const c = a.combiner;
  if (c === undefined || !isFiniteNumber(c.bias) || !isFiniteNumber(c.model) || typeof c.signals !== 'object' || c.signals === null) {
    invalid('combiner must have finite bias and model and a signals object');
  }
  if (!Object.values(c.signals).every(isFiniteNumber)) invalid('combiner.signals must hold finite numbers');
  if (!isFiniteNumber(a.threshold) || a.threshold <= 0 || a.threshold >= 1) invalid('threshold must be in (0, 1)');
  if (a.training === undefined) invalid('training record missing');
  return { bias: lin.bias, weights: expand(lin), combiner: c, threshold: a.threshold, training: a.training };
}

function expand(lin: QuantisedLinear): Float32Array {
  const weights = new Float32Array(1 << HASH_BITS);
  let bucket = 0;
  for (let k = 0; k < lin.buckets.length; k++) {
    const delta = lin.buckets[k];
    const q = lin.weights[k];
    if (!Number.isInteger(delta) || !Number.isInteger(q) || (k > 0 && (delta ?? 0) <= 0)) invalid(`linear entry ${k} is not a positive integer delta with an integer weight`);
    bucket += delta ?? 0;
    if (bucket >= weights.length || bucket < 0) invalid(`linear bucket ${bucket} is outside 0..2^${HASH_BITS}-1`);
    weights[bucket] = (q ?? 0) * lin.scale;
  }
  return weights;
}
