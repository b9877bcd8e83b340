import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteEntropy } from '../../shared/math/index.js';
import { requestText } from '../oip/chat.js';
import { decodeOipInputs, tensorRows } from '../oip/tensors.js';
import { histogramByteEntropy } from './byte-entropy.js';
import { ENTROPY_DEFAULTS } from './defaults.js';
import { entropySignals } from './entropy-inspector.js';
import type { EntropySignals } from './entropy-inspector.js';
import { fingerprintRows, textFingerprint } from './fingerprint.js';
import { inputFingerprint } from './input-fingerprint.js';
import { textEntropy } from './text-entropy.js';

/** The fingerprint as the inspector computed it before the flat path: decode everything, then hash the rows. */
function referenceFingerprint(json: unknown): number | undefined {
  const decoded = decodeOipInputs(json, 262_144);
  if (!decoded.ok) return undefined;
  const rows: Float64Array[] = [];
  for (const tensor of decoded.tensors) {
    if (tensor.datatype === 'BYTES' || tensor.values.length === 0) continue;
    rows.push(...tensorRows(tensor, ENTROPY_DEFAULTS.maxFingerprintRows - rows.length));
    if (rows.length >= ENTROPY_DEFAULTS.maxFingerprintRows) break;
  }
  return rows.length === 0 ? undefined : fingerprintRows(rows);
}

/** entropySignals as it was: text signals, then the numeric ones over them. */
function referenceSignals(protocol: 'oip-v2' | 'openai', json: unknown, body: Uint8Array): EntropySignals {
  const out: EntropySignals = {};
  const text = requestText(protocol, json, ENTROPY_DEFAULTS.maxTextChars);
  if (text !== undefined) {
    const e = textEntropy(text);
    out.byte_entropy = e.byteEntropy;
    out.token_entropy = e.tokenEntropy;
    out.input_fingerprint = textFingerprint(text);
  }
  if (protocol === 'oip-v2') {
    const fingerprint = referenceFingerprint(json);
    if (fingerprint !== undefined) {
      out.input_fingerprint = fingerprint;
      out.byte_entropy = byteEntropy(body.length > ENTROPY_DEFAULTS.maxBodyBytes ? body.subarray(0, ENTROPY_DEFAULTS.maxBodyBytes) : body);
      delete out.token_entropy;
    }
  }
  return out;
}

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 4, arbitrary: fc.double({ noNaN: true, min: -1e3, max: 1e3 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1e-9, -1e-9, 1e-10, 55, 56, 1e300, 1e-300) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'x', true, false, Number.NaN, Number.POSITIVE_INFINITY, {}, [1]) },
);
const flat = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { maxLength: 150 });
const data = fc.oneof(
  { weight: 8, arbitrary: flat },
  { weight: 2, arbitrary: fc.array(value, { maxLength: 40 }) },
  { weight: 2, arbitrary: fc.array(fc.array(value, { maxLength: 6 }), { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 7, 'x', [], [[]], [[[1, 2]]]) },
);
const dim = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom<unknown>(1.5, '3', null, Number.NaN));
const shape = fc.oneof({ weight: 6, arbitrary: fc.array(fc.integer({ min: -1, max: 12 }), { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(dim, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 'x', 3) });
const input = fc.oneof(
  { weight: 12, arbitrary: fc.record({ name: fc.constant('x'), datatype: fc.constantFrom<unknown>('FP32', 'FP64', 'INT64', 'BYTES', undefined, 3), shape, data }, { requiredKeys: ['name'] }) },
  { weight: 1, arbitrary: fc.record({ name: fc.constant('t'), datatype: fc.constant('BYTES'), shape: fc.constant([2]), data: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'x', [], 4) },
);
const body = fc.oneof({ weight: 20, arbitrary: fc.record({ id: fc.constant('r'), inputs: fc.array(input, { maxLength: 4 }) }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 'x', {}, { inputs: 'x' }) });

describe('input fingerprint: flat path and shared decoding agree', () => {
  it('on the bench request and batches past the row cap', () => {
    const row = Array.from({ length: 23 }, (_, i) => ((i * 37) % 100) / 10);
    const bench = { id: 'bench', inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 23], data: row }] };
    expect(inputFingerprint(bench)).toBe(fingerprintRows([row]));
    const batch = { inputs: [{ datatype: 'FP32', shape: [-1, 2], data: Array.from({ length: 200 }, (_, i) => i) }, { datatype: 'FP32', shape: [1, 1], data: [3] }] };
    expect(inputFingerprint(batch)).toBe(referenceFingerprint(batch));
    const split = { inputs: [{ datatype: 'FP32', shape: [40, 1], data: Array.from({ length: 40 }, (_, i) => i) }, { datatype: 'FP32', shape: [40, 1], data: Array.from({ length: 40 }, (_, i) => -i) }, 'not an object'] };
    expect(inputFingerprint(split)).toBe(referenceFingerprint(split));
    const holes = { inputs: [{ datatype: 'FP32', shape: [1, , 2], data: [1, 2, 3, 4] }] }; // eslint-disable-line no-sparse-arrays
    expect(inputFingerprint(holes)).toBe(referenceFingerprint(holes));
  });

  it('on generated request bodies', () => {
    fc.assert(
      fc.property(body, (json) => {
        expect(inputFingerprint(json)).toBe(referenceFingerprint(json));
      }),
      { numRuns: 4000 },
    );
  });

  it('entropySignals: same values, same keys in the same order', () => {
    fc.assert(
      fc.property(body, (json) => {
        const bytes = Buffer.from(JSON.stringify(json) ?? '');
        const got = entropySignals({ protocol: 'oip-v2', json, body: bytes });
        const want = referenceSignals('oip-v2', json, bytes);
        expect(Object.keys(got)).toEqual(Object.keys(want));
        expect(got).toStrictEqual(want);
      }),
      { numRuns: 2000 },
    );
    const chat = { messages: [{ role: 'user', content: 'hi hi hi' }] };
    expect(entropySignals({ protocol: 'openai', json: chat, body: new Uint8Array() })).toStrictEqual(referenceSignals('openai', chat, new Uint8Array()));
  });
});

describe('histogramByteEntropy', () => {
  it('is shared/math byteEntropy, bit for bit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 0, max: 255 }), (bytes, b) => {
        expect(Object.is(histogramByteEntropy(bytes), byteEntropy(bytes))).toBe(true);
        const skewed = bytes.map((x, i) => (i % 3 === 0 ? b : x));
        expect(Object.is(histogramByteEntropy(skewed), byteEntropy(skewed))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(histogramByteEntropy(Uint8Array.from({ length: 512 }, (_, i) => i % 256))).toBe(8);
    expect(histogramByteEntropy(new Uint8Array(0))).toBe(0);
    expect(() => histogramByteEntropy([1, 2] as unknown as Uint8Array)).toThrow(TypeError);
  });
});
