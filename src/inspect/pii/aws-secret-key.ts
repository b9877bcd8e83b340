/**
 * @module inspect/pii/aws-secret-key
 * AWS secret access keys: 40 base64 characters. On their own they are indistinguishable
 * from any other 40-character token, so they are reported only in context: after a name
 * such as `aws_secret_access_key`, `AWS secret key` or `SecretAccessKey` and an optional
 * `=`, `:` or "is" (score 1), or within 80 characters after an access key id (score 0.9,
 * as in a credentials CSV). The value must mix character classes (a 40-character hex
 * SHA-1 is not one).
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const NAMED =
  /(?:aws[ _-]?secret(?:[ _-]?access)?[ _-]?key|secret[ _-]?access[ _-]?key)["']?\s{0,4}(?:[:=]|=>|is\b)?\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
const AFTER_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;
const VALUE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/;

function mixed(value: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9/+]/].filter((re) => re.test(value)).length;
  return classes >= 2 && !/^[0-9a-f]{40}$/.test(value);
}

/**
 * Finds AWS secret access keys given in context.
 *
 * @example
 * findAwsSecretKeys('aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"');
 * // [{ start: 23, end: 63, type: 'AWS_SECRET_KEY', score: 1 }]
 */
export function findAwsSecretKeys(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(NAMED, text, (m) => {
    const value = m[1] ?? '';
    const start = m.index + m[0].length - value.length;
    if (mixed(value)) out.push({ start, end: start + value.length, type: 'AWS_SECRET_KEY', score: 1 });
  });
  eachMatch(AFTER_KEY_ID, text, (m) => {
    const from = m.index + m[0].length;
    const v = VALUE.exec(text.slice(from, from + 80 + 40));
    if (v && mixed(v[0])) out.push({ start: from + v.index, end: from + v.index + 40, type: 'AWS_SECRET_KEY', score: 0.9 });
  });
  return out;
}

/** The AWS secret access key recogniser. */
export const awsSecretKeyRecognizer: Recognizer = { type: 'AWS_SECRET_KEY', find: findAwsSecretKeys };
