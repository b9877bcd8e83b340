/**
 * Output hardening of OIP responses, byte for byte: rounding, top-k (zeroed), label-only
 * (INT64 output), noise (seeded by the request body: same query, same answer; renormalised
 * probabilities; the predicted class never changes), and the cases left untouched.
 */
import { describe, expect, it } from 'vitest';
import { hardenOipBody } from './harden-body.js';
import { GaussianStream, seedFor } from './noise.js';

const REQUEST = Buffer.from('{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1,2]}]}');
const body = (outputs: unknown[], extra: Record<string, unknown> = {}): Buffer => Buffer.from(JSON.stringify({ model_name: 'm', ...extra, outputs }));
const out = (b: Buffer | undefined): string => b?.toString('utf8') ?? '(unchanged)';

const PROBS = { name: 'probabilities', datatype: 'FP32', shape: [2, 3], data: [0.123456, 0.654321, 0.222223, 0.5, 0.3, 0.2] };

describe('hardenOipBody', () => {
  it('rounds every score of FP outputs to N decimals and keeps the other fields', () => {
    expect(out(hardenOipBody(body([PROBS], { id: 'r1' }), { roundDecimals: 2 }, REQUEST))).toBe(
      '{"model_name":"m","id":"r1","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0.12,0.65,0.22,0.5,0.3,0.2]}]}',
    );
    expect(out(hardenOipBody(body([{ ...PROBS, data: [0.5, 0.4999, 0.0001, -0.0001, 1, 0] }]), { roundDecimals: 0 }, REQUEST))).toBe(
      '{"model_name":"m","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[1,0,0,0,1,0]}]}',
    );
  });

  it('keeps the top k scores of each row and zeroes the others (the lower index wins ties)', () => {
    expect(out(hardenOipBody(body([PROBS]), { topK: 1 }, REQUEST))).toBe(
      '{"model_name":"m","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0,0.654321,0,0.5,0,0]}]}',
    );
    expect(out(hardenOipBody(body([{ ...PROBS, data: [0.4, 0.2, 0.4, 0.1, 0.45, 0.45] }]), { topK: 1, roundDecimals: 1 }, REQUEST))).toBe(
      '{"model_name":"m","outputs":[{"name":"probabilities","datatype":"FP32","shape":[2,3],"data":[0.4,0,0,0,0.5,0]}]}',
    );
    expect(hardenOipBody(body([PROBS]), { topK: 3 }, REQUEST)?.toString()).toBe(body([PROBS]).toString());
  });

  it('returns only the label per row as an INT64 output (argmax; a single probability thresholded at 0.5)', () => {
    expect(out(hardenOipBody(body([PROBS]), { labelOnly: true, roundDecimals: 3 }, REQUEST))).toBe(
      '{"model_name":"m","outputs":[{"name":"probabilities","datatype":"INT64","shape":[2],"data":[1,0]}]}',
    );
    const binary = { name: 'p', datatype: 'FP64', shape: [3, 1], data: [[0.2], [0.5], [0.93]] };
    expect(out(hardenOipBody(body([binary]), { labelOnly: true }, REQUEST))).toBe('{"model_name":"m","outputs":[{"name":"p","datatype":"INT64","shape":[3],"data":[0,1,1]}]}');
  });

  it('reads nested data and writes it flat; leaves label, string and malformed outputs alone', () => {
    const nested = { name: 's', datatype: 'FP32', shape: [1, 2], data: [[0.333, 0.667]] };
    const label = { name: 'label', datatype: 'INT64', shape: [1], data: [1] };
    expect(out(hardenOipBody(body([nested, label]), { roundDecimals: 1 }, REQUEST))).toBe(
      '{"model_name":"m","outputs":[{"name":"s","datatype":"FP32","shape":[1,2],"data":[0.3,0.7]},{"name":"label","datatype":"INT64","shape":[1],"data":[1]}]}',
    );
    expect(hardenOipBody(body([label]), { labelOnly: true }, REQUEST)).toBeUndefined();
    expect(hardenOipBody(body([{ ...nested, shape: [1, 3] }]), { roundDecimals: 1 }, REQUEST)).toBeUndefined();
    expect(hardenOipBody(Buffer.from('not json'), { roundDecimals: 1 }, REQUEST)).toBeUndefined();
    expect(hardenOipBody(Buffer.from('{"error":"x"}'), { roundDecimals: 1 }, REQUEST)).toBeUndefined();
  });

  it('adds seeded noise: the same query gets the same bytes, another query or seed others', () => {
    const settings = { noise: { stddev: 0.05, seed: 7 } };
    const a = hardenOipBody(body([PROBS]), settings, REQUEST);
    expect(a?.equals(hardenOipBody(body([PROBS]), settings, REQUEST) as Buffer)).toBe(true);
    expect(a?.equals(hardenOipBody(body([PROBS]), { noise: { stddev: 0.05, seed: 8 } }, REQUEST) as Buffer)).toBe(false);
    expect(a?.equals(hardenOipBody(body([PROBS]), settings, Buffer.from('{"inputs":[]}')) as Buffer)).toBe(false);
  });

  it('keeps probability rows valid and the predicted class unchanged under large noise', () => {
    for (let seed = 0; seed < 200; seed++) {
      const hardened = JSON.parse(out(hardenOipBody(body([PROBS]), { noise: { stddev: 0.5, seed } }, REQUEST))) as { outputs: { data: number[] }[] };
      const data = hardened.outputs[0]?.data ?? [];
      for (const row of [data.slice(0, 3), data.slice(3, 6)]) {
        expect(row.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
      }
      expect(data.slice(0, 3).indexOf(Math.max(...data.slice(0, 3)))).toBe(1);
      expect(data.slice(3, 6).indexOf(Math.max(...data.slice(3, 6)))).toBe(0);
    }
  });

  it('noise smaller than the rounding step leaves the rounded bytes exactly as without noise', () => {
    const plain = hardenOipBody(body([PROBS]), { roundDecimals: 2 }, REQUEST);
    expect(hardenOipBody(body([PROBS]), { roundDecimals: 2, noise: { stddev: 1e-7, seed: 3 } }, REQUEST)?.equals(plain as Buffer)).toBe(true);
  });

  it('adds noise of the configured spread to logits (no clipping, no renormalisation)', () => {
    const n = 4_000;
    const logits = { name: 'logits', datatype: 'FP64', shape: [n, 2], data: Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? -50 : 50)) };
    const hardened = JSON.parse(out(hardenOipBody(body([logits]), { noise: { stddev: 2, seed: 1 } }, REQUEST))) as { outputs: { data: number[] }[] };
    const deltas = (hardened.outputs[0]?.data ?? []).map((v, i) => v - (i % 2 === 0 ? -50 : 50));
    const mean = deltas.reduce((s, v) => s + v, 0) / deltas.length;
    const sd = Math.sqrt(deltas.reduce((s, v) => s + (v - mean) ** 2, 0) / (deltas.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.1); // 5 standard errors (2 / √8000 ≈ 0.022)
    expect(Math.abs(sd - 2)).toBeLessThan(0.1);
  });
});

describe('GaussianStream', () => {
  it('is deterministic per seed and standard normal in distribution', () => {
    const a = new GaussianStream(seedFor(REQUEST, 1));
    const b = new GaussianStream(seedFor(REQUEST, 1));
    const xs = Array.from({ length: 20_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (xs.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.04); // ≈ 5 standard errors
    expect(Math.abs(variance - 1)).toBeLessThan(0.06);
    expect(xs.filter((v) => Math.abs(v) > 1.96).length / xs.length).toBeCloseTo(0.05, 1);
  });
});
