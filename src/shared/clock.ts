/**
 * @module shared/clock
 * Time is a port: domain code asks an injected Clock and never calls Date.now() itself,
 * so that decisions are deterministic under test.
 */

/** Milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
}

/** The wall clock, for the composition root only. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/**
 * A clock that moves only when told to; for tests and replays.
 *
 * @example
 * const clock = new ManualClock(0); clock.advance(1_000); clock.now(); // 1000
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance(ms): ms must be >= 0, got ${ms}`);
    this.#now += ms;
  }

  set(ms: number): void {
    this.#now = ms;
  }
}
