import { describe, expect, it } from 'vitest';
import { attr, OnnxGraphBuilder, onnxTensor } from './builder.js';
import { decodeOnnx, encodeOnnx } from './codec.js';
import { onnxType } from './proto.js';
import { decodeTensor } from './tensor-codec.js';

/** Minimal protobuf writer, independent of protobufjs, to check the field numbers. */
function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
const field = (id: number, wire: number): number[] => varint(id * 8 + wire);
const int = (id: number, v: number): number[] => [...field(id, 0), ...varint(v)];
const bytes = (id: number, body: number[]): number[] => [...field(id, 2), ...varint(body.length), ...body];
const str = (id: number, s: string): number[] => bytes(id, [...new TextEncoder().encode(s)]);
const f32 = (v: number): number[] => [...new Uint8Array(Float32Array.of(v).buffer)];

describe('ONNX protobuf field numbers (onnx.proto)', () => {
  it('decodes a ModelProto written by hand', () => {
    const tensor = [...int(1, 2), ...int(2, 1), ...bytes(4, [...f32(1.5), ...f32(-2)]), ...str(8, 'w')];
    const attribute = [...str(1, 'alpha'), ...field(2, 5), ...f32(0.25), ...int(20, 1)];
    const node = [...str(1, 'x'), ...str(1, 'w'), ...str(2, 'y'), ...str(3, 'n0'), ...str(4, 'LeakyRelu'), ...bytes(5, attribute), ...str(7, '')];
    const dim = (v: number | string) => bytes(1, typeof v === 'number' ? int(1, v) : str(2, v));
    const valueInfo = (name: string) => [...str(1, name), ...bytes(2, bytes(1, [...int(1, 1), ...bytes(2, [...dim('N'), ...dim(2)])]))];
    const graph = [...bytes(1, node), ...str(2, 'g'), ...bytes(5, tensor), ...bytes(11, valueInfo('x')), ...bytes(12, valueInfo('y'))];
    const model = [...int(1, 8), ...str(2, 'hand'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, 13)])];
    const m = decodeOnnx(Uint8Array.from(model));
    expect(m).toMatchObject({ irVersion: 8, producerName: 'hand', opsetImport: [{ domain: '', version: 13 }] });
    expect(m.graph.name).toBe('g');
    expect(m.graph.nodes[0]).toEqual({
      name: 'n0', opType: 'LeakyRelu', domain: '', inputs: ['x', 'w'], outputs: ['y'], attributes: { alpha: { kind: 'float', value: 0.25 } },
    });
    expect(m.graph.initializers[0]).toEqual({ name: 'w', dataType: 1, dims: [2], values: Float32Array.of(1.5, -2) });
    expect(m.graph.inputs[0]).toEqual({ name: 'x', elemType: 1, shape: ['N', 2] });
  });

  it('writes dims unpacked and float_data packed, like onnx.proto (proto2)', () => {
    const t = onnxType('TensorProto');
    const written = t.encode({ dims: [2], dataType: 1, floatData: [1.5, -2], name: 'w' }).finish();
    expect(Array.from(written)).toEqual([...int(1, 2), ...int(2, 1), ...bytes(4, [...f32(1.5), ...f32(-2)]), ...str(8, 'w')]);
  });

  it('reads unpacked float_data and int64 raw_data too', () => {
    const unpacked = Uint8Array.from([...int(1, 2), ...int(2, 1), ...field(4, 5), ...f32(3), ...field(4, 5), ...f32(4)]);
    expect(decodeTensor(onnxType('TensorProto').toObject(onnxType('TensorProto').decode(unpacked), { longs: Number, arrays: true })).values).toEqual(Float32Array.of(3, 4));
    const raw = new Uint8Array(BigInt64Array.of(-1n, 7n).buffer);
    expect(decodeTensor({ dims: [2], dataType: 7, rawData: raw }).values).toEqual(BigInt64Array.of(-1n, 7n));
  });

  it('rejects a tensor whose element count disagrees with its dims', () => {
    expect(() => decodeTensor({ name: 'bad', dims: [3], dataType: 1, floatData: [1, 2] })).toThrow(expect.objectContaining({ code: 'MDL_ERR_ONNX_DECODE' }));
  });

  it('marks external data and unreadable types as values: null', () => {
    expect(decodeTensor({ name: 'ext', dims: [2], dataType: 1, dataLocation: 1 }).values).toBeNull();
    expect(decodeTensor({ name: 'half', dims: [1], dataType: 10, int32Data: [15360] }).values).toBeNull();
  });
});

describe('encode → decode round trip', () => {
  function model(): OnnxGraphBuilder {
    const b = new OnnxGraphBuilder({ opset: 15, producerName: 'test' });
    const x = b.input('x', ['batch', 3]);
    b.initializer('f64', Float64Array.of(0.1, 0.2), [2]);
    b.initializer('i32', Int32Array.of(-3, 4), [2]);
    b.initializer('u8', Uint8Array.of(1, 255), [2]);
    const y = b.node('Custom', [x], {
      f: attr.float(1), i: 3, s: 'same', fs: [0.5, 1.5], is: [1, -2], ss: ['a', 'b'], t: onnxTensor('t', BigInt64Array.of(5n), [1]),
    });
    b.output(y, ['batch', 3]);
    return b;
  }

  it.each(['raw', 'typed'] as const)('with %s tensor data', (tensorEncoding) => {
    const built = model().build();
    const back = decodeOnnx(encodeOnnx(built, { tensorEncoding }));
    expect(back).toEqual(built);
  });
});
