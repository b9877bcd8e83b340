import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { countByType, createPiiInspector, TRUNCATED_REASON } from './pii-inspector.js';

const pii = createPiiInspector();

describe('createPiiInspector', () => {
  it('has the id pii and finds nothing in clean text', () => {
    expect(pii.id).toBe('pii');
    expect(pii.inspect('What is the capital of France?')).toEqual({ score: 0, flagged: false, spans: [], reasons: [] });
    expect(pii.inspect('')).toEqual({ score: 0, flagged: false, spans: [], reasons: [] });
  });

  it('returns typed, sorted, non-overlapping spans with scores', () => {
    const text = 'Mail jane@example.com, call (212) 555-0123, card 4111 1111 1111 1111, from 10.1.2.3';
    const f = pii.inspect(text);
    expect(f.spans.map((s) => [s.type, text.slice(s.start, s.end)])).toEqual([
      ['EMAIL', 'jane@example.com'],
      ['PHONE', '(212) 555-0123'],
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['IP_ADDRESS', '10.1.2.3'],
    ]);
    for (const s of f.spans) expect(s.score).toBeGreaterThanOrEqual(0.5);
    expect(f.reasons).toEqual(['CREDIT_CARD', 'EMAIL', 'IP_ADDRESS', 'PHONE']);
  });

  it('scales the score with the number of PII spans and flags from the threshold', () => {
    expect(pii.inspect('a jane@example.com').score).toBe(0.5);
    expect(pii.inspect('a jane@example.com b joe@example.org').score).toBe(0.75);
    expect(pii.inspect('a jane@example.com').flagged).toBe(true);
    expect(createPiiInspector({ threshold: 0.7 }).inspect('a jane@example.com').flagged).toBe(false);
    expect(createPiiInspector({ threshold: 0.7 }).inspect('a jane@example.com b joe@example.org').flagged).toBe(true);
  });

  it('scores 1 for any secret: an LLM response leaking a key is flagged', () => {
    const response = 'Sure! Use aws_access_key_id=AKIAIOSFODNN7EXAMPLE with the token 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.';
    const f = pii.inspect(response);
    expect(f.score).toBe(1);
    expect(f.flagged).toBe(true);
    expect(f.reasons).toEqual(['AWS_ACCESS_KEY', 'GITHUB_TOKEN']);
    expect(countByType(f)).toEqual({ pii_count: 0, secret_count: 2, by_type: { AWS_ACCESS_KEY: 1, GITHUB_TOKEN: 1 } });
  });

  it('counts PII and secrets for the signals', () => {
    const f = pii.inspect('jane@example.com joe@example.org 078-05-1123 AKIAIOSFODNN7EXAMPLE');
    expect(countByType(f)).toEqual({ pii_count: 3, secret_count: 1, by_type: { EMAIL: 2, US_SSN: 1, AWS_ACCESS_KEY: 1 } });
    expect(countByType({ spans: [] })).toEqual({ pii_count: 0, secret_count: 0, by_type: {} });
  });

  it('looks only for the entities asked for', () => {
    const only = createPiiInspector({ entities: ['EMAIL'] });
    expect(only.inspect('jane@example.com 4111111111111111').spans.map((s) => s.type)).toEqual(['EMAIL']);
  });

  it('lets minSpanScore admit low-confidence spans such as nine digits after "order"', () => {
    expect(pii.inspect('order 078051121').spans).toEqual([]);
    expect(createPiiInspector({ minSpanScore: 0 }).inspect('order 078051121').spans).toEqual([{ start: 6, end: 15, type: 'US_SSN', score: 0.2 }]);
  });

  it('inspects only the first maxInputChars and says so in the reasons', () => {
    const text = `${'x'.repeat(70_000)} jane@example.com`;
    const f = pii.inspect(text);
    expect(f.spans).toEqual([]);
    expect(f.reasons).toEqual([TRUNCATED_REASON]);
    expect(createPiiInspector({ maxInputChars: 100_000 }).inspect(text).reasons).toEqual(['EMAIL']);
  });

  it('returns an error finding instead of throwing for a non-string', () => {
    const f = pii.inspect(42 as unknown as string);
    expect(f.flagged).toBe(false);
    expect(f.error).toMatch(/string/);
  });

  it('rejects unknown entities and out-of-range options, naming them', () => {
    const e = thrown(() => createPiiInspector({ entities: ['EMAIL', 'PERSON'] }));
    expect(e.code).toBe('INS_ERR_UNKNOWN_ENTITY');
    expect(e.details).toEqual({ entity: 'PERSON' });
    expect(thrown(() => createPiiInspector({ threshold: 1.5 })).details).toEqual({ option: 'threshold', value: 1.5 });
    expect(thrown(() => createPiiInspector({ minSpanScore: -1 })).code).toBe('INS_ERR_INVALID_OPTION');
    expect(thrown(() => createPiiInspector({ maxInputChars: 0 })).details['option']).toBe('maxInputChars');
  });
});
