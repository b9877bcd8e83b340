/**
 * @module models/check-input
 * Validates what callers hand to `Model.predict` / `Model.lossGradient` against the
 * signature, so that a wrong shape is a typed MDL_ERR_SHAPE_MISMATCH naming the tensor
 * and the dimension rather than an error from deep inside a runtime.
 */
import type { TensorSpec } from '../shared/signature.js';
import { modelErrors } from './errors.js';

/**
 * Throws MDL_ERR_SHAPE_MISMATCH unless `shape` fits `spec` (-1 matches any size; an empty
 * spec shape means "unknown rank") and `length` is the product of `shape`.
 *
 * @example
 * checkInput({ name: 'x', datatype: 'FP32', shape: [-1, 4] }, 8, [2, 4]); // ok
 */
export function checkInput(spec: TensorSpec, length: number, shape: readonly number[]): void {
  const fail = (why: string): never => {
    throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `input "${spec.name}": ${why}`, { input: spec.name, expected: spec.shape, got: [...shape] });
  };
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) fail(`shape [${shape.join(', ')}] has a negative or fractional dimension`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== length) fail(`${length} values for shape [${shape.join(', ')}] (needs ${size})`);
  if (spec.shape.length === 0) return;
  if (spec.shape.length !== shape.length) fail(`rank ${shape.length}, expected [${spec.shape.join(', ')}]`);
  spec.shape.forEach((d, i) => {
    if (d >= 0 && d !== shape[i]) fail(`dimension ${i} is ${shape[i]}, expected ${d}`);
  });
}

/**
 * Throws MDL_ERR_SHAPE_MISMATCH unless there is one label per sample, each in [0, classes).
 *
 * @example
 * checkLabels(Int32Array.of(3, 7), 2, 10); // ok
 */
export function checkLabels(labels: Int32Array, batch: number, classes: number): void {
  if (labels.length !== batch) {
    throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `${labels.length} labels for a batch of ${batch}`, { labels: labels.length, batch });
  }
  const bad = labels.findIndex((y) => y < 0 || y >= classes);
  if (bad >= 0) {
    throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `label ${labels[bad]} at index ${bad} is outside [0, ${classes})`, { index: bad, label: labels[bad], classes });
  }
}
