/**
 * @module shared/math/validate
 * Argument checks shared by the math modules. Caller mistakes (a negative count, a probability
 * outside [0, 1], arrays of different lengths) throw a `RangeError` or `TypeError` whose message
 * names the function and the argument; shared/ has no error catalog, and these are programmer
 * errors, not conditions a user can fix at run time. Internal: not exported from the index.
 */

/** Throws unless `value` is a finite number. */
export function checkFinite(fn: string, name: string, value: number): void {
  if (typeof value !== 'number') throw new TypeError(`${fn}: ${name} must be a number, got ${typeof value}`);
  if (!Number.isFinite(value)) throw new RangeError(`${fn}: ${name} must be finite, got ${value}`);
}

/** Throws unless `value` is an integer >= `min` (0 by default). */
export function checkInteger(fn: string, name: string, value: number, min = 0): void {
  checkFinite(fn, name, value);
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

/** Throws unless `value` is a probability in [0, 1]. */
export function checkProbability(fn: string, name: string, value: number): void {
  checkFinite(fn, name, value);
  if (value < 0 || value > 1) throw new RangeError(`${fn}: ${name} must be in [0, 1], got ${value}`);
}

/** Throws unless `value` lies in the open interval (lo, hi). */
export function checkOpenInterval(fn: string, name: string, value: number, lo: number, hi: number): void {
  checkFinite(fn, name, value);
  if (!(value > lo && value < hi)) throw new RangeError(`${fn}: ${name} must be in (${lo}, ${hi}), got ${value}`);
}

/** Throws unless `value` is finite and > 0. */
export function checkPositive(fn: string, name: string, value: number): void {
  checkFinite(fn, name, value);
  if (!(value > 0)) throw new RangeError(`${fn}: ${name} must be > 0, got ${value}`);
}

/**
 * Throws unless every element of `values` is finite (and >= 0 when `nonNegative`).
 * One pass, no allocation.
 */
export function checkArray(fn: string, name: string, values: ArrayLike<number>, nonNegative = false): void {
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new TypeError(`${fn}: ${name} must be an array of numbers`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${fn}: ${name}[${i}] must be a finite number, got ${v}`);
    if (nonNegative && v < 0) throw new RangeError(`${fn}: ${name}[${i}] must be >= 0, got ${v}`);
  }
}

/** Throws unless the two arrays have the same length. */
export function checkSameLength(fn: string, a: string, av: ArrayLike<number>, b: string, bv: ArrayLike<number>): void {
  if (av.length !== bv.length) {
    throw new RangeError(`${fn}: ${a} and ${b} must have the same length, got ${av.length} and ${bv.length}`);
  }
}

/** `values[i]` for an index the caller has bounds-checked (keeps `noUncheckedIndexedAccess` quiet on hot loops). */
export function at(values: ArrayLike<number>, i: number): number {
  return values[i] as number;
}
