import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/helpers/shared-data.js';
import { encodeNpy, parseNpy } from './npy.js';
import type { NdArray } from './npy.js';
import { thrown } from '../../../test/helpers/errors.js';

/** A .npy file with the given version, header text and data bytes, no alignment padding. */
function npyBytes(major: number, header: string, data: Uint8Array | number[] = [], utf8 = false): Uint8Array {
  const text = utf8 ? new TextEncoder().encode(header) : Uint8Array.from(header, (c) => c.charCodeAt(0));
  const prefix = major === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, prefix);
  out.set(data, prefix + text.length);
  return out;
}

const dict = (descr: string, shape: string, fortran = 'False'): string =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;

const f64le = (...values: number[]): Uint8Array => new Uint8Array(Float64Array.from(values).buffer);

describe('parseNpy: hand-built bytes', () => {
  it('reads a v1.0 file byte for byte (header from numpy 2.4.6: np.save of np.array([1, -2], "<i4") without padding)', () => {
    // python3 -c "h=b\"{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n\"; print(list(b'\x93NUMPY\x01\x00'+len(h).to_bytes(2,'little')+h))"
    const bytes = Uint8Array.of(
      0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x3a, 0x00, 0x7b, 0x27, 0x64, 0x65, 0x73, 0x63, 0x72, 0x27, 0x3a, 0x20,
      0x27, 0x3c, 0x69, 0x34, 0x27, 0x2c, 0x20, 0x27, 0x66, 0x6f, 0x72, 0x74, 0x72, 0x61, 0x6e, 0x5f, 0x6f, 0x72, 0x64, 0x65,
      0x72, 0x27, 0x3a, 0x20, 0x46, 0x61, 0x6c, 0x73, 0x65, 0x2c, 0x20, 0x27, 0x73, 0x68, 0x61, 0x70, 0x65, 0x27, 0x3a, 0x20,
      0x28, 0x32, 0x2c, 0x29, 0x2c, 0x20, 0x7d, 0x0a, 0x01, 0x00, 0x00, 0x00, 0xfe, 0xff, 0xff, 0xff,
    );
    const a = parseNpy(bytes);
    expect(a.dtype).toBe('int32');
    expect(a.shape).toEqual([2]);
    expect(a.data).toBeInstanceOf(Int32Array);
    expect(Array.from(a.data as Int32Array)).toEqual([1, -2]);
  });

  it('reads version 2.0 (uint32 header length) and 3.0 (UTF-8 header)', () => {
    const v2 = parseNpy(npyBytes(2, dict('<f8', '(2,)'), f64le(1.5, -2)));
    expect(Array.from(v2.data as Float64Array)).toEqual([1.5, -2]);
    const v3 = parseNpy(npyBytes(3, dict('<f8', '(1,)'), f64le(7), true));
    expect(Array.from(v3.data as Float64Array)).toEqual([7]);
  });

  it('converts big-endian >f4 and >f8 to the host order', () => {
    // numpy: np.array([1.0, 2.0], '>f4').tobytes().hex() == '3f80000040000000'
    const f4 = parseNpy(npyBytes(1, dict('>f4', '(2,)'), [0x3f, 0x80, 0, 0, 0x40, 0, 0, 0]));
    expect(f4.dtype).toBe('float32');
    expect(Array.from(f4.data as Float32Array)).toEqual([1, 2]);
    // numpy: np.save of np.array([1.0, 2.0], '>f8'), data bytes '3ff0000000000000 4000000000000000'
    const f8 = parseNpy(npyBytes(1, dict('>f8', '(2,)'), [0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]));
    expect(Array.from(f8.data as Float64Array)).toEqual([1, 2]);
  });

  it('copies data whose offset is not aligned to the item size, and views aligned data', () => {
    const plain = npyBytes(1, dict('<f8', '(2,)'), f64le(0.25, 3)); // data at offset 68: not a multiple of 8
    const unaligned = parseNpy(plain);
    expect(Array.from(unaligned.data as Float64Array)).toEqual([0.25, 3]);
    expect(unaligned.data.buffer).not.toBe(plain.buffer);

    const encoded = encodeNpy({ dtype: 'float64', shape: [2], data: Float64Array.of(0.25, 3) });
    const shifted = new Uint8Array(encoded.length + 3);
    shifted.set(encoded, 3);
    expect(Array.from(parseNpy(shifted.subarray(3)).data as Float64Array)).toEqual([0.25, 3]);
    const aligned = parseNpy(encoded);
    expect(aligned.data.buffer).toBe(encoded.buffer);
  });

  it('reads from a Node Buffer, whose slice() is a view, not a copy', () => {
    const buffer = Buffer.from(npyBytes(1, dict('>f8', '(1,)'), [0x40, 0x08, 0, 0, 0, 0, 0, 0]));
    expect(Array.from(parseNpy(buffer).data as Float64Array)).toEqual([3]);
  });
});

describe('parseNpy: errors', () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['bad magic', Uint8Array.from('NOTNUMPY\x00\x00', (c) => c.charCodeAt(0)), /magic/],
    ['too short', Uint8Array.of(0x93, 0x4e), /magic/],
    ['version 4.0', npyBytes(1, dict('<f8', '()'), f64le(1)).map((b, i) => (i === 6 ? 4 : b)), /version 4\.0/],
    ['header past the end', npyBytes(1, dict('<f8', '()')).subarray(0, 40), /runs past the end/],
    ['fortran order', npyBytes(1, dict('<f8', '(2, 1)', 'True'), f64le(1, 2)), /fortran_order is True/],
    ['unsupported dtype', npyBytes(1, dict('<c16', '(1,)'), new Uint8Array(16)), /unsupported dtype '<c16'/],
    ['one-byte order on a multi-byte type', npyBytes(1, dict('|f4', '(1,)'), new Uint8Array(4)), /unsupported dtype '\|f4'/],
    ['short data', npyBytes(1, dict('<f8', '(3,)'), f64le(1, 2)), /needs 24 data bytes, found 16/],
    ['trailing data', npyBytes(1, dict('<f8', '()'), f64le(1, 2)), /needs 8 data bytes, found 16/],
    ['bool other than 0/1', npyBytes(1, dict('|b1', '(3,)'), [0, 1, 2]), /bool element 2 is 2/],
    ['invalid UTF-8 in a v3.0 header', npyBytes(3, dict('<f8', '()')).map((b, i) => (i === 14 ? 0xff : b)), /not valid UTF-8/],
  ];
  it.each(cases)('%s is MDL_ERR_NPY_FORMAT', (_name, bytes, message) => {
    const err = thrown(() => parseNpy(bytes, { source: 'w.npy' }));
    expect(err.code).toBe('MDL_ERR_NPY_FORMAT');
    expect(err.kind).toBe('user');
    expect(err.message).toMatch(/^w\.npy: /);
    expect(err.message).toMatch(message);
    expect(err.details['source']).toBe('w.npy');
  });
});

describe('encodeNpy', () => {
  const arrays: NdArray[] = [
    { dtype: 'float32', shape: [2, 3], data: Float32Array.of(0, 1 / 3, 2 / 3, 1, -0, Number.NaN) },
    { dtype: 'float64', shape: [], data: Float64Array.of(3.5) },
    { dtype: 'float64', shape: [0], data: new Float64Array(0) },
    { dtype: 'uint8', shape: [2, 0, 3], data: new Uint8Array(0) },
    { dtype: 'uint8', shape: [4], data: Uint8Array.of(0, 1, 128, 255) },
    { dtype: 'int32', shape: [2, 2], data: Int32Array.of(-1, 2, 3, -(2 ** 31)) },
    { dtype: 'int64', shape: [3, 1], data: BigInt64Array.of(-(2n ** 63n), 2n ** 63n - 1n, 5n) },
    { dtype: 'int64', shape: [0], data: new BigInt64Array(0) },
    { dtype: 'bool', shape: [2], data: Uint8Array.of(1, 0) },
    { dtype: 'bool', shape: [], data: Uint8Array.of(1) },
    { dtype: 'float32', shape: [2, 2, 2, 2], data: Float32Array.from({ length: 16 }, (_, i) => i * 0.5 - 3) },
  ];
  it.each(arrays.map((a) => [`${a.dtype} [${a.shape.join(',')}]`, a] as const))('round-trips %s', (_name, array) => {
    const bytes = encodeNpy(array);
    expect((bytes.length - array.data.byteLength) % 64).toBe(0); // data starts 64-byte aligned
    const back = parseNpy(bytes);
    expect(back.dtype).toBe(array.dtype);
    expect(back.shape).toEqual(array.shape);
    expect(back.data.constructor).toBe(array.data.constructor);
    expect(Array.from(back.data as ArrayLike<number | bigint>)).toEqual(Array.from(array.data as ArrayLike<number | bigint>));
  });

  it('writes exactly the bytes of numpy.save', () => {
    // python3 -c "import numpy as np, io; b=io.BytesIO(); np.save(b, np.array([[0,1,2],[3,4,5]], '<f4')); print(b.getvalue())"
    // numpy 2.4.6: 128 bytes; the header dict is padded with 20 spaces for growth, then to 64 bytes.
    const bytes = encodeNpy({ dtype: 'float32', shape: [2, 3], data: Float32Array.of(0, 1, 2, 3, 4, 5) });
    const header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    const expected = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0x76, 0x00, ...Array.from(header, (c) => c.charCodeAt(0))];
    expect(bytes.length).toBe(128 + 24);
    expect(Array.from(bytes.subarray(0, expected.length))).toEqual(expected);
    expect(new TextDecoder().decode(bytes.subarray(expected.length, 128))).toBe(' '.repeat(128 - expected.length - 1) + '\n');
    // numpy's data bytes: '000000000000803f0000004000004040000080400000a040'
    expect(Buffer.from(bytes.subarray(128)).toString('hex')).toBe('000000000000803f0000004000004040000080400000a040');
  });

  it('writes the 0-d header like numpy: shape () and no growth padding', () => {
    // numpy 2.4.6: np.save(np.array(3.5)) is 136 bytes; data 000000000000 0c40
    const bytes = encodeNpy({ dtype: 'float64', shape: [], data: Float64Array.of(3.5) });
    expect(bytes.length).toBe(136);
    expect(new TextDecoder().decode(bytes.subarray(10, 128))).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(\), \} +\n$/);
  });

  const bad: Array<[string, NdArray, RegExp]> = [
    ['data of the wrong type', { dtype: 'float32', shape: [1], data: Float64Array.of(1) }, /needs data of another type than Float64Array/],
    ['length differs from the shape', { dtype: 'int32', shape: [2, 2], data: Int32Array.of(1, 2, 3) }, /holds 4 elements but data has 3/],
    ['a negative dimension', { dtype: 'int32', shape: [-1], data: Int32Array.of(1) }, /not a list of non-negative integers/],
    ['an unknown dtype', { dtype: 'complex64' as NdArray['dtype'], shape: [1], data: Float32Array.of(1) }, /unsupported dtype 'complex64'/],
    ['a bool that is not 0 or 1', { dtype: 'bool', shape: [2], data: Uint8Array.of(1, 7) }, /bool element 1 is 7/],
  ];
  it.each(bad)('rejects %s with MDL_ERR_NPY_FORMAT', (_name, array, message) => {
    const err = thrown(() => encodeNpy(array));
    expect(err.code).toBe('MDL_ERR_NPY_FORMAT');
    expect(err.message).toMatch(message);
  });
});

const convW = sharedData('models/art-mnist-cnn/W_CONV2D_MNIST.npy');
const denseW = sharedData('models/art-mnist-cnn/W_DENSE_MNIST.npy');
describe.skipIf(!convW.available || !denseW.available)(`ART MNIST CNN weights (${(convW.available ? denseW : convW).reason})`, () => {
  // Reference values: python3 -c "import numpy as np; a=np.load('W_DENSE_MNIST.npy'); print(repr(a[0,0]), repr(a[24,9]), a.sum())"
  it('reads the conv kernel: float64 HWIO [7, 7, 1, 1]', () => {
    const bytes = readFileSync(convW.path);
    const w = parseNpy(bytes, { source: convW.path });
    expect(w.dtype).toBe('float64');
    expect(w.shape).toEqual([7, 7, 1, 1]);
    const data = w.data as Float64Array;
    expect(data[0]).toBe(-0.00789638);
    expect(data[3 * 7 + 2]).toBe(-0.1872399);
    expect(data[48]).toBe(-0.23828903);
    expect(data.reduce((a, b) => a + b, 0)).toBeCloseTo(-1.61826887, 10);
    expect(Buffer.from(encodeNpy(w)).equals(bytes)).toBe(true);
  });

  it('reads the dense weights: float64 [25, 10]', () => {
    const w = parseNpy(readFileSync(denseW.path), { source: denseW.path });
    expect(w.dtype).toBe('float64');
    expect(w.shape).toEqual([25, 10]);
    const data = w.data as Float64Array;
    expect(data[0]).toBe(-0.13476986);
    expect(data[24 * 10 + 9]).toBe(-0.11327755);
    expect(data.reduce((a, b) => a + b, 0)).toBeCloseTo(-13.03482799, 10);
  });
});
