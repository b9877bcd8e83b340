import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastUserText, oipText, requestText } from './chat.js';
import { decodedInputs } from './decoded.js';
import { asProbabilities, outputProbabilities, softmax } from './outputs.js';
import { decodeOipInputs, decodeTensor, firstNumericTensor, rowLength, tensorRows } from './tensors.js';

describe('decodeOipInputs', () => {
  it('flattens nested and flat data, counts elements and reports the shape', () => {
    const d = decodeOipInputs({ inputs: [{ name: 'x', datatype: 'FP32', shape: [2, 2], data: [[1, 2], [3, 4]] }, { name: 'y', datatype: 'BOOL', shape: [2], data: [true, false] }] }, 100);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(Array.from(d.tensors[0]!.values)).toEqual([1, 2, 3, 4]);
    expect(d.tensors[0]!.elements).toBe(4);
    expect(Array.from(d.tensors[1]!.values)).toEqual([1, 0]);
    expect(tensorRows(d.tensors[0]!, 10).map((r) => Array.from(r))).toEqual([[1, 2], [3, 4]]);
    expect(firstNumericTensor(d.tensors)?.name).toBe('x');
  });

  it('never throws on hostile bodies: not an object, no inputs, junk leaves, deep nesting, huge data', () => {
    expect(decodeOipInputs(null, 10)).toEqual({ ok: false, reason: 'body is not a JSON object' });
    expect(decodeOipInputs([], 10).ok).toBe(false);
    expect(decodeOipInputs({ inputs: 'x' }, 10).ok).toBe(false);
    expect(decodeOipInputs({ inputs: [7] }, 10).ok).toBe(false);
    const junk = decodeOipInputs({ inputs: [{ name: 'x', datatype: 'FP32', shape: 'a', data: [1, null, {}, 'two'] }] }, 10);
    expect(junk.ok && junk.tensors[0]).toMatchObject({ shape: undefined, elements: 4, invalid: 2, strings: ['two'] });
    let deep: unknown = [1];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const nested = decodeOipInputs({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: deep }] }, 10);
    expect(nested.ok && Array.from(nested.tensors[0]!.values)).toEqual([1]);
    const big = decodeOipInputs({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 50], data: new Array(50).fill(1) }] }, 8);
    expect(big.ok && big.tensors[0]).toMatchObject({ elements: 50, truncated: true });
    expect(big.ok && big.tensors[0]!.values.length).toBe(8);
  });

  it('row length: product of the non-batch dimensions, else everything', () => {
    expect(rowLength([4, 3, 2], 24)).toBe(6);
    expect(rowLength([-1, 3], 9)).toBe(3);
    expect(rowLength([2, -1], 9)).toBe(9);
    expect(rowLength([5], 5)).toBe(5);
    expect(tensorRows({ shape: [2, 3], values: Float64Array.of(1, 2, 3, 4) }, 5).length).toBe(1);
  });

  it('memoises the decoding per parsed body', () => {
    const body = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 1], data: [1] }] };
    expect(decodedInputs(body)).toBe(decodedInputs(body));
    expect(decodedInputs('nope').ok).toBe(false);
  });
});

describe('outputs', () => {
  it('keeps distributions, expands a single probability, softmaxes logits', () => {
    expect(asProbabilities([0.1, 0.9])).toEqual([0.1, 0.9]);
    expect(asProbabilities([0.8])![0]).toBeCloseTo(0.2, 12);
    expect(asProbabilities([2, 0])![0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1), 12);
    expect(asProbabilities([])).toBeUndefined();
    expect(asProbabilities([Number.NaN, 1])).toBeUndefined();
    expect(softmax([1000, 1000])).toEqual([0.5, 0.5]);
  });

  it('reads the first row of the first numeric output of an OIP response', () => {
    expect(outputProbabilities({ outputs: [{ name: 'p', datatype: 'FP32', shape: [2, 2], data: [0.3, 0.7, 0.6, 0.4] }] })).toEqual([0.3, 0.7]);
    expect(outputProbabilities({ outputs: [{ name: 'label', datatype: 'BYTES', shape: [1], data: ['cat'] }] })).toBeUndefined();
    expect(outputProbabilities({})).toBeUndefined();
  });

  it('skips outputs it cannot use, in order, and refuses a body with a non-object output anywhere', () => {
    const label = { name: 'label', datatype: 'BYTES', shape: [1], data: ['cat'] };
    const junk = { name: 'j', datatype: 'FP32', data: [0.5, null] };
    const p = { name: 'p', datatype: 'FP32', shape: [1, 2], data: [[0.2, 0.8]] };
    expect(outputProbabilities({ outputs: [label, junk, { name: 'e', data: [] }, p] })).toEqual([0.2, 0.8]);
    expect(outputProbabilities({ outputs: [p, 'not an object'] })).toBeUndefined();
    expect(outputProbabilities({ outputs: [p, null] })).toBeUndefined();
    expect(outputProbabilities({ outputs: [p, [1]] })).toBeUndefined();
  });
});

describe('request text', () => {
  it('reads the trailing user turn of a chat, with array content', () => {
    const body = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'old question' },
        { role: 'assistant', content: 'old answer' },
        { role: 'user', content: 'first part' },
        { role: 'user', content: [{ type: 'text', text: 'second part' }, { type: 'image_url', image_url: { url: 'x' } }] },
      ],
    };
    expect(lastUserText(body, 1000)).toBe('first part\nsecond part');
    expect(lastUserText({ messages: [{ role: 'user', content: 'q' }, { role: 'tool', content: 'r' }] }, 1000)).toBe('q');
    expect(lastUserText({ messages: [{ role: 'user', content: 'abcdef' }] }, 3)).toBe('abc');
    expect(lastUserText({ messages: 'x' }, 10)).toBeUndefined();
    expect(lastUserText(null, 10)).toBeUndefined();
  });

  it('reads the BYTES inputs of an OIP request', () => {
    expect(oipText({ inputs: [{ name: 't', datatype: 'BYTES', shape: [2], data: ['a', 'b'] }] }, 100)).toBe('a\nb');
    expect(oipText({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: [1] }] }, 100)).toBeUndefined();
    expect(requestText('openai', { messages: [{ role: 'user', content: 'hi' }] }, 100)).toBe('hi');
  });

  it('gives every inspector of a request the same text as its own decoding did, cut per caller', () => {
    const many = Array.from({ length: 300 }, (_, i) => `s${i}`);
    const bodies: unknown[] = [
      { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 2], data: [1, 2] }, { name: 't', datatype: 'BYTES', shape: [300], data: many }, { datatype: 'BYTES', data: [['a', 1], ['b']] }] },
      { inputs: [{ name: 't', datatype: 'BYTES', data: ['a'] }, 'not an object'] },
      { inputs: [{ name: 't', datatype: 'BYTES', data: [] }] },
      { inputs: [{ name: 'x', datatype: 'FP32', data: [[1, 2]] }] },
      { inputs: 'x' },
      [],
      'text',
      null,
    ];
    for (const body of bodies) {
      for (const max of [1_000_000, 10, 0]) {
        const expected = decodeOipTextReference(body, max);
        expect(oipText(body, max)).toBe(expected);
        expect(requestText('oip-v2', body, max)).toBe(expected);
      }
    }
    const chat = { messages: [{ role: 'user', content: 'abcdef' }] };
    expect([requestText('openai', chat, 100), requestText('openai', chat, 3), requestText('openai', chat, 100)]).toEqual(['abcdef', 'abc', 'abcdef']);
  });
});

/** What oipText returned before it shared the decoding: its own decode capped at 256 strings per tensor. */
function decodeOipTextReference(body: unknown, maxChars: number): string | undefined {
  const decoded = decodeOipInputs(body, 256);
  if (!decoded.ok) return undefined;
  const strings = decoded.tensors.filter((t) => t.datatype === 'BYTES').flatMap((t) => t.strings);
  if (strings.length === 0) return undefined;
  const joined = strings.join('\n');
  return joined.length > maxChars ? joined.slice(0, maxChars) : joined;
}

describe('decodeTensor fast path for numeric data', () => {
  /** The generic leaf walk, as decodeTensor did it for every tensor before the fast path. */
  function reference(data: unknown, max: number): { values: number[]; strings: string[]; elements: number; invalid: number; truncated: boolean } {
    const values: number[] = [];
    const strings: string[] = [];
    let elements = 0;
    let invalid = 0;
    const visit = (leaf: unknown): void => {
      elements++;
      if (typeof leaf === 'number' && Number.isFinite(leaf)) {
        if (values.length < max) values.push(leaf);
      } else if (typeof leaf === 'boolean') {
        if (values.length < max) values.push(leaf ? 1 : 0);
      } else if (typeof leaf === 'string') {
        if (strings.length < max) strings.push(leaf);
      } else {
        invalid++;
        if (values.length < max) values.push(Number.NaN);
      }
    };
    const walk = (node: unknown): void => (Array.isArray(node) ? node.forEach(walk) : visit(node));
    if (Array.isArray(data)) walk(data);
    else if (data !== undefined) visit(data);
    return { values, strings, elements, invalid, truncated: elements > max };
  }

  it('gives what the generic walk gives, for numeric, nested, mixed and odd data', () => {
    const leaf = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0), fc.boolean(), fc.string({ maxLength: 2 }), fc.constant(null));
    const numeric = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
    const data = fc.oneof(
      fc.array(numeric, { maxLength: 12 }),
      fc.array(fc.array(numeric, { maxLength: 5 }), { maxLength: 4 }),
      fc.array(fc.oneof(numeric, fc.array(numeric, { maxLength: 3 })), { maxLength: 6 }),
      fc.array(fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })), { maxLength: 6 }),
      leaf,
      fc.constant(undefined),
    );
    fc.assert(
      fc.property(data, fc.integer({ min: 0, max: 8 }), (d, max) => {
        const t = decodeTensor({ name: 'x', datatype: 'FP32', data: d }, max);
        const r = reference(d, max);
        expect({ values: Array.from(t.values), strings: [...t.strings], elements: t.elements, invalid: t.invalid, truncated: t.truncated }).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });
});
