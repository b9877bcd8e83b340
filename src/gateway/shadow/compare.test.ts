/**
 * Shadow comparison: predicted labels of OIP outputs (argmax per row of the first output,
 * a single probability thresholded at 0.5, integer and string label outputs as given),
 * chat answers normalised (case, whitespace, punctuation) with the refusal flag, and
 * "could not measure" for unreadable answers.
 */
import { describe, expect, it } from 'vitest';
import { predictedLabels } from '../protocols/oip-outputs.js';
import { chatAnswer, compareChat, compareClassifier, normaliseAnswer } from './compare.js';

const oip = (outputs: unknown[]): Buffer => Buffer.from(JSON.stringify({ outputs }));

describe('predictedLabels', () => {
  it('argmax of the first output per row; width 1 thresholded at 0.5; label outputs as given', () => {
    expect(predictedLabels(oip([{ name: 'p', datatype: 'FP32', shape: [3, 3], data: [0.1, 0.7, 0.2, 0.5, 0.5, 0, 0, 0.1, 0.9] }]))).toEqual([1, 0, 2]);
    expect(predictedLabels(oip([{ name: 'p', datatype: 'FP64', shape: [2, 3], data: [[0.1, 0.7, 0.2], [0.6, 0.3, 0.1]] }]))).toEqual([1, 0]);
    expect(predictedLabels(oip([{ name: 'p', datatype: 'FP32', shape: [3, 1], data: [0.49, 0.5, 0.51] }]))).toEqual([0, 1, 1]);
    expect(predictedLabels(oip([{ name: 'label', datatype: 'INT64', shape: [2], data: [3, 7] }, { name: 'p', datatype: 'FP32', shape: [2, 1], data: [0, 1] }]))).toEqual([3, 7]);
    expect(predictedLabels(oip([{ name: 'label', datatype: 'BYTES', shape: [1], data: ['cat'] }]))).toEqual(['cat']);
  });

  it('undefined for what cannot be read', () => {
    expect(predictedLabels(Buffer.from('nope'))).toBeUndefined();
    expect(predictedLabels(oip([]))).toBeUndefined();
    expect(predictedLabels(oip([{ name: 'p', datatype: 'FP32', shape: [1, 3], data: [0.1, 0.9] }]))).toBeUndefined();
    expect(predictedLabels(oip([{ name: 'p', datatype: 'FP32', shape: [1, 2], data: [0.1, 'x'] }]))).toBeUndefined();
  });
});

describe('compareClassifier', () => {
  const a = oip([{ name: 'p', datatype: 'FP32', shape: [2, 2], data: [0.1, 0.9, 0.8, 0.2] }]);
  it('agrees on the same labels whatever the scores, disagrees on any row', () => {
    expect(compareClassifier(a, oip([{ name: 'p', datatype: 'FP32', shape: [2, 2], data: [0.4, 0.6, 0.51, 0.49] }]))).toMatchObject({ kind: 'compared', disagree: false, primary: { labels: [1, 0] } });
    expect(compareClassifier(a, oip([{ name: 'p', datatype: 'FP32', shape: [2, 2], data: [0.4, 0.6, 0.49, 0.51] }]))).toMatchObject({ kind: 'compared', disagree: true, shadow: { labels: [1, 1] } });
    expect(compareClassifier(a, Buffer.from('{}'))).toEqual({ kind: 'unreadable', side: 'shadow' });
    expect(compareClassifier(Buffer.from(''), a)).toEqual({ kind: 'unreadable', side: 'primary' });
  });
});

describe('chat comparison', () => {
  it('folds case, whitespace, punctuation and compatibility forms', () => {
    expect(normaliseAnswer('  The capital is  PARIS!\n')).toBe('the capital is paris');
    expect(normaliseAnswer('Ｐａｒｉｓ — “yes”.')).toBe('paris yes');
  });

  it('disagrees on different answers or a refusal flip (in several languages)', () => {
    expect(compareChat('Paris.', 'paris')).toMatchObject({ kind: 'compared', disagree: false, refusalDisagree: false });
    expect(compareChat('Paris.', 'Lyon.')).toMatchObject({ disagree: true, refusalDisagree: false });
    expect(compareChat("I'm sorry, but I can't help with that.", 'Here is how: …')).toMatchObject({ disagree: true, refusalDisagree: true, primary: { refusal: true }, shadow: { refusal: false } });
    expect(compareChat('Es tut mir leid, aber ich kann das nicht.', "I'm sorry, but I cannot do that.")).toMatchObject({ refusalDisagree: false, primary: { refusal: true } });
    expect(compareChat('x', undefined)).toEqual({ kind: 'unreadable', side: 'shadow' });
  });

  it('reads JSON and SSE answers', () => {
    expect(chatAnswer(Buffer.from('{"choices":[{"message":{"content":"Hi!"}}]}'), 'application/json', 100)).toBe('Hi!');
    const sse = 'data: {"choices":[{"delta":{"content":"Hi"}}]}\n\ndata: {"choices":[{"delta":{"content":" there"}}]}\n\ndata: [DONE]\n\n';
    expect(chatAnswer(Buffer.from(sse), 'text/event-stream; charset=utf-8', 100)).toBe('Hi there');
    expect(chatAnswer(Buffer.from('garbage'), 'application/json', 100)).toBeUndefined();
  });
});
