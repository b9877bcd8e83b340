import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../types.js';
import { thrown } from '../../../test/helpers/errors.js';
import { detectSpans } from './detect.js';
import { redact, redactText } from './redact.js';

const TEXT = 'Mail jane@example.com or JANE@example.com, card 4111 1111 1111 1111 / 4111-1111-1111-1111.';

describe('redact', () => {
  const spans = detectSpans(TEXT).spans;

  it('replaces spans by their type', () => {
    expect(redact(TEXT, spans, { style: 'type' })).toBe('Mail [EMAIL] or [EMAIL], card [CREDIT_CARD] / [CREDIT_CARD].');
  });

  it('masks cards down to their last four digits and everything else entirely', () => {
    expect(redact(TEXT, spans, { style: 'mask' })).toBe('Mail **** or ****, card ****1111 / ****1111.');
  });

  it('hashes with a salt so that equal values correlate, across formatting and case', () => {
    const out = redact(TEXT, spans, { style: 'hash', salt: 's3cret' });
    const tokens = out.match(/\[[A-Z_]+:[0-9a-f]{12}\]/g) ?? [];
    expect(tokens).toHaveLength(4);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).toBe(tokens[3]);
    expect(tokens[0]).not.toBe(tokens[2]);
    expect(redact(TEXT, spans, { style: 'hash', salt: 'other' })).not.toBe(out);
  });

  it('rejects overlapping or out-of-range spans and a hash without salt', () => {
    const overlap: Span[] = [{ start: 0, end: 5, type: 'EMAIL' }, { start: 3, end: 8, type: 'PHONE' }];
    expect(thrown(() => redact(TEXT, overlap)).code).toBe('INS_ERR_INVALID_SPANS');
    expect(thrown(() => redact('abc', [{ start: 1, end: 9, type: 'EMAIL' }])).details).toEqual({ start: 1, end: 9, type: 'EMAIL' });
    expect(thrown(() => redact('abc', [{ start: 1, end: 1, type: 'EMAIL' }])).code).toBe('INS_ERR_INVALID_SPANS');
    expect(thrown(() => redact(TEXT, spans, { style: 'hash', salt: '' })).code).toBe('INS_ERR_INVALID_OPTION');
    expect(thrown(() => redact(TEXT, spans, { style: 'blur' } as never)).code).toBe('INS_ERR_INVALID_OPTION');
  });

  it('accepts spans in any order and leaves text without spans unchanged', () => {
    expect(redact(TEXT, [...spans].reverse())).toBe(redact(TEXT, spans));
    expect(redact('nothing here', [])).toBe('nothing here');
  });
});

describe('redactText', () => {
  it('detects then redacts (type style by default)', () => {
    expect(redactText('key AKIAIOSFODNN7EXAMPLE for jane@example.com')).toBe('key [AWS_ACCESS_KEY] for [EMAIL]');
    expect(redactText('card 4012888888881881', { style: 'mask' })).toBe('card ****1881');
  });

  it('never passes uninspected text through', () => {
    const out = redactText(`jane@example.com ${'x'.repeat(200)} joe@example.org`, { maxInputChars: 100 });
    expect(out).toBe(`[EMAIL] ${'x'.repeat(83)}[UNINSPECTED:133 chars]`);
    expect(out).not.toContain('joe@example.org');
  });
});

// Values of every type, each detected on its own when surrounded by spaces.
const VALUES = [
  'jane.doe@example.com', 'ops+alerts@corp.example.org', '4111 1111 1111 1111', '5555555555554444', '378282246310005',
  'DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', '078-05-1123', '(212) 555-0123', '+4915112345678',
  '2001:db8::8a2e:370:7334', 'AKIAIOSFODNN7EXAMPLE', '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',
  'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
];
const piiText = fc
  .array(fc.oneof(fc.constantFrom(...VALUES), fc.ipV4(), fc.stringMatching(/^[a-z]{1,12}$/)), { maxLength: 12 })
  .map((parts) => parts.join(' '));
const style = fc.oneof(
  fc.constant({ style: 'type' as const }),
  fc.constant({ style: 'mask' as const }),
  fc.string({ minLength: 1 }).map((salt) => ({ style: 'hash' as const, salt })),
);

describe('redaction properties', () => {
  it('the output never contains the text of a detected span', () => {
    fc.assert(
      fc.property(piiText, style, (text, options) => {
        const { spans } = detectSpans(text);
        const out = redact(text, spans, options);
        for (const s of spans) expect(out).not.toContain(text.slice(s.start, s.end));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the text outside spans, in order, and replaces exactly the spans', () => {
    const textAndSpans = fc.string({ unit: 'grapheme', maxLength: 60 }).chain((text) =>
      fc.uniqueArray(fc.integer({ min: 0, max: text.length }), { maxLength: 8 }).map((cuts) => {
        const sorted = [...cuts].sort((a, b) => a - b);
        const spans: Span[] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) spans.push({ start: sorted[i] ?? 0, end: sorted[i + 1] ?? 0, type: 'EMAIL' });
        return { text, spans };
      }),
    );
    fc.assert(
      fc.property(textAndSpans, ({ text, spans }) => {
        let expected = '';
        let at = 0;
        for (const s of spans) {
          expected += `${text.slice(at, s.start)}[EMAIL]`;
          at = s.end;
        }
        expect(redact(text, spans, { style: 'type' })).toBe(expected + text.slice(at));
      }),
      { numRuns: 300 },
    );
  });
});
