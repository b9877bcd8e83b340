import { describe, expect, it } from 'vitest';
import { lastUserText, oipText, requestText } from './chat.js';
import { decodedInputs } from './decoded.js';
import { asProbabilities, outputProbabilities, softmax } from './outputs.js';
import { decodeOipInputs, firstNumericTensor, rowLength, tensorRows } from './tensors.js';

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
});
