/**
 * @module models/onnx/parity.contract
 * The parity contract between the ONNX→TF.js importer and onnxruntime (the reference),
 * shared by the op-family tests: a seeded random source, and `runParity`, which writes a
 * model to a temporary file, runs it through both runtimes on the same inputs and returns
 * the largest absolute difference. Test support only (excluded from the build).
 * `options.ops` swaps the op table, which lets a test prove the check can fail.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { TfjsImportedModel } from '../tfjs/imported-model.js';
import type { OnnxGraphBuilder } from './builder.js';
import type { ImportOptions } from './importer.js';

/**
 * Tolerance of every parity check (max absolute difference).
 *
 * @example
 * expect(maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
 */
export const PARITY_TOLERANCE = 1e-4;

/**
 * A seeded uniform [0, 1) generator (mulberry32), so weights are the same on every run.
 *
 * @example
 * const rand = seededRandom(42); rand(); // 0.6011…
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` values uniform in [-scale, scale).
 *
 * @example
 * randomArray(seededRandom(1), 6, 0.5); // Float32Array(6)
 */
export function randomArray(rand: () => number, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

/** Outputs of both runtimes and their largest absolute difference. */
export interface ParityResult {
  readonly maxAbsDiff: number;
  readonly reference: Float32Array;
  readonly imported: Float32Array;
  readonly shape: number[];
  readonly importedShape: number[];
}

/**
 * Runs `model` (a builder or `.onnx` bytes) through onnxruntime and the importer on `x`.
 * The model is written to a temporary file first, as a user's model would be. Checks that
 * the importer leaks no tensor.
 *
 * @example
 * const { maxAbsDiff } = await runParity(builder, x, [2, 3, 8, 8]);
 * expect(maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
 */
export async function runParity(model: OnnxGraphBuilder | Uint8Array, x: Float32Array, shape: number[], options: ImportOptions = {}): Promise<ParityResult> {
  const bytes = model instanceof Uint8Array ? model : model.toBytes();
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-parity-'));
  const path = join(dir, 'model.onnx');
  await writeFile(path, bytes);
  const ort = await OnnxRuntimeModel.create(path);
  const imported = await TfjsImportedModel.fromFile(path, options);
  try {
    const before = tf.memory().numTensors;
    const ref = await ort.predict(x, shape);
    const got = await imported.predict(x, shape);
    if (tf.memory().numTensors !== before) throw new Error(`importer leaked ${tf.memory().numTensors - before} tensors`);
    let maxAbsDiff = ref.data.length === got.data.length ? 0 : Number.POSITIVE_INFINITY;
    ref.data.forEach((v, i) => {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - (got.data[i] ?? Number.NaN)));
    });
    if (Number.isNaN(maxAbsDiff)) maxAbsDiff = Number.POSITIVE_INFINITY;
    return { maxAbsDiff, reference: ref.data, imported: got.data, shape: ref.shape, importedShape: got.shape };
  } finally {
    ort.dispose();
    imported.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}
