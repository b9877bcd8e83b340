import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { byteEntropy, entropy } from './entropy.js';

function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

function h(r: ReturnType<typeof entropy>): number {
  if (!r.ok) throw new Error(r.detail);
  return r.entropy;
}

describe('entropy', () => {
  it('matches SciPy scipy.stats.entropy in bits and nats (exact formula, 1e-14)', () => {
    // /usr/bin/python3 -c "from scipy.stats import entropy; print([float(entropy(p, base=2)) for p in [[1,1,1,1],[0.5,0.25,0.25],[9,1],[3,0,5,0,0,2],[1]]], [float(entropy(p)) for p in [[9,1],[3,0,5,0,0,2],[0.2]*5]])"
    const bits = [2.0, 1.5, 0.46899559358928117, 1.4854752972273346, 0.0];
    [[1, 1, 1, 1], [0.5, 0.25, 0.25], [9, 1], [3, 0, 5, 0, 0, 2], [1]].forEach((p, i) => expectClose(h(entropy(p)), bits[i] as number, 1e-14));
    const nats = [0.3250829733914482, 1.0296530140645737, 1.6094379124341005];
    [[9, 1], [3, 0, 5, 0, 0, 2], [0.2, 0.2, 0.2, 0.2, 0.2]].forEach((p, i) => expectClose(h(entropy(p, 'nats')), nats[i] as number, 1e-14));
  });

  it('lies in [0, log2 k]', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 64 }), (counts) => {
        const r = entropy(counts);
        if (counts.every((c) => c === 0)) {
          // Not `return expect(…)`: fast-check would read the returned assertion object as the verdict.
          expect(r.ok).toBe(false);
          return;
        }
        expect(h(r)).toBeGreaterThanOrEqual(0);
        expect(h(r)).toBeLessThanOrEqual(Math.log2(counts.length) + 1e-12);
      }),
    );
  });

  it('reports an empty distribution as unmeasurable, not 0 or NaN', () => {
    expect(entropy([])).toEqual({ ok: false, reason: 'zero-total', detail: 'entropy: weights sum to 0' });
    expect(entropy([0, 0, 0])).toMatchObject({ ok: false, reason: 'zero-total' });
  });

  it('names the bad argument', () => {
    expect(() => entropy([1, -2])).toThrow(/entropy: weights\[1\] must be >= 0/);
    expect(() => entropy([1, Number.NaN])).toThrow(/entropy: weights\[1\] must be a finite number/);
    expect(() => entropy([1], 'dits' as 'bits')).toThrow(/entropy: unit must be 'bits' or 'nats'/);
  });
});

describe('byteEntropy', () => {
  it('matches SciPy on the byte histogram, in bits per byte', () => {
    // /usr/bin/python3 -c "import numpy as np; from scipy.stats import entropy; b=bytes((i*i*31+7)%251 for i in range(4096)); print(float(entropy(np.bincount(np.frombuffer(b,dtype=np.uint8),minlength=256),base=2))); print(float(entropy(np.bincount(np.frombuffer(b'GET /index.html HTTP/1.1',dtype=np.uint8),minlength=256),base=2)))"
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * i * 31 + 7) % 251);
    expectClose(byteEntropy(bytes), 6.975531655891419, 1e-14);
    expectClose(byteEntropy(new TextEncoder().encode('GET /index.html HTTP/1.1')), 4.053508854797679, 1e-14);
  });

  it('is 0 for a constant or empty payload and 8 for all byte values equally often', () => {
    expect(byteEntropy(new Uint8Array(100).fill(65))).toBe(0);
    expect(byteEntropy(new Uint8Array(0))).toBe(0);
    expect(byteEntropy(Uint8Array.from({ length: 512 }, (_, i) => i % 256))).toBe(8);
  });

  it('leaves no state behind between calls', () => {
    const a = new TextEncoder().encode('abcd');
    expect(byteEntropy(a)).toBe(2);
    expect(byteEntropy(a)).toBe(2);
  });

  it('rejects a non-byte array', () => {
    expect(() => byteEntropy([1, 2] as unknown as Uint8Array)).toThrow(/byteEntropy: bytes must be a Uint8Array/);
  });
});
