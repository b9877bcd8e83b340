/**
 * @module models/onnx/codec
 * `.onnx` bytes ⇄ {@link OnnxModel}. Decoding normalises protobuf Longs to numbers, tags
 * attributes by kind and reads tensor data (see tensor-codec); encoding writes what the
 * builder produces. Anything malformed is MDL_ERR_ONNX_DECODE.
 */
import { modelErrors } from '../errors.js';
import { ONNX_ATTR_TYPE, onnxType } from './proto.js';
import { decodeTensor, encodeTensor } from './tensor-codec.js';
import type { TensorEncoding, TensorProtoObject } from './tensor-codec.js';
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxValueInfo } from './types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs toObject() output is untyped; it is narrowed right here. */
type Obj = Record<string, any>;

const TEXT = new TextDecoder();

/**
 * Decodes an ONNX ModelProto.
 *
 * @example
 * const model = decodeOnnx(await readFile('mlp.onnx'));
 * model.graph.nodes.map((n) => n.opType); // ['Gemm', 'Relu', 'Gemm', 'Softmax']
 */
export function decodeOnnx(bytes: Uint8Array): OnnxModel {
  let obj: Obj;
  try {
    const type = onnxType('ModelProto');
    obj = type.toObject(type.decode(bytes), { longs: Number, arrays: true });
  } catch (cause) {
    throw modelErrors.error('MDL_ERR_ONNX_DECODE', `not an ONNX model: ${(cause as Error).message}`, { bytes: bytes.length }, cause);
  }
  if (obj['graph'] === undefined) {
    throw modelErrors.error('MDL_ERR_ONNX_DECODE', 'ONNX model has no graph', { bytes: bytes.length });
  }
  return {
    irVersion: obj['irVersion'] ?? 0,
    opsetImport: (obj['opsetImport'] as Obj[]).map((o) => ({ domain: o['domain'] ?? '', version: o['version'] ?? 0 })),
    producerName: obj['producerName'] ?? '',
    producerVersion: obj['producerVersion'] ?? '',
    graph: decodeGraph(obj['graph'] as Obj),
  };
}

function decodeGraph(g: Obj): OnnxGraph {
  return {
    name: g['name'] ?? '',
    nodes: (g['node'] as Obj[]).map(decodeNode),
    initializers: (g['initializer'] as TensorProtoObject[]).map(decodeTensor),
    inputs: (g['input'] as Obj[]).map(decodeValueInfo),
    outputs: (g['output'] as Obj[]).map(decodeValueInfo),
  };
}

function decodeNode(n: Obj): OnnxNode {
  const attributes: Record<string, OnnxAttribute> = {};
  for (const a of n['attribute'] as Obj[]) attributes[a['name'] ?? ''] = decodeAttribute(a);
  return {
    name: n['name'] ?? '',
    opType: n['opType'] ?? '',
    domain: n['domain'] ?? '',
    inputs: n['input'] as string[],
    outputs: n['output'] as string[],
    attributes,
  };
}

function decodeAttribute(a: Obj): OnnxAttribute {
  const type: number = a['type'] || inferAttributeType(a);
  switch (type) {
    case ONNX_ATTR_TYPE.FLOAT: return { kind: 'float', value: a['f'] ?? 0 };
    case ONNX_ATTR_TYPE.INT: return { kind: 'int', value: a['i'] ?? 0 };
    case ONNX_ATTR_TYPE.STRING: return { kind: 'string', value: TEXT.decode(a['s'] ?? new Uint8Array()) };
    case ONNX_ATTR_TYPE.FLOATS: return { kind: 'floats', value: a['floats'] as number[] };
    case ONNX_ATTR_TYPE.INTS: return { kind: 'ints', value: a['ints'] as number[] };
    case ONNX_ATTR_TYPE.STRINGS: return { kind: 'strings', value: (a['strings'] as Uint8Array[]).map((s) => TEXT.decode(s)) };
    case ONNX_ATTR_TYPE.TENSOR: return { kind: 'tensor', value: decodeTensor(a['t'] as TensorProtoObject) };
    default: return { kind: 'other', type };
  }
}

/** Very old exporters (IR < 3) leave `type` unset; infer it from the field that is set. */
function inferAttributeType(a: Obj): number {
  if (a['t'] !== undefined) return ONNX_ATTR_TYPE.TENSOR;
  if ((a['ints'] as number[]).length > 0) return ONNX_ATTR_TYPE.INTS;
  if ((a['floats'] as number[]).length > 0) return ONNX_ATTR_TYPE.FLOATS;
  if ((a['strings'] as Uint8Array[]).length > 0) return ONNX_ATTR_TYPE.STRINGS;
  if (a['s'] !== undefined) return ONNX_ATTR_TYPE.STRING;
  if (a['f'] !== undefined) return ONNX_ATTR_TYPE.FLOAT;
  if (a['i'] !== undefined) return ONNX_ATTR_TYPE.INT;
  return ONNX_ATTR_TYPE.UNDEFINED;
}

function decodeValueInfo(v: Obj): OnnxValueInfo {
  const tensorType = (v['type'] as Obj | undefined)?.['tensorType'] as Obj | undefined;
  const dims = (tensorType?.['shape'] as Obj | undefined)?.['dim'] as Obj[] | undefined;
  const shape = dims?.map((d) => (d['dimValue'] !== undefined ? Number(d['dimValue']) : String(d['dimParam'] ?? '?')));
  const info = { name: v['name'] ?? '', elemType: tensorType?.['elemType'] ?? 0 };
  return shape === undefined ? info : { ...info, shape };
}

/** Options of {@link encodeOnnx}. */
export interface EncodeOptions {
  /** How tensor data is stored (default `raw`, as exporters do). */
  readonly tensorEncoding?: TensorEncoding;
}

/**
 * Encodes a model to `.onnx` bytes.
 *
 * @example
 * await writeFile('model.onnx', encodeOnnx(decodeOnnx(bytes), { tensorEncoding: 'typed' }));
 */
export function encodeOnnx(model: OnnxModel, options: EncodeOptions = {}): Uint8Array {
  const enc = options.tensorEncoding ?? 'raw';
  const g = model.graph;
  const graph = {
    name: g.name,
    node: g.nodes.map((n) => encodeNode(n, enc)),
    initializer: g.initializers.map((t) => encodeTensor(t, enc)),
    input: g.inputs.map(encodeValueInfo),
    output: g.outputs.map(encodeValueInfo),
  };
  const type = onnxType('ModelProto');
  // Plain objects shaped like the messages: protobufjs encoders accept them as they are
  // (fromObject would copy every float of every initializer into a JS array first).
  const message = {
    irVersion: model.irVersion,
    opsetImport: model.opsetImport.map((o) => ({ domain: o.domain, version: o.version })),
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    graph,
  };
  return type.encode(message).finish();
}

function encodeNode(n: OnnxNode, enc: TensorEncoding): Obj {
  const attribute = Object.entries(n.attributes).map(([name, a]) => ({ name, ...encodeAttribute(a, enc) }));
  return { name: n.name, opType: n.opType, domain: n.domain, input: n.inputs, output: n.outputs, attribute };
}

function encodeAttribute(a: OnnxAttribute, enc: TensorEncoding): Obj {
  const T = ONNX_ATTR_TYPE;
  switch (a.kind) {
    case 'float': return { type: T.FLOAT, f: a.value };
    case 'int': return { type: T.INT, i: a.value };
    case 'string': return { type: T.STRING, s: new TextEncoder().encode(a.value) };
    case 'floats': return { type: T.FLOATS, floats: a.value };
    case 'ints': return { type: T.INTS, ints: a.value };
    case 'strings': return { type: T.STRINGS, strings: a.value.map((s) => new TextEncoder().encode(s)) };
    case 'tensor': return { type: T.TENSOR, t: encodeTensor(a.value, enc) };
    case 'other': throw new TypeError(`cannot encode attribute of ONNX type ${a.type}`);
  }
}

function encodeValueInfo(v: OnnxValueInfo): Obj {
  const dim = v.shape?.map((d) => (typeof d === 'number' && d >= 0 ? { dimValue: d } : { dimParam: typeof d === 'string' ? d : 'N' }));
  const shape = dim === undefined ? undefined : { dim };
  return { name: v.name, type: { tensorType: { elemType: v.elemType, ...(shape ? { shape } : {}) } } };
}
