/**
 * @module inspect/pii/email
 * E-mail addresses: a local part of at most 64 characters, `@`, then two to nine DNS labels
 * whose last one is a top-level domain (letters, or punycode `xn--…`). The local part may
 * not start or end with a dot nor hold `..`; labels may not start or end with a hyphen.
 * Linear-time: every repetition is bounded and the separators `@` and `.` split the
 * parts, so the engine never has two ways to read a character.
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
const TLD = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{2,59})$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const SCORE = 0.9;

/**
 * Finds e-mail addresses.
 *
 * @example
 * findEmails('try info@presidio.site or a@xn--d1acufc.xn--p1ai');
 * // [{ start: 4, end: 22, type: 'EMAIL', score: 0.9 }, { start: 26, end: 48, … }]
 */
export function findEmails(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(EMAIL, text, (m) => {
    const at = m[0].indexOf('@');
    const local = m[0].slice(0, at);
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return;
    const labels = m[0].slice(at + 1).split('.');
    // Drop trailing labels until the last one is a valid TLD ("a@b.com.123" → "a@b.com").
    while (labels.length >= 2 && !TLD.test(labels[labels.length - 1] ?? '')) labels.pop();
    if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return;
    const end = m.index + at + 1 + labels.join('.').length;
    out.push({ start: m.index, end, type: 'EMAIL', score: SCORE });
  });
  return out;
}

/** The e-mail recogniser. */
export const emailRecognizer: Recognizer = { type: 'EMAIL', find: findEmails };
