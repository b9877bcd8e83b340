/**
 * Protocol helpers: endpoint matching, JSON error positions, the OIP feature summary, and
 * chat text assembly from SSE (split anywhere, CRLF, multi-line data, caps).
 */
import { describe, expect, it } from 'vitest';
import { ChatStreamAssembler, chatTextFromBody } from './chat-output.js';
import { matchEndpoint, queryOf } from './endpoints.js';
import { locateJsonError } from './json-error.js';
import { firstRowFeatures } from './oip-features.js';

describe('matchEndpoint', () => {
  it('matches the OIP and OpenAI endpoints, ignoring the query', () => {
    expect(matchEndpoint('/v2/models/fraud/infer?trace=1')).toEqual({ endpoint: 'oip-infer', protocol: 'oip-v2', model: 'fraud', method: 'POST' });
    expect(matchEndpoint('/v2/models/fraud/ready')).toMatchObject({ endpoint: 'oip-ready', method: 'GET' });
    expect(matchEndpoint('/v2/models/fraud')).toMatchObject({ endpoint: 'oip-metadata', model: 'fraud' });
    expect(matchEndpoint('/v2/models/fra%75d/infer')?.model).toBe('fraud');
    expect(matchEndpoint('/v1/chat/completions')).toEqual({ endpoint: 'chat', protocol: 'openai', model: undefined, method: 'POST' });
    expect(queryOf('/a?b=1')).toBe('?b=1');
  });

  it('does not match other paths, versioned paths or bad escapes', () => {
    for (const path of ['/', '/v2/models/', '/v2/models/fraud/versions/v1/infer', '/v2/models/%E0%A4%A/infer', '/v1/completions', '/v2/health/live']) {
      expect(matchEndpoint(path), path).toBeUndefined();
    }
  });
});

describe('locateJsonError', () => {
  it('names the position, line and column of the first error', () => {
    expect(locateJsonError('{"a":}')).toEqual({ position: 5, line: 1, column: 6, reason: "unexpected '}', expected a value" });
    expect(locateJsonError('{\n  "a": 1,\n  "b": tru\n}')).toMatchObject({ line: 3, column: 8 });
    expect(locateJsonError('[1,2')).toMatchObject({ position: 4, reason: "unexpected end of input, expected ',' or ']'" });
    expect(locateJsonError('{"a":"x\n"}')).toMatchObject({ position: 7, reason: 'control character in a string' });
    expect(locateJsonError('[1] x')).toMatchObject({ position: 4 });
  });

  it('finds nothing in valid JSON, and survives very deep nesting without recursion', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,true,null,{"b":"\\u00e9\\n"}]}', ' 1 ']) expect(locateJsonError(text), text).toBeUndefined();
    expect(locateJsonError('['.repeat(200_000))?.position).toBe(200_000);
    expect(locateJsonError(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)).toBeUndefined();
  });

  it('agrees with JSON.parse on what is valid', () => {
    const samples = ['{"a":1}', '{"a":01}', '[1,]', '"\\x"', '{"a" :1 , "b":[ ]}', 'nul', '-', '1e5', '1.', '{"a":1}}', '"\t"'];
    for (const text of samples) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(locateJsonError(text) === undefined, text).toBe(valid);
    }
  });
});

describe('firstRowFeatures', () => {
  const input = (datatype: string, shape: unknown, data: unknown) => ({ inputs: [{ name: 'x', datatype, shape, data }] });

  it('takes the first row of a flat or nested FP32/FP64 input, capped', () => {
    expect(firstRowFeatures(input('FP32', [2, 3], [1, 2, 3, 4, 5, 6]), 16)).toEqual([1, 2, 3]);
    expect(firstRowFeatures(input('FP64', [2, 3], [[1, 2, 3], [4, 5, 6]]), 16)).toEqual([1, 2, 3]);
    expect(firstRowFeatures(input('FP32', [1, 2, 2], [[[1, 2], [3, 4]]]), 16)).toEqual([1, 2, 3, 4]);
    expect(firstRowFeatures(input('FP32', [1, 100], Array.from({ length: 100 }, (_, i) => i)), 4)).toEqual([0, 1, 2, 3]);
    expect(firstRowFeatures(input('FP32', [5], [9, 8, 7]), 2)).toEqual([9, 8]);
  });

  it('skips other datatypes and malformed inputs', () => {
    expect(firstRowFeatures(input('INT64', [1, 2], [1, 2]), 16)).toBeUndefined();
    expect(firstRowFeatures({ inputs: [{ name: 'b', datatype: 'BYTES', data: ['x'] }, { name: 'x', datatype: 'FP32', shape: [1, 2], data: [0.5, 1] }] }, 16)).toEqual([0.5, 1]);
    expect(firstRowFeatures(input('FP32', [1, 2], ['a', 1]), 16)).toBeUndefined();
    expect(firstRowFeatures({ inputs: 'x' }, 16)).toBeUndefined();
    expect(firstRowFeatures(null, 16)).toBeUndefined();
  });
});

describe('ChatStreamAssembler', () => {
  const event = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;

  it('assembles deltas split at any byte, including inside a multi-byte character', () => {
    const bytes = Buffer.from(`${event('Hé')}${event('llo')}: keep-alive comment\n\n${event(' 👋')}data: [DONE]\n\n`);
    for (const step of [1, 2, 3, 7, bytes.length]) {
      const a = new ChatStreamAssembler(1_000);
      for (let i = 0; i < bytes.length; i += step) a.push(bytes.subarray(i, i + step));
      a.end();
      expect([a.text, a.events, a.done], `step ${step}`).toEqual(['Héllo 👋', 3, true]);
    }
  });

  it('handles CRLF, multi-line data, a last event without its blank line, and caps the text', () => {
    const a = new ChatStreamAssembler(4);
    a.push(Buffer.from(`data: {"choices":[{"delta":\r\ndata: {"content":"abc"}}]}\r\n\r\ndata: {"choices":[{"delta":{"content":"def"}}]}`));
    a.end();
    expect([a.text, a.truncated, a.events]).toEqual(['abcd', true, 2]);
  });

  it('reads the text of a non-streamed completion', () => {
    expect(chatTextFromBody(Buffer.from('{"choices":[{"message":{"role":"assistant","content":"Hello"}}]}'), 3)).toBe('Hel');
    expect(chatTextFromBody(Buffer.from('not json'), 3)).toBeUndefined();
  });
});
