/**
 * @module models
 * Public surface of the model runtimes and the ONNX→TF.js importer: the {@link Model}
 * interface, `loadModel`, the runtimes (onnxruntime, imported ONNX on TF.js, TF.js
 * LayersModel/GraphModel from disk), the ONNX codec and builder, and the error catalog.
 * The data readers live in `models/io` and have their own index.
 */
export { modelErrors } from './errors.js';
export type { ModelErrorCode } from './errors.js';
export type { HostTensor, LossGradient, Model, OutputKind, OutputKindOption } from './model.js';
export { loadModel, requireGradients } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export { ensureTfBackend } from './tf-backend.js';
export { MODEL_DEFAULTS } from './defaults.js';
export { checkInput, checkLabels } from './check-input.js';
export { OnnxRuntimeModel } from './runtime/onnx-runtime-model.js';
export type { OnnxRuntimeOptions } from './runtime/onnx-runtime-model.js';
export { TfjsImportedModel } from './tfjs/imported-model.js';
export type { ImportedModelOptions } from './tfjs/imported-model.js';
export { TensorFunctionModel } from './tfjs/tensor-model.js';
export type { TensorModelParts } from './tfjs/tensor-model.js';
export { loadTfjsModel } from './tfjs/tfjs-file-model.js';
export { fileIOHandler } from './tfjs/file-io-handler.js';
export { crossEntropy, PROBABILITY_FLOOR } from './tfjs/cross-entropy.js';
export { importOnnx } from './onnx/importer.js';
export type { ImportedGraph, ImportOptions } from './onnx/importer.js';
export { ONNX_OPS, supportedOps } from './onnx/ops/registry.js';
export type { HostConstant, NodeContext, OpHandler, OpKernel, OpTable } from './onnx/ops/op-context.js';
export { decodeOnnx, encodeOnnx } from './onnx/codec.js';
export type { EncodeOptions } from './onnx/codec.js';
export { OnnxGraphBuilder, attr, onnxTensor } from './onnx/builder.js';
export type { AttributeInput, BuilderElemType, NodeOptions, OnnxBuilderOptions } from './onnx/builder.js';
export { onnxSignature } from './onnx/signature.js';
export { detectOutputKind } from './onnx/output-kind.js';
export type { OutputKindInfo } from './onnx/output-kind.js';
export { ONNX_DTYPE } from './onnx/proto.js';
export type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxOpsetId, OnnxTensor, OnnxTensorValues, OnnxValueInfo } from './onnx/types.js';
