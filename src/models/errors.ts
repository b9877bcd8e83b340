/**
 * @module models/errors
 * Error catalog of the model runtimes and the ONNX→TF.js importer (codes `MDL_ERR_*`).
 * The data readers of `models/io/` declare their own `MDL_ERR_*` codes in their own
 * catalog; a code is never declared twice.
 */
import { defineErrors } from '../shared/errors.js';

/**
 * The `MDL` catalog.
 *
 * @example
 * throw modelErrors.error('MDL_ERR_UNSUPPORTED_OP', 'node "lstm_1": op LSTM is not supported', { opType: 'LSTM' });
 */
export const modelErrors = defineErrors('MDL', {
  MDL_ERR_UNSUPPORTED_OP: {
    kind: 'user',
    meaning: 'The ONNX graph uses an operator, an attribute value or a data type that the ONNX→TF.js importer does not support (the error names the node and lists the supported ops).',
    fix: 'Load the model with `differentiable: false` (onnxruntime runs any op, but black-box attacks only), or re-export it with the supported ops listed in docs/models.md.',
  },
  MDL_ERR_ONNX_DECODE: {
    kind: 'user',
    meaning: 'The bytes are not a valid ONNX ModelProto (protobuf decoding failed, the graph is missing, or a tensor is malformed).',
    fix: 'Check that the file is a complete `.onnx` model (not truncated, not Git LFS pointer text) and that weights are stored inside it rather than as external data.',
  },
  MDL_ERR_SHAPE_MISMATCH: {
    kind: 'user',
    meaning: 'An input does not match the model signature (rank, a fixed dimension, or data length), or an operator received tensors of incompatible shapes.',
    fix: 'Compare the shape you pass with `model.signature.inputs` (-1 is the dynamic batch dimension) and make the data length equal the product of the shape.',
  },
  MDL_ERR_NOT_DIFFERENTIABLE: {
    kind: 'user',
    meaning: 'Gradients were requested from a model that cannot provide them (for example an ONNX model served by onnxruntime only).',
    fix: 'Load the model with `loadModel(path, { differentiable: true })`, or use a black-box attack that only queries the model.',
  },
  MDL_ERR_LOAD_FAILED: {
    kind: 'failure',
    meaning: 'A model file could not be read or its runtime refused it (missing file, unreadable weight shard, onnxruntime session creation error).',
    fix: 'Check the path and permissions, and that weight shards listed in model.json sit beside it; the cause field carries the runtime error.',
  },
  MDL_ERR_UNKNOWN_FORMAT: {
    kind: 'user',
    meaning: 'The model path has neither a `.onnx` extension nor names a TF.js `model.json` (LayersModel or GraphModel).',
    fix: 'Pass a `.onnx` file or a TF.js `model.json` (converted models keep their weight shards beside it).',
  },
});

/** A code of the `MDL` catalog. */
export type ModelErrorCode = keyof typeof modelErrors.codes;
