/**
 * @module store/open-guard
 * Tracks whether an adapter has been shut down, so that every port method of a closed
 * adapter fails the same way (whatever the driver would have said).
 */
import { AssertionError } from 'node:assert';

/**
 * Open/closed flag shared by the ports of one adapter. Using a closed adapter is a bug of
 * the caller (an invariant), so it raises an `AssertionError`, not a catalogued error.
 *
 * @example
 * const guard = new OpenGuard('sqlite store');
 * guard.assertOpen(); // fine
 * guard.close();      // true the first time, false afterwards
 */
export class OpenGuard {
  readonly #label: string;
  #closed = false;

  constructor(label: string) {
    this.#label = label;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Throws when the adapter has been shut down. */
  assertOpen(): void {
    if (this.#closed) throw new AssertionError({ message: `${this.#label} used after shutdown()` });
  }

  /** Marks the adapter closed; returns false if it already was. */
  close(): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    return true;
  }
}
