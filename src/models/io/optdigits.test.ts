import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { readOptdigitsFile } from './files.js';
import { parseOptdigits } from './optdigits.js';
import { thrown } from '../../../test/helpers/errors.js';

const row = (pixel: number, label: number): string => [...new Array<number>(64).fill(pixel), label].join(',');

describe('parseOptdigits', () => {
  it('reads 64 pixels and the class a line, skipping comments and blank lines', () => {
    const text = `# the last digit is the class code.\r\n${row(16, 3)}\r\n\n${row(0, 9)}\n# trailing comment\n`;
    const set = parseOptdigits(text);
    expect(set.n).toBe(2);
    expect(set.x).toHaveLength(128);
    expect(set.x[0]).toBe(16);
    expect(set.x[64]).toBe(0);
    expect(Array.from(set.y)).toEqual([3, 9]);
  });

  it('scales pixels to [0, 1] on request', () => {
    const set = parseOptdigits(`${row(4, 1)}\n${row(16, 2)}`, { scale: true });
    expect(set.x[0]).toBe(0.25);
    expect(set.x[64]).toBe(1);
  });

  it.each([
    ['too few values', row(1, 2).replace(/^1,/, ''), /line 2: expected 65 comma-separated values .*found 64/],
    ['a pixel above 16', row(1, 2).replace(/^1,/, '17,'), /line 2, field 1: "17" is not a pixel value from 0 to 16/],
    ['a class above 9', row(1, 10), /line 2, field 65: "10" is not a class from 0 to 9/],
    ['a non-integer', row(1, 2).replace(/^1,1,/, '1,1.5,'), /line 2, field 2: "1.5" is not a pixel value/],
    ['an empty field', row(1, 2).replace(/^1,1,1,/, '1,1,,'), /line 2, field 3: "" is not a pixel value/],
  ])('rejects %s, naming line and field', (_name, bad, message) => {
    const err = thrown(() => parseOptdigits(`${row(0, 0)}\n${bad}\n`, { source: 'digits.tra' }));
    expect(err.code).toBe('MDL_ERR_OPTDIGITS_PARSE');
    expect(err.message).toMatch(/^digits\.tra: /);
    expect(err.message).toMatch(message);
    expect(err.details['line']).toBe(2);
  });
});

// Reference: python3 -c "import numpy as np; a=np.loadtxt(f, delimiter=',', comments='#', dtype=int); print(a.shape, np.bincount(a[:,-1]), a[:,:64].sum())"
const tes = sharedData('images/optdigits.tes');
describe.skipIf(!tes.available)(`UCI optdigits test file (${tes.reason})`, () => {
  it("reads 1,797 digits, scikit-learn's load_digits set", async () => {
    const set = await readOptdigitsFile(tes.path);
    expect(set.n).toBe(1797);
    expect(set.x).toHaveLength(1797 * 64);
    expect(set.x.reduce((a, b) => a + b, 0)).toBe(561_718);
    const counts = new Array<number>(10).fill(0);
    for (const c of set.y) counts[c] = (counts[c] ?? 0) + 1;
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    const scaled = await readOptdigitsFile(tes.path, { scale: true });
    expect(Math.max(...scaled.x)).toBe(1);
    expect(scaled.x[2]).toBe(5 / 16);
  });
});

const tra = sharedData('images/optdigits.tra');
describe.skipIf(!tra.available)(`UCI optdigits training file (${tra.reason})`, () => {
  // SOURCES.md says 3,823 rows (the full UCI file); the copy in ../shared/data holds 2,999
  // data lines (3,000 lines with the comment), so this pins what is on disk.
  it('reads every data line of the file', async () => {
    const set = await readOptdigitsFile(tra.path);
    expect(set.n).toBe(2999);
    expect(set.x.reduce((a, b) => a + b, 0)).toBe(944_331);
    expect(Array.from(set.y.subarray(0, 1))).toEqual([0]);
  });
});
