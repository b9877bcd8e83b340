/**
 * @module test/helpers/fake-timers
 * A manual implementation of the gateway's Timers port: timeouts fire on `advance(ms)`,
 * immediates on `runImmediates()`. No sleeps in tests (STYLE.md §5).
 */
import type { Timers } from '../../src/gateway/index.js';

/**
 * @example
 * const timers = new FakeTimers();
 * timers.setTimeout(() => fired = true, 100); timers.advance(100); // fired
 */
export class FakeTimers implements Timers {
  #now = 0;
  #next = 1;
  readonly #timeouts = new Map<number, { at: number; callback: () => void }>();
  #immediates: (() => void)[] = [];

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timeouts.set(id, { at: this.#now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timeouts.delete(handle as number);
  }

  setImmediate(callback: () => void): void {
    this.#immediates.push(callback);
  }

  /** Pending timeouts. */
  get pending(): number {
    return this.#timeouts.size;
  }

  /** Runs the queued immediates (and those they queue), up to `rounds` rounds. */
  runImmediates(rounds = 100): void {
    for (let i = 0; i < rounds && this.#immediates.length > 0; i++) {
      const batch = this.#immediates;
      this.#immediates = [];
      for (const callback of batch) callback();
    }
  }

  /** Moves time forward, firing due timeouts in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = [...this.#timeouts.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.#timeouts.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
    }
    this.#now = target;
  }
}
