import { describe, expect, it } from 'vitest';
import { HOST_LITTLE_ENDIAN, dataFromBytes, dataToBytes, shapeSize, swapBytes } from './ndarray.js';

describe('shapeSize', () => {
  it.each([
    [[], 1],
    [[0], 0],
    [[2, 0, 3], 0],
    [[25, 10], 250],
    [[10000, 28, 28], 7_840_000],
  ])('%j has %i elements', (shape, size) => {
    expect(shapeSize(shape)).toBe(size);
  });

  it.each([[[-1]], [[1.5]], [[Number.NaN]], [[2 ** 30, 2 ** 30, 2 ** 30]]])('rejects %j', (shape) => {
    expect(shapeSize(shape)).toBeUndefined();
  });
});

describe('byte order', () => {
  it('swaps each element in place', () => {
    const bytes = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    swapBytes(bytes, 4);
    expect(Array.from(bytes)).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
  });

  it('reads both byte orders and writes little-endian', () => {
    expect(HOST_LITTLE_ENDIAN).toBe(true); // every platform this project runs on
    expect(Array.from(dataFromBytes('int32', Uint8Array.of(0, 0, 1, 2), false) as Int32Array)).toEqual([258]);
    expect(Array.from(dataFromBytes('int32', Uint8Array.of(2, 1, 0, 0), true) as Int32Array)).toEqual([258]);
    expect(Array.from(dataFromBytes('int64', Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 9), false) as BigInt64Array)).toEqual([9n]);
    expect(Array.from(dataToBytes(Int32Array.of(258), true))).toEqual([2, 1, 0, 0]);
    expect(Array.from(dataToBytes(Int32Array.of(258), false))).toEqual([0, 0, 1, 2]);
  });

  it('does not modify the input when it converts', () => {
    const input = Uint8Array.of(0x3f, 0x80, 0, 0);
    expect(Array.from(dataFromBytes('float32', input, false) as Float32Array)).toEqual([1]);
    expect(Array.from(input)).toEqual([0x3f, 0x80, 0, 0]);
    const data = Int32Array.of(258);
    dataToBytes(data, false);
    expect(Array.from(data)).toEqual([258]);
  });
});
