import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../models/io/index.js';
import { inputFormat, readAttackInputs, readLabelsFile } from './dataset.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-redteam-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** An IDX file: magic 0 0 type rank, big-endian dims, then the data. */
function idx(type: number, dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set([0, 0, type, dims.length]);
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return Uint8Array.from([...header, ...data]);
}

describe('inputFormat', () => {
  it.each([
    ['x.npy', 'npy'], ['credit.CSV', 'csv'], ['cases.jsonl', 'jsonl'], ['t10k-images-idx3-ubyte.gz', 'idx'], ['train-labels-idx1-ubyte', 'idx'], ['digits.idx', 'idx'], ['optdigits.tes', 'optdigits'], ['y.txt', 'txt'],
  ])('%s → %s', (name, format) => expect(inputFormat(name)).toBe(format));

  it('names the file it cannot read', () => {
    expect(() => inputFormat('/tmp/inputs.parquet')).toThrow(expect.objectContaining({ code: 'RTM_ERR_INPUT', message: expect.stringMatching(/^inputs\.parquet: cannot tell the format/) }));
  });
});

describe('readAttackInputs', () => {
  it('reads .npy of any numeric dtype as float32, as given', async () => {
    const path = file('x.npy', encodeNpy({ dtype: 'uint8', shape: [2, 2, 2], data: Uint8Array.of(0, 255, 1, 2, 3, 4, 5, 6) }));
    const got = await readAttackInputs(path);
    expect(got.shape).toEqual([2, 2, 2]);
    expect(Array.from(got.x)).toEqual([0, 255, 1, 2, 3, 4, 5, 6]);
    const scaled = await readAttackInputs(path, { scale: 1 / 255 });
    expect(scaled.x[1]).toBeCloseTo(1, 6);
  });

  it('reads CSV features by header, taking out the label column and excluded columns', async () => {
    const path = file('t.csv', 'ID,a,b,label\n1,0.5,2,1\n2,1.5,3,0\n');
    const got = await readAttackInputs(path, { labelColumn: 'label', exclude: ['ID'] });
    expect(got).toMatchObject({ shape: [2, 2], names: ['a', 'b'], format: 'csv' });
    expect(Array.from(got.x)).toEqual([0.5, 2, 1.5, 3]);
    expect(Array.from(got.labels ?? [])).toEqual([1, 0]);
    await expect(readAttackInputs(path, { labelColumn: 'y' })).rejects.toMatchObject({ code: 'RTM_ERR_INPUT', message: expect.stringMatching(/column "y" is not in the header/) });
  });

  it('reads JSONL arrays or {"input", "label"} objects, and names a ragged line', async () => {
    const got = await readAttackInputs(file('a.jsonl', '{"input":[[1,2],[3,4]],"label":3}\n{"input":[[5,6],[7,8]],"label":1}\n'));
    expect(got.shape).toEqual([2, 2, 2]);
    expect(Array.from(got.labels ?? [])).toEqual([3, 1]);
    expect((await readAttackInputs(file('b.jsonl', '[1,2]\n[3,4]\n'))).labels).toBeUndefined();
    await expect(readAttackInputs(file('c.jsonl', '[1,2]\n[3]\n'))).rejects.toMatchObject({ message: expect.stringMatching(/line 2 has shape \[1\], line 1 has \[2\]/) });
    await expect(readAttackInputs(file('d.jsonl', '[1,"x"]\n'))).rejects.toMatchObject({ message: expect.stringMatching(/line 1: expected a \(nested\) array of numbers/) });
  });

  it('reads gzip IDX images and labels', async () => {
    const images = file('t-images-idx3-ubyte.gz', gzipSync(idx(0x08, [2, 2, 2], Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 255))));
    const labels = file('t-labels-idx1-ubyte.gz', gzipSync(idx(0x08, [2], Uint8Array.of(7, 2))));
    expect((await readAttackInputs(images)).shape).toEqual([2, 2, 2]);
    expect(Array.from(await readLabelsFile(labels))).toEqual([7, 2]);
  });
});

describe('readLabelsFile', () => {
  it('reads .txt, .csv, .jsonl and .npy labels, and refuses a fractional one', async () => {
    expect(Array.from(await readLabelsFile(file('y.txt', '3\n1\n\n4\n')))).toEqual([3, 1, 4]);
    expect(Array.from(await readLabelsFile(file('y.csv', 'id,label\n9,2\n8,0\n')))).toEqual([2, 0]);
    expect(Array.from(await readLabelsFile(file('y.jsonl', '{"label":5}\n6\n')))).toEqual([5, 6]);
    expect(Array.from(await readLabelsFile(file('y.npy', encodeNpy({ dtype: 'int64', shape: [2], data: BigInt64Array.of(1n, 9n) }))))).toEqual([1, 9]);
    await expect(readLabelsFile(file('z.txt', '1.5\n'))).rejects.toMatchObject({ code: 'RTM_ERR_LABELS', message: 'z.txt: label 0 is 1.5, not an integer class' });
  });
});
