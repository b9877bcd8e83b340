/**
 * @module inspect/pii/private-key
 * PEM private key blocks: `-----BEGIN … PRIVATE KEY-----` (PKCS#8, RSA, EC, DSA, OpenSSH,
 * encrypted, and PGP `PRIVATE KEY BLOCK`) through the matching `-----END …-----` line.
 * When the END line is missing (a truncated leak is still a leak) the span runs over the
 * base64 lines that follow (line breaks also written as a literal `\n`, as in JSON).
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const BEGIN = /-----BEGIN ((?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?)-----/g;
/** How far to look for the END line (a 16384-bit RSA key is about 12 KB of PEM). */
const MAX_BLOCK_CHARS = 16_384;
/** Whole lines of base64 after the BEGIN line; a line break may be written as a literal `\n`. */
const BODY_LINES = /^(?:(?:\r?\n|\\n)[A-Za-z0-9+/=]{1,128}(?=\r?\n|\\n|["'`]|$))+/;

function bodyEnd(text: string, from: number): number {
  const m = BODY_LINES.exec(text.slice(from, from + MAX_BLOCK_CHARS));
  return from + (m ? m[0].length : 0);
}

/**
 * Finds PEM private key blocks.
 *
 * @example
 * findPrivateKeys('-----BEGIN RSA PRIVATE KEY-----\nMIIE…\n-----END RSA PRIVATE KEY-----');
 * // [{ start: 0, end: 68, type: 'PRIVATE_KEY', score: 1 }]
 */
export function findPrivateKeys(text: string): Candidate[] {
  const out: Candidate[] = [];
  let resumeAt = 0;
  eachMatch(BEGIN, text, (m) => {
    if (m.index < resumeAt) return; // inside the block found before
    const from = m.index + m[0].length;
    const endLine = `-----END ${m[1] ?? ''}-----`;
    const endAt = text.slice(from, from + MAX_BLOCK_CHARS).indexOf(endLine);
    const end = endAt >= 0 ? from + endAt + endLine.length : bodyEnd(text, from);
    out.push({ start: m.index, end, type: 'PRIVATE_KEY', score: 1 });
    resumeAt = end;
  });
  return out;
}

/** The PEM private key recogniser. */
export const privateKeyRecognizer: Recognizer = { type: 'PRIVATE_KEY', find: findPrivateKeys };
