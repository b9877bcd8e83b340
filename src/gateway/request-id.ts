/**
 * @module gateway/request-id
 * Request ids: a client's `x-request-id` when it is a safe token, else a fresh one. Fresh
 * ids are time-sortable like shared/ids (10 characters of clock time, then 16 random) but
 * draw their randomness from a pooled buffer, so the hot path makes no syscall per request.
 */
import { randomFillSync } from 'node:crypto';
import type { Clock } from '../shared/clock.js';
import { GATEWAY_DEFAULTS } from './defaults.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case
const SAFE = /^[A-Za-z0-9._:~+-]+$/;
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const POOL_BYTES = 4096;
const ID_CHARS = 26;

/**
 * True when a client-supplied request id may be echoed and stored: 1–128 characters of
 * `A-Z a-z 0-9 . _ : ~ + -`.
 *
 * @example
 * isSafeRequestId('7f3c2a9e-…'); // true
 * isSafeRequestId('a b'); // false
 */
export function isSafeRequestId(value: string): boolean {
  return value.length > 0 && value.length <= GATEWAY_DEFAULTS.maxRequestIdChars && SAFE.test(value);
}

/**
 * @example
 * const ids = new RequestIds(systemClock);
 * ids.next(); // '01jd3q8w7n4h0k2m5p6r8s9t0v'
 * ids.fromHeader(req.headers['x-request-id']); // the client's id, or a fresh one
 */
export class RequestIds {
  readonly #clock: Clock;
  readonly #pool = Buffer.allocUnsafe(POOL_BYTES);
  /** The id's characters, written in place and read as one latin1 string (no per-character concatenation). */
  readonly #scratch = Buffer.alloc(ID_CHARS);
  #offset = POOL_BYTES;
  #lastMs = -1;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A fresh 26-character id. */
  next(): string {
    const now = Math.floor(this.#clock.now());
    if (now !== this.#lastMs) {
      this.#lastMs = now;
      this.#scratch.write(timeHead(now), 0, 'latin1');
    }
    if (this.#offset + 16 > POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const pool = this.#pool;
    const scratch = this.#scratch;
    for (let i = 0; i < 16; i++) scratch[10 + i] = ALPHABET_CODES[(pool[this.#offset + i] as number) & 31] as number;
    this.#offset += 16;
    return scratch.toString('latin1', 0, ID_CHARS);
  }

  /** The header's value when it is a safe token, else a fresh id. */
  fromHeader(value: string | string[] | undefined): string {
    return typeof value === 'string' && isSafeRequestId(value) ? value : this.next();
  }
}

function timeHead(ms: number): string {
  let time = ms;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  return head;
}
