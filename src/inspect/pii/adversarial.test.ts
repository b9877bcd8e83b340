/**
 * Linear-time guard: every recogniser runs once over ~100 KB inputs built to trigger
 * catastrophic backtracking in naive patterns (long runs that almost match, separators
 * that nest, prefixes that repeat). The check is by counting, not timing: each scan must
 * complete (a quadratic or exponential pattern would blow the test timeout by orders of
 * magnitude) and find exactly the expected number of spans. Timings are benchmarks
 * (bench/RESULTS.md), never asserted.
 */
import { describe, expect, it } from 'vitest';
import { detectSpans } from './detect.js';

const SIZE = 100_000;
const fill = (unit: string, size = SIZE): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const scanAll = (text: string) => detectSpans(text, { maxInputChars: Infinity, minSpanScore: 0 }).spans;

// Each input is ~100 KB of near-misses: nothing in them is a valid entity.
const NEAR_MISSES: Record<string, string> = {
  'e-mail local part without @': fill('a'),
  'e-mail local part then @': `${fill('a.')}@`,
  'e-mail domain labels without TLD': `a@${fill('a-')}`,
  'e-mail repeated @': fill('a@a.'),
  'digit groups (cards, phones)': fill('1 '),
  'dash-joined digits': fill('4-'),
  'one long number': fill('7'),
  'IPv6 colons': fill(':'),
  'IPv6-like hex groups': fill('a:'),
  'IPv4 dots and hex': fill('1:a.'),
  'JWT header without dots': `eyJ${fill('a')}`,
  'JWT-like parts': fill('.eyJaaaaaa.bb'),
  'Slack prefix and dashes': `xoxb-${fill('a-')}`,
  'international prefixes': fill('+1 '),
  'international groups': `+${fill('1 ')}`,
  'national groups': `0${fill(' 12')}`,
  'IBAN-like groups': `AB12${fill(' 1234')}`,
  'URL with a password and no @': `https://a:${fill('b')}`,
  'URL schemes': fill('ab://a:b'),
  'SSN-like groups': fill('123-45-'),
  'AWS prefixes': fill('AKIA'),
  'AWS secret names': fill('aws_secret_access_key='),
  'GitHub prefix, long body': `ghp_${fill('a')}`,
  'fine-grained token body': `github_pat_${fill('_')}`,
  'whitespace': fill(' \n\t'),
};

describe('linear-time recognisers on 100 KB adversarial input', () => {
  for (const [name, text] of Object.entries(NEAR_MISSES)) {
    it(`finds nothing in ${name}`, () => {
      expect(text.length).toBeGreaterThanOrEqual(SIZE);
      expect(scanAll(text)).toEqual([]);
    });
  }

  it('finds every entity of a 100 KB text made of repeated records, once each', () => {
    const record = 'id 7: jane@example.com, 4111 1111 1111 1111, 078-05-1123, +4915112345678, 10.0.0.1, AKIAIOSFODNN7EXAMPLE\n';
    const copies = Math.floor(SIZE / record.length);
    const spans = scanAll(record.repeat(copies));
    expect(spans).toHaveLength(6 * copies);
    expect(new Set(spans.map((s) => s.type))).toEqual(new Set(['EMAIL', 'CREDIT_CARD', 'US_SSN', 'PHONE', 'IP_ADDRESS', 'AWS_ACCESS_KEY']));
  });

  it('covers unterminated PEM blocks and back-to-back BEGIN lines', () => {
    const begin = '-----BEGIN PRIVATE KEY-----';
    expect(scanAll(fill(begin))).toHaveLength(Math.floor(SIZE / begin.length));
    expect(scanAll(`${begin}\n${fill('A', SIZE)}`)).toHaveLength(1);
  });
});
