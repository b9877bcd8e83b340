/**
 * @module models/train/split
 * Seeded stratified hold-out split: each class is shuffled on its own and the same share
 * of it goes to the hold-out set, so both splits keep the class balance of the data.
 * Pure.
 */
import { trainErrors } from './errors.js';
import { createRng } from './rng.js';

/** Row indices of the two splits, each ascending. */
export interface Split {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/**
 * Splits rows by class: `round(count × testFraction)` rows of each class go to `test`,
 * chosen by a shuffle seeded with `seed`. Throws `MDL_ERR_TRAIN_BAD_OPTION` for a
 * fraction outside (0, 1) and `MDL_ERR_TRAIN_TOO_FEW_ROWS` when a class would leave a
 * split without any of its rows.
 *
 * @example
 * const { train, test } = stratifiedSplit(Int32Array.from([0, 0, 0, 0, 1, 1]), 0.5, 7);
 * // test holds two rows of class 0 and one of class 1
 */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): Split {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw trainErrors.error('MDL_ERR_TRAIN_BAD_OPTION', `test fraction must be strictly between 0 and 1, got ${testFraction}`, { option: 'testFraction', value: testFraction });
  }
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    const rows = byClass.get(label);
    if (rows === undefined) byClass.set(label, [i]);
    else rows.push(i);
  }
  const rng = createRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = rng.shuffle(byClass.get(label) as number[]);
    const held = Math.round(rows.length * testFraction);
    if (held < 1 || held >= rows.length) {
      throw trainErrors.error('MDL_ERR_TRAIN_TOO_FEW_ROWS', `class ${label} has ${rows.length} row(s): a ${testFraction} hold-out leaves a split without it`, { label, rows: rows.length, testFraction });
    }
    test.push(...rows.slice(0, held));
    train.push(...rows.slice(held));
  }
  const ascending = (a: number, b: number): number => a - b;
  return { train: Int32Array.from(train.sort(ascending)), test: Int32Array.from(test.sort(ascending)) };
}

/**
 * The rows `rows` of a row-major `n × width` matrix, as a new matrix.
 *
 * @example
 * takeRows(Float64Array.from([1, 2, 3, 4, 5, 6]), 2, Int32Array.from([2, 0])); // [5, 6, 1, 2]
 */
export function takeRows(x: Float64Array, width: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, i) => out.set(x.subarray(row * width, (row + 1) * width), i * width));
  return out;
}
