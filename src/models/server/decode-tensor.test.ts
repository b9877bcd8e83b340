import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/errors.js';
import { decodeTensor, isInputDatatype } from './decode-tensor.js';

describe('decodeTensor', () => {
  it('writes flat and nested row-major data into one Float32Array', () => {
    expect(decodeTensor('x', 'FP32', [2, 3], [1, 2, 3, 4, 5, 6], 100)).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
    expect(decodeTensor('x', 'FP64', [2, 1, 3], [[[1, 2, 3]], [[4, 5, 6]]], 100)).toEqual(Float32Array.of(1, 2, 3, 4, 5, 6));
    expect(decodeTensor('x', 'BOOL', [2, 2], [[true, false], [false, true]], 100)).toEqual(Float32Array.of(1, 0, 0, 1));
    expect(decodeTensor('x', 'INT64', [3], [-(2 ** 53) + 1, 0, 2 ** 53 - 1], 100)).toEqual(Float32Array.of(-(2 ** 53), 0, 2 ** 53));
    expect(decodeTensor('x', 'FP32', [], [7], 100)).toEqual(Float32Array.of(7));
  });

  it('rounds FP64 to the nearest FP32', () => {
    expect(decodeTensor('x', 'FP64', [1], [0.1], 10)[0]).toBe(Math.fround(0.1));
  });

  it('refuses a shape larger than the request can carry before allocating', () => {
    const err = thrown(() => decodeTensor('x', 'FP32', [1_000_000, 1_000_000], [[1]], 50));
    expect(err.code).toBe('MDL_ERR_INFER_SHAPE_MISMATCH');
    expect(err.message).toBe('input "x": shape [1000000, 1000000] needs 1000000000000 values, more than this request carries');
    const flat = thrown(() => decodeTensor('x', 'FP32', [2, 2], [1, 2, 3, 4], 3));
    expect(flat.message).toBe('input "x": shape [2, 2] needs 4 values, more than this request carries');
  });

  it('refuses data nested deeper than the shape, naming the flat index', () => {
    const err = thrown(() => decodeTensor('x', 'FP32', [2, 2], [[1, 2], [3, [4]]], 100));
    expect([err.code, err.message]).toEqual(['MDL_ERR_INFER_INVALID_DATA', 'input "x": element 3 is [4], not a number (datatype FP32)']);
    expect(err.details).toEqual({ input: 'x', datatype: 'FP32', index: 3 });
  });

  it('knows its datatypes', () => {
    expect(['FP32', 'FP64', 'INT32', 'INT64', 'BOOL'].every(isInputDatatype)).toBe(true);
    expect(['BYTES', 'UINT8', 'FP16', 'fp32'].some(isInputDatatype)).toBe(false);
  });
});
