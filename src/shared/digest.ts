/**
 * @module shared/digest
 * sha256 digests of bytes, strings and canonical JSON. Pure: reading files is the job of
 * the adapters that feed these functions.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** Lower-case hex sha256 of `data`. @example sha256Hex('1') // '6b86b2…' */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of the canonical JSON of `value`. */
export function digestJson(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** An incremental hasher, for streams. */
export interface Hasher {
  update(chunk: Uint8Array | string): void;
  digestHex(): string;
}

export function createSha256(): Hasher {
  const h = createHash('sha256');
  return {
    update(chunk) {
      h.update(chunk);
    },
    digestHex() {
      return h.digest('hex');
    },
  };
}

/** True for a 64-character lower- or upper-case hex string. */
export function isSha256Hex(value: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(value);
}
