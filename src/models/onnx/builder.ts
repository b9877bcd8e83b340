/**
 * @module models/onnx/builder
 * Writes valid ONNX models from TypeScript (IR version 8, opset 13–17 of the default
 * domain): graph inputs, initializers, nodes with attributes, graph outputs. Tests build
 * their MLPs and CNNs with it and the training code exports models with it. It needs no
 * TF.js and checks names as it goes, so a typo fails here rather than inside onnxruntime.
 */
import { MODEL_DEFAULTS } from '../defaults.js';
import { encodeOnnx } from './codec.js';
import type { EncodeOptions } from './codec.js';
import { ONNX_DTYPE } from './proto.js';
import { ATTRIBUTE_KINDS } from './schema.js';
import type { AttributeKind } from './schema.js';
import type { OnnxAttribute, OnnxModel, OnnxNode, OnnxTensor, OnnxTensorValues, OnnxValueInfo } from './types.js';

/** An attribute value: explicit (`attr.float(1)`) or plain, typed by the op's schema when
 * known, else by its JS type (integer → INT, other number → FLOAT, array → INTS/FLOATS). */
export type AttributeInput = OnnxAttribute | number | string | readonly number[] | readonly string[] | OnnxTensor;

/**
 * Explicit attribute constructors, for ops the schema does not know.
 *
 * @example
 * builder.node('LeakyRelu', [x], { alpha: attr.float(0.1) });
 */
export const attr = {
  float: (value: number): OnnxAttribute => ({ kind: 'float', value }),
  int: (value: number): OnnxAttribute => ({ kind: 'int', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ kind: 'floats', value }),
  ints: (value: readonly number[]): OnnxAttribute => ({ kind: 'ints', value }),
  string: (value: string): OnnxAttribute => ({ kind: 'string', value }),
  tensor: (value: OnnxTensor): OnnxAttribute => ({ kind: 'tensor', value }),
} as const;

/** Element types the builder writes for graph inputs and outputs. */
export type BuilderElemType = 'float32' | 'float64' | 'int32' | 'int64';

const ELEM: Readonly<Record<BuilderElemType, number>> = {
  float32: ONNX_DTYPE.FLOAT, float64: ONNX_DTYPE.DOUBLE, int32: ONNX_DTYPE.INT32, int64: ONNX_DTYPE.INT64,
};

/**
 * A tensor value for an initializer or a Constant: the data type follows the array type
 * (Float32Array → FLOAT, Float64Array → DOUBLE, Int32Array → INT32, BigInt64Array → INT64,
 * Uint8Array → UINT8).
 *
 * @example
 * onnxTensor('shape', BigInt64Array.from([0n, -1n]), [2]);
 */
export function onnxTensor(name: string, values: OnnxTensorValues, dims: readonly number[]): OnnxTensor {
  const count = dims.reduce((a, b) => a * b, 1);
  if (values.length !== count) throw new RangeError(`tensor "${name}": ${values.length} values for dims [${dims.join(', ')}]`);
  const dataType = values instanceof Float32Array ? ONNX_DTYPE.FLOAT
    : values instanceof Float64Array ? ONNX_DTYPE.DOUBLE
      : values instanceof Int32Array ? ONNX_DTYPE.INT32
        : values instanceof BigInt64Array ? ONNX_DTYPE.INT64 : ONNX_DTYPE.UINT8;
  return { name, dataType, dims: [...dims], values };
}

/** Options of {@link OnnxGraphBuilder}. */
export interface OnnxBuilderOptions {
  /** Graph name (default `graph`). */
  readonly name?: string;
  /** Default-domain opset, 13–17 (default 13). */
  readonly opset?: number;
  /** ModelProto.producer_name (default `bulwark`). */
  readonly producerName?: string;
}

/** Options of {@link OnnxGraphBuilder.node}. */
export interface NodeOptions {
  /** Node name (default `<OpType>_<n>`). */
  readonly name?: string;
  /** Output names (default one output, `<name>_out`). */
  readonly outputs?: readonly string[];
  /** Operator domain (default '' = ai.onnx). */
  readonly domain?: string;
}

/**
 * Builds an ONNX model graph step by step.
 *
 * @example
 * const b = new OnnxGraphBuilder({ name: 'mlp', opset: 13 });
 * const x = b.input('x', ['batch', 4]);
 * const w = b.initializer('w', new Float32Array(12).fill(0.1), [3, 4]);
 * const y = b.node('Gemm', [x, w], { transB: 1 });
 * b.output(b.node('Softmax', [y], { axis: -1 }), ['batch', 3]);
 * await writeFile('mlp.onnx', b.toBytes());
 */
export class OnnxGraphBuilder {
  readonly #name: string;
  readonly #opset: number;
  readonly #producer: string;
  readonly #inputs: OnnxValueInfo[] = [];
  readonly #outputs: OnnxValueInfo[] = [];
  readonly #initializers: OnnxTensor[] = [];
  readonly #nodes: OnnxNode[] = [];
  readonly #known = new Set<string>();

  constructor(options: OnnxBuilderOptions = {}) {
    this.#name = options.name ?? 'graph';
    this.#opset = options.opset ?? MODEL_DEFAULTS.builderOpset;
    const [lowest, highest] = MODEL_DEFAULTS.builderOpsetRange;
    if (!Number.isInteger(this.#opset) || this.#opset < lowest || this.#opset > highest) {
      throw new RangeError(`opset must be ${lowest}–${highest}, got ${options.opset}`);
    }
    this.#producer = options.producerName ?? 'bulwark';
  }

  /** Declares a graph input; -1 or a string marks a dynamic dimension. Returns its name. */
  input(name: string, shape: readonly (number | string)[], elemType: BuilderElemType = 'float32'): string {
    this.#define(name);
    this.#inputs.push({ name, elemType: ELEM[elemType], shape: [...shape] });
    return name;
  }

  /** Adds an initializer (a weight); see {@link onnxTensor} for the data types. Returns its name. */
  initializer(name: string, values: OnnxTensorValues, dims: readonly number[]): string {
    this.#define(name);
    this.#initializers.push(onnxTensor(name, values, dims));
    return name;
  }

  /** Adds a node; '' marks an omitted optional input. Returns its first output's name. */
  node(opType: string, inputs: readonly string[], attributes: Readonly<Record<string, AttributeInput>> = {}, options: NodeOptions = {}): string {
    const name = options.name ?? `${opType}_${this.#nodes.length}`;
    for (const input of inputs) {
      if (input !== '' && !this.#known.has(input)) throw new RangeError(`node "${name}": unknown input "${input}"`);
    }
    const outputs = options.outputs ?? [`${name}_out`];
    for (const output of outputs) this.#define(output);
    const attrs: Record<string, OnnxAttribute> = {};
    for (const [key, value] of Object.entries(attributes)) attrs[key] = toAttribute(opType, key, value);
    this.#nodes.push({ name, opType, domain: options.domain ?? '', inputs: [...inputs], outputs, attributes: attrs });
    return outputs[0] ?? '';
  }

  /** Declares `name` (a node output or an input) as a graph output. */
  output(name: string, shape: readonly (number | string)[], elemType: BuilderElemType = 'float32'): void {
    if (!this.#known.has(name)) throw new RangeError(`output "${name}" is not defined`);
    this.#outputs.push({ name, elemType: ELEM[elemType], shape: [...shape] });
  }

  /** The model as data (IR version 8). */
  build(): OnnxModel {
    if (this.#inputs.length === 0 || this.#outputs.length === 0) throw new RangeError('a graph needs at least one input and one output');
    return {
      irVersion: MODEL_DEFAULTS.irVersion,
      opsetImport: [{ domain: '', version: this.#opset }],
      producerName: this.#producer,
      producerVersion: '1',
      graph: {
        name: this.#name,
        nodes: [...this.#nodes],
        initializers: [...this.#initializers],
        inputs: [...this.#inputs],
        outputs: [...this.#outputs],
      },
    };
  }

  /** The `.onnx` bytes (tensor data as raw_data unless `tensorEncoding: 'typed'`). */
  toBytes(options: EncodeOptions = {}): Uint8Array {
    return encodeOnnx(this.build(), options);
  }

  #define(name: string): void {
    if (name === '' || this.#known.has(name)) throw new RangeError(`name "${name}" is empty or already defined`);
    this.#known.add(name);
  }
}

function toAttribute(opType: string, key: string, value: AttributeInput): OnnxAttribute {
  if (typeof value === 'object' && 'kind' in value) return value;
  if (typeof value === 'object' && 'dataType' in value) return { kind: 'tensor', value };
  const kind: AttributeKind = ATTRIBUTE_KINDS[opType]?.[key] ?? inferKind(value);
  switch (kind) {
    case 'float':
    case 'int': {
      if (typeof value !== 'number') throw new TypeError(`${opType}.${key} must be a number`);
      return { kind, value: kind === 'int' ? Math.trunc(value) : value };
    }
    case 'string': return { kind, value: String(value) };
    case 'floats':
    case 'ints':
    case 'strings': {
      if (!Array.isArray(value)) throw new TypeError(`${opType}.${key} must be an array`);
      return { kind, value: value as never };
    }
    case 'tensor': throw new TypeError(`${opType}.${key} must be a tensor (use onnxTensor)`);
  }
}

function inferKind(value: number | string | readonly number[] | readonly string[]): AttributeKind {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value.every((v) => typeof v === 'string')) return value.length === 0 ? 'ints' : 'strings';
  return (value as readonly number[]).every(Number.isInteger) ? 'ints' : 'floats';
}
