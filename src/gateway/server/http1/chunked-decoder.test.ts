/**
 * The chunked request-body decoder: bytes split anywhere give the same data; extensions and
 * trailers are skipped; malformed framing is refused with a reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkedDecoder } from './chunked-decoder.js';

function decode(parts: readonly Buffer[]): { data: string; rest: string; done: boolean; error: string | undefined } {
  const decoder = new ChunkedDecoder();
  const chunks: Buffer[] = [];
  const sink = { pushBody: (d: Buffer) => chunks.push(Buffer.from(d)) };
  let rest = '';
  for (const part of parts) {
    if (decoder.done) {
      rest += part.toString('latin1');
      continue;
    }
    const used = decoder.push(part, 0, sink);
    if (used < 0) return { data: Buffer.concat(chunks).toString('latin1'), rest, done: false, error: decoder.error };
    rest += part.subarray(used).toString('latin1');
  }
  return { data: Buffer.concat(chunks).toString('latin1'), rest, done: decoder.done, error: decoder.error };
}

const BODY = '5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n0\r\nx-trailer: t\r\n\r\nNEXT';

describe('ChunkedDecoder', () => {
  it('decodes sizes in hex, skips extensions and trailers, and stops at the end of the body', () => {
    expect(decode([Buffer.from(BODY)])).toEqual({ data: 'hello, world!!!', rest: 'NEXT', done: true, error: undefined });
  });

  it('gives the same result however the bytes are split', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: BODY.length - 1 }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const parts: Buffer[] = [];
        let at = 0;
        for (const p of points) {
          parts.push(Buffer.from(BODY.slice(at, p)));
          at = p;
        }
        parts.push(Buffer.from(BODY.slice(at)));
        expect(decode(parts)).toEqual({ data: 'hello, world!!!', rest: 'NEXT', done: true, error: undefined });
      }),
    );
  });

  it.each([
    ['a size that is not hex', 'zz\r\n', 'chunk size expected'],
    ['a size of more than 15 digits', `${'f'.repeat(16)}\r\n`, 'chunk size too large'],
    ['data longer than its size', '2\r\nabc\r\n', 'CRLF expected after chunk data'],
    ['a bare LF after the size', '2\nab\r\n', 'invalid character in chunk size'],
    ['a bare LF in a trailer', '0\r\nx: 1\n\r\n', 'bare LF in the trailer section'],
  ])('refuses %s', (_what, text, reason) => {
    expect(decode([Buffer.from(text)])).toMatchObject({ done: false, error: reason });
  });
});
