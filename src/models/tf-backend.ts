/**
 * @module models/tf-backend
 * Selects the TF.js backend once per process: WebAssembly (`@tensorflow/tfjs-backend-wasm`,
 * 4–5× faster than the pure-JS `cpu` backend; tfjs-node is not usable here).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { MODEL_DEFAULTS } from './defaults.js';

let ready: Promise<string> | undefined;

/**
 * Makes sure TF.js runs on `preferred` (default `wasm`), falling back to `cpu` when wasm
 * cannot start. The first call decides; later calls return the same promise. Resolves
 * with the backend name.
 *
 * @example
 * await ensureTfBackend(); // 'wasm'
 */
export function ensureTfBackend(preferred: 'wasm' | 'cpu' = MODEL_DEFAULTS.tfBackend): Promise<string> {
  ready ??= select(preferred);
  return ready;
}

async function select(preferred: 'wasm' | 'cpu'): Promise<string> {
  const ok = await tf.setBackend(preferred).catch(() => false);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
