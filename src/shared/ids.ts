/**
 * @module shared/ids
 * Sortable identifiers: a millisecond timestamp from the injected clock, then randomness.
 * Lexicographic order follows creation time, which keeps ledgers and indexes append-friendly.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * A 26-character id: 10 characters of time, 16 of randomness.
 *
 * @example
 * newId(systemClock); // '01jd3q8w7n4h0k2m5p6r8s9t0v'
 */
export function newId(clock: Clock, random: (n: number) => Uint8Array = randomBytes): string {
  let time = Math.floor(clock.now());
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = random(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[(bytes[i] ?? 0) % 32];
  return head + tail;
}
