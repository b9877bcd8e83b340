/**
 * @module models/onnx/proto
 * The subset of the ONNX protobuf schema (onnx.proto, proto2) that bulwark reads and
 * writes, declared as a protobufjs reflection descriptor. Field numbers are those of the
 * public onnx.proto; messages and fields we never use (training info, functions, sparse
 * tensors, sequence/map types, quantization annotations) are left out, so protobufjs
 * skips them when decoding. As in onnx.proto, only the typed data fields of TensorProto
 * are packed; `dims`, `ints` and `floats` are not.
 */
import protobuf from 'protobufjs';

const packed = { packed: true } as const;
const unpacked = { packed: false } as const;

/**
 * The descriptor (namespace `onnx`), kept as data so tests can inspect field numbers.
 *
 * @example
 * ONNX_DESCRIPTOR.nested.onnx.nested.TensorProto.fields.rawData.id; // 9
 */
export const ONNX_DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
        StringStringEntryProto: {
          fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            valueInfo: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            docString: { type: 'string', id: 6 },
            domain: { type: 'string', id: 7 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            refAttrName: { type: 'string', id: 21 },
            docString: { type: 'string', id: 13 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            g: { type: 'GraphProto', id: 6 },
            floats: { rule: 'repeated', type: 'float', id: 7, options: unpacked },
            ints: { rule: 'repeated', type: 'int64', id: 8, options: unpacked },
            strings: { rule: 'repeated', type: 'bytes', id: 9 },
            tensors: { rule: 'repeated', type: 'TensorProto', id: 10 },
            graphs: { rule: 'repeated', type: 'GraphProto', id: 11 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        TypeProto: {
          fields: {
            tensorType: { type: 'TypeProtoTensor', id: 1 },
            denotation: { type: 'string', id: 6 },
          },
        },
        // onnx.proto nests this as TypeProto.Tensor; nesting does not change the wire format.
        TypeProtoTensor: {
          fields: {
            elemType: { type: 'int32', id: 1 },
            shape: { type: 'TensorShapeProto', id: 2 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
        },
        Dimension: {
          oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
          fields: {
            dimValue: { type: 'int64', id: 1 },
            dimParam: { type: 'string', id: 2 },
            denotation: { type: 'string', id: 3 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1, options: unpacked },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4, options: packed },
            int32Data: { rule: 'repeated', type: 'int32', id: 5, options: packed },
            stringData: { rule: 'repeated', type: 'bytes', id: 6 },
            int64Data: { rule: 'repeated', type: 'int64', id: 7, options: packed },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            doubleData: { rule: 'repeated', type: 'double', id: 10, options: packed },
            uint64Data: { rule: 'repeated', type: 'uint64', id: 11, options: packed },
            docString: { type: 'string', id: 12 },
            externalData: { rule: 'repeated', type: 'StringStringEntryProto', id: 13 },
            dataLocation: { type: 'int32', id: 14 },
          },
        },
      },
    },
  },
} as const;

let root: protobuf.Root | undefined;

/**
 * The protobufjs type of `onnx.<name>` (built once from {@link ONNX_DESCRIPTOR}).
 *
 * @example
 * const bytes = onnxType('ModelProto').encode({ irVersion: 8, graph: { name: 'g' } }).finish();
 */
export function onnxType(name: 'ModelProto' | 'TensorProto' | 'GraphProto'): protobuf.Type {
  root ??= protobuf.Root.fromJSON(ONNX_DESCRIPTOR as unknown as protobuf.INamespace);
  return root.lookupType(`onnx.${name}`);
}

/**
 * TensorProto.DataType values (onnx.proto).
 *
 * @example
 * ONNX_DTYPE.FLOAT; // 1
 */
export const ONNX_DTYPE = {
  UNDEFINED: 0, FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7,
  STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13,
} as const;

/**
 * AttributeProto.AttributeType values (onnx.proto).
 *
 * @example
 * ONNX_ATTR_TYPE.INTS; // 7
 */
export const ONNX_ATTR_TYPE = {
  UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5,
  FLOATS: 6, INTS: 7, STRINGS: 8, TENSORS: 9, GRAPHS: 10,
} as const;
