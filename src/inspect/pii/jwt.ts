/**
 * @module inspect/pii/jwt
 * JSON Web Tokens (JWS compact serialisation): three base64url parts joined by dots whose
 * header decodes to a JSON object with a string `alg` (so `eyJ` lookalikes are not
 * reported). The signature may be empty (`alg: none`). Parts are length-bounded, which
 * keeps the pattern linear on adversarial input.
 */
import { Buffer } from 'node:buffer';
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,2048}\.[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,4096}(?![A-Za-z0-9_-])/g;

/**
 * True when `part` is base64url of a JSON object with a string `alg` member.
 *
 * @example
 * isJwtHeader('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9'); // true
 */
export function isJwtHeader(part: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/**
 * Finds JWTs.
 *
 * @example
 * findJwts('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig'); // [{ start: 7, end: 47, type: 'JWT', score: 1 }]
 */
export function findJwts(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(JWT, text, (m) => {
    if (isJwtHeader(m[0].slice(0, m[0].indexOf('.')))) out.push({ start: m.index, end: m.index + m[0].length, type: 'JWT', score: 1 });
  });
  return out;
}

/** The JWT recogniser. */
export const jwtRecognizer: Recognizer = { type: 'JWT', find: findJwts };
