/**
 * @module test/helpers/errors
 * Catch a BulwarkError to assert on its code and details. Anything else that is thrown
 * (a bug) propagates, and throwing nothing fails the test.
 */
import { isBulwarkError } from '../../src/shared/errors.js';
import type { BulwarkError } from '../../src/shared/errors.js';

/** The BulwarkError that `fn` throws. */
export function thrown(fn: () => unknown): BulwarkError {
  try {
    fn();
  } catch (err) {
    if (isBulwarkError(err)) return err;
    throw err;
  }
  throw new Error('expected a BulwarkError, nothing was thrown');
}

/** The BulwarkError that `promise` rejects with. */
export async function rejected(promise: Promise<unknown>): Promise<BulwarkError> {
  try {
    await promise;
  } catch (err) {
    if (isBulwarkError(err)) return err;
    throw err;
  }
  throw new Error('expected a BulwarkError, the promise resolved');
}
