/**
 * @module gateway/auth/key-index
 * API keys as the gateway holds them: sha256 digests only. A presented key is hashed and
 * looked up by digest, then the digests are compared in constant time. (A lookup keyed by
 * the digest leaks nothing usable by timing: a client cannot choose the digest of its key.)
 */
import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { OutputHardening } from '../hardening/settings.js';

/** One configured key (structurally `ApiKeyConfig`). */
export interface KeyConfigLike {
  readonly id: string;
  readonly sha256: string;
  readonly rateLimit: { readonly perSecond: number; readonly burst: number; readonly perDay?: number | undefined };
  readonly models?: readonly string[] | undefined;
  readonly output?: OutputHardening | undefined;
}

/** A key the gateway accepts. */
export interface ApiKey {
  readonly id: string;
  readonly digest: Buffer;
  readonly rateLimit: KeyConfigLike['rateLimit'];
  /** Models this key may call; undefined = all. */
  readonly models: ReadonlySet<string> | undefined;
  /** Output hardening of this key's requests, replacing the model's; undefined = the model's. */
  readonly output: OutputHardening | undefined;
}

/**
 * Keys by digest.
 *
 * @example
 * const index = new KeyIndex([{ id: 'shop', sha256: sha256Hex('secret'), rateLimit: { perSecond: 10, burst: 20 } }]);
 * index.find('secret')?.id; // 'shop'
 */
export class KeyIndex {
  readonly #byDigest = new Map<string, ApiKey>();

  constructor(keys: readonly KeyConfigLike[]) {
    for (const key of keys) {
      const digest = Buffer.from(key.sha256.toLowerCase(), 'hex');
      // Keyed by the digest's bytes as a latin1 string: cheaper to build per request than hex.
      this.#byDigest.set(digest.toString('latin1'), {
        id: key.id,
        digest,
        rateLimit: key.rateLimit,
        models: key.models === undefined ? undefined : new Set(key.models),
        output: key.output,
      });
    }
  }

  get size(): number {
    return this.#byDigest.size;
  }

  /** The key whose sha256 equals sha256(`presented`), if any. */
  find(presented: string): ApiKey | undefined {
    const digest = hash('sha256', presented, 'buffer');
    const key = this.#byDigest.get(digest.toString('latin1'));
    return key !== undefined && timingSafeEqual(key.digest, digest) ? key : undefined;
  }
}

/**
 * The key a client presents: `Authorization: Bearer <key>`, else `x-api-key`. Undefined
 * when neither is present; an empty string when a header is present but empty or of
 * another scheme (a wrong key, not a missing one).
 *
 * @example
 * presentedKey({ authorization: 'Bearer abc' }); // 'abc'
 */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    return authorization.length > 7 && authorization.slice(0, 7).toLowerCase() === 'bearer ' ? authorization.slice(7).trim() : '';
  }
  const apiKey = headers['x-api-key'];
  if (apiKey === undefined) return undefined;
  return (Array.isArray(apiKey) ? (apiKey[0] ?? '') : apiKey).trim();
}
