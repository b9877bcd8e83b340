import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantiseValue } from './fingerprint.js';
import { gridBucket } from './log-grid.js';

/** What quantiseValue computed for every value before the table. */
const expression = (m: number): number => Math.max(-400, Math.min(400, Math.floor(Math.log10(m) * 4)));

const view = new DataView(new ArrayBuffer(8));
/** The double `n` steps of one ulp away from positive `x`. */
function ulps(x: number, n: number): number {
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(n));
  return view.getFloat64(0);
}

function expectSame(m: number): void {
  if (gridBucket(m) !== expression(m)) throw new Error(`gridBucket(${m}) = ${gridBucket(m)}, expression gives ${expression(m)}`);
}

describe('gridBucket', () => {
  it('is ⌊4·log10 m⌋ at, beside and between every grid line', () => {
    for (let k = -36; k <= 401; k++) {
      const lines = [10 ** (k / 4), Number(`1e${k / 4}`), Math.pow(10, k / 4)].filter((x) => Number.isFinite(x) && x >= 1e-9);
      for (const line of lines) {
        for (let n = -64; n <= 64; n++) expectSame(ulps(line, n));
        for (const f of [1 + 1e-9, 1 - 1e-9, 1 + 2e-9, 1 - 2e-9, 1 + 1e-12, 1 - 1e-12, 1.3, 1.5]) {
          for (let n = -4; n <= 4; n++) expectSame(ulps(line * f, n));
        }
      }
    }
  });

  it('is ⌊4·log10 m⌋ on everyday feature values and on any double', () => {
    for (let i = 1; i <= 100_000; i++) {
      expectSame(i);
      expectSame(i / 10);
      expectSame(i / 100);
      expectSame(i / 1000);
    }
    for (let j = -9; j <= 308; j++) expectSame(Number(`1e${j}`));
    expectSame(1e-9);
    expectSame(Number.MAX_VALUE);
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: Number.MAX_VALUE, noNaN: true }), (m) => expectSame(m)),
      { numRuns: 50_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -36, max: 401 }), fc.integer({ min: -100_000, max: 100_000 }), (k, n) => expectSame(ulps(10 ** (k / 4), n))),
      { numRuns: 50_000 },
    );
  });

  it('keeps quantiseValue unchanged, other grids included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.constantFrom(4, 3, 10), (x, per) => {
        const magnitude = Math.abs(x);
        const old = !Number.isFinite(x) ? 0x7fff : magnitude < 1e-9 ? 0 : (x < 0 ? -1 : 1) * (401 + Math.max(-400, Math.min(400, Math.floor(Math.log10(magnitude) * per))));
        expect(quantiseValue(x, per)).toBe(old);
      }),
      { numRuns: 20_000 },
    );
  });
});
