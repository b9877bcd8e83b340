/**
 * @module config/listeners
 * A typed list of listeners. A listener that throws is reported to the error handler and
 * does not stop the others (a reload must reach every subscriber).
 */
import type { ErrorHandler } from './ports.js';

/**
 * Listeners taking arguments `A`.
 *
 * @example
 * const onReload = new Listeners<[number]>();
 * const off = onReload.add((n) => console.log(n)); onReload.emit(warn, 1); off();
 */
export class Listeners<A extends unknown[]> {
  readonly #listeners = new Set<(...args: A) => void>();

  /** Adds `listener`; the returned function removes it (idempotent). */
  add(listener: (...args: A) => void): () => void {
    // Wrap so that adding the same function twice registers it twice and each off() removes one.
    const entry = (...args: A): void => listener(...args);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  /** Calls every listener in registration order; errors go to `onError`. */
  emit(onError: ErrorHandler, ...args: A): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(...args);
      } catch (err) {
        onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
