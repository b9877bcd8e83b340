/**
 * @module models/onnx/signature
 * The {@link ModelSignature} of an ONNX graph: its real inputs (initializers listed as
 * inputs by IR < 4 models are left out) and its outputs, with symbolic or missing
 * dimensions as -1.
 */
import type { ModelSignature, TensorSpec } from '../../shared/signature.js';
import { modelErrors } from '../errors.js';
import { ELEM_TYPE_TO_DATATYPE } from './schema.js';
import type { OnnxGraph, OnnxValueInfo } from './types.js';

function spec(v: OnnxValueInfo): TensorSpec {
  const datatype = ELEM_TYPE_TO_DATATYPE[v.elemType];
  if (datatype === undefined) {
    throw modelErrors.error('MDL_ERR_UNSUPPORTED_OP', `tensor "${v.name}": ONNX element type ${v.elemType} is not supported in signatures`, { tensor: v.name, elemType: v.elemType });
  }
  return { name: v.name, datatype, shape: (v.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) };
}

/**
 * The graph's real inputs, in order.
 *
 * @example
 * graphInputs(model.graph).map((v) => v.name); // ['x']
 */
export function graphInputs(graph: OnnxGraph): OnnxValueInfo[] {
  const weights = new Set(graph.initializers.map((t) => t.name));
  return graph.inputs.filter((v) => !weights.has(v.name));
}

/**
 * The signature of an ONNX graph.
 *
 * @example
 * onnxSignature(model.graph);
 * // { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }], outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 3] }] }
 */
export function onnxSignature(graph: OnnxGraph): ModelSignature {
  const inputs = graphInputs(graph).map(spec);
  const outputs = graph.outputs.map(spec);
  if (inputs.length === 0 || outputs.length === 0) {
    throw modelErrors.error('MDL_ERR_ONNX_DECODE', `graph "${graph.name}" declares no ${inputs.length === 0 ? 'inputs' : 'outputs'}`, { graph: graph.name });
  }
  return { inputs, outputs };
}
