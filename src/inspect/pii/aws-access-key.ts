/**
 * @module inspect/pii/aws-access-key
 * AWS access key ids: `AKIA` (long-term IAM user keys) or `ASIA` (temporary STS keys)
 * followed by 16 upper-case base32 characters, 20 in all, not glued to other alphanumerics.
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch } from './scan.js';

const ACCESS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;

/**
 * Finds AWS access key ids.
 *
 * @example
 * findAwsAccessKeys('aws_access_key_id = AKIAIOSFODNN7EXAMPLE'); // [{ start: 20, end: 40, type: 'AWS_ACCESS_KEY', score: 1 }]
 */
export function findAwsAccessKeys(text: string): Candidate[] {
  const out: Candidate[] = [];
  eachMatch(ACCESS_KEY, text, (m) => out.push({ start: m.index, end: m.index + m[0].length, type: 'AWS_ACCESS_KEY', score: 1 }));
  return out;
}

/** The AWS access key id recogniser. */
export const awsAccessKeyRecognizer: Recognizer = { type: 'AWS_ACCESS_KEY', find: findAwsAccessKeys };
