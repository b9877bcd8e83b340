import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { readIdxFile } from './files.js';
import { parseIdx } from './idx.js';
import { thrown } from '../../../test/helpers/errors.js';

const u32be = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const idx = (type: number, dims: number[], data: number[]): Uint8Array =>
  Uint8Array.from([0, 0, type, dims.length, ...dims.flatMap(u32be), ...data]);

describe('parseIdx', () => {
  it('reads a raw idx1 uint8 file (labels)', () => {
    const a = parseIdx(idx(0x08, [3], [7, 2, 1]));
    expect(a).toMatchObject({ dtype: 'uint8', shape: [3] });
    expect(Array.from(a.data as Uint8Array)).toEqual([7, 2, 1]);
  });

  it('reads a gzip-compressed idx3 file (images)', () => {
    const a = parseIdx(gzipSync(idx(0x08, [2, 2, 1], [0, 255, 128, 3])));
    expect(a.shape).toEqual([2, 2, 1]);
    expect(Array.from(a.data as Uint8Array)).toEqual([0, 255, 128, 3]);
  });

  it.each([
    ['int8, widened to int32', 0x09, [0xff, 0x05], 'int32', [-1, 5]],
    ['int16, widened to int32', 0x0b, [0xff, 0xfe, 0x01, 0x00], 'int32', [-2, 256]],
    ['int32', 0x0c, [0xff, 0xff, 0xff, 0xfd, 0, 0, 1, 0], 'int32', [-3, 256]],
    ['float32', 0x0d, [0x3f, 0x80, 0, 0, 0xc0, 0, 0, 0], 'float32', [1, -2]],
    ['float64', 0x0e, [0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0x08, 0, 0, 0, 0, 0, 0], 'float64', [1, 3]],
  ])('reads big-endian %s', (_name, type, data, dtype, values) => {
    const a = parseIdx(idx(type, [2], data));
    expect(a.dtype).toBe(dtype);
    expect(Array.from(a.data as ArrayLike<number>)).toEqual(values);
  });

  it.each([
    ['a bad magic number', Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 0), /must start with two zero bytes/],
    ['a short file', Uint8Array.of(0, 0), /must start with two zero bytes/],
    ['an unknown type code', idx(0x0a, [1], [0]), /unknown IDX type code 0x0a/],
    ['a truncated header', Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 1), /3 dimensions need a 16-byte header/],
    ['missing data', idx(0x08, [2, 3], [1, 2, 3]), /dimensions \[2, 3\] need 6 data bytes, found 3/],
    ['trailing data', idx(0x0c, [1], [0, 0, 0, 1, 9]), /need 4 data bytes, found 5/],
    ['a corrupt gzip stream', Uint8Array.of(0x1f, 0x8b, 8, 0, 1, 2, 3), /gzip stream does not decompress/],
  ])('rejects %s with MDL_ERR_IDX_FORMAT', (_name, bytes, message) => {
    const err = thrown(() => parseIdx(bytes, { source: 'x.idx' }));
    expect(err.code).toBe('MDL_ERR_IDX_FORMAT');
    expect(err.message).toMatch(/^x\.idx: /);
    expect(err.message).toMatch(message);
  });

  it('stops a gzip stream that decompresses past maxDecompressedBytes', () => {
    const bomb = gzipSync(idx(0x08, [100_000], new Array<number>(100_000).fill(0)));
    expect(bomb.length).toBeLessThan(1000);
    const err = thrown(() => parseIdx(bomb, { maxDecompressedBytes: 10_000 }));
    expect(err.message).toMatch(/within 10000 bytes/);
  });
});

const images = sharedData('images/mnist/t10k-images-idx3-ubyte.gz');
const labels = sharedData('images/mnist/t10k-labels-idx1-ubyte.gz');
describe.skipIf(!images.available || !labels.available)(`MNIST test set (${(images.available ? labels : images).reason})`, () => {
  // Reference: python3 -c "import gzip, numpy as np; d=gzip.open(p).read(); a=np.frombuffer(d[16:], np.uint8); print(a.sum(), a[:784].sum())"
  it('reads 10,000 images of 28×28 uint8', async () => {
    const a = await readIdxFile(images.path);
    expect(a.dtype).toBe('uint8');
    expect(a.shape).toEqual([10_000, 28, 28]);
    const data = a.data as Uint8Array;
    let total = 0;
    for (const v of data) total += v;
    expect(total).toBe(264_923_200);
    expect(data.subarray(0, 784).reduce((s, v) => s + v, 0)).toBe(18_454);
  });

  it('reads 10,000 labels starting 7, 2, 1, 0, 4 with numpy’s class counts', async () => {
    const a = await readIdxFile(labels.path);
    expect(a.shape).toEqual([10_000]);
    const data = a.data as Uint8Array;
    expect(Array.from(data.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    const counts = new Array<number>(10).fill(0);
    for (const v of data) counts[v] = (counts[v] ?? 0) + 1;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]); // np.bincount
  });
});
