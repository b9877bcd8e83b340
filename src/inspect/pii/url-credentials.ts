/**
 * @module inspect/pii/url-credentials
 * Passwords embedded in URLs (`https://user:secret@host`, `postgres://app:pw@db:5432`):
 * the span covers the password only, so redaction keeps the scheme, user and host
 * readable. A password made only of `*` or `x` (already masked) is not reported.
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const URL_AUTH = /\b[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s:@/]{1,64}:([^\s@/]{1,128})@(?=[A-Za-z0-9[])/g;

/**
 * Finds passwords in URLs.
 *
 * @example
 * findUrlCredentials('Use this URL: https://username:password@llm-guard.com');
 * // [{ start: 31, end: 39, type: 'URL_CREDENTIALS', score: 1 }]
 */
export function findUrlCredentials(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(URL_AUTH, text, (m) => {
    const password = m[1] ?? '';
    if (/^[*xX]+$/.test(password)) return;
    const end = m.index + m[0].length - 1;
    out.push({ start: end - password.length, end, type: 'URL_CREDENTIALS', score: 1 });
  });
  return out;
}

/** The URL credentials recogniser. */
export const urlCredentialsRecognizer: Recognizer = { type: 'URL_CREDENTIALS', find: findUrlCredentials };
