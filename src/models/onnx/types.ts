/**
 * @module models/onnx/types
 * The decoded, normalised form of an ONNX model that the codec, the builder and the
 * importer share: plain objects with numbers instead of protobuf Longs, attributes tagged
 * by kind, and tensor data as one typed array whose type follows the ONNX data type.
 */

/** Tensor values by ONNX data type: FLOAT→Float32Array, DOUBLE→Float64Array, INT64→BigInt64Array,
 * INT32/INT16/INT8/UINT16→Int32Array, UINT8/BOOL→Uint8Array. */
export type OnnxTensorValues = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

/** A TensorProto (initializer, Constant value or tensor attribute). */
export interface OnnxTensor {
  readonly name: string;
  /** TensorProto.DataType (see `ONNX_DTYPE`). */
  readonly dataType: number;
  readonly dims: readonly number[];
  /** `null` when the data type is one bulwark does not read (float16, string, …) or the
   * data is stored outside the file (external data). */
  readonly values: OnnxTensorValues | null;
}

/** A NodeProto attribute, tagged by kind. */
export type OnnxAttribute =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'tensor'; readonly value: OnnxTensor }
  | { readonly kind: 'other'; readonly type: number };

/** A NodeProto. An empty input name means "optional input omitted". */
export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  /** '' (or 'ai.onnx') is the default operator set. */
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, OnnxAttribute>>;
}

/** A ValueInfoProto restricted to tensors. Shape entries are numbers (fixed) or
 * strings (symbolic, e.g. 'batch'); `shape` is undefined when the graph gives none. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: number;
  readonly shape?: readonly (number | string)[];
}

/** A GraphProto. `inputs` may list initializers too (IR < 4); the importer filters them. */
export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

/** An OperatorSetIdProto. */
export interface OnnxOpsetId {
  readonly domain: string;
  readonly version: number;
}

/** A ModelProto. */
export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetImport: readonly OnnxOpsetId[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graph: OnnxGraph;
}
