/**
 * @module models/tfjs/tfjs-file-model
 * TF.js models saved as `model.json` + weight shards: LayersModel (Keras-style) or
 * GraphModel (converted from TensorFlow), told apart by the `format` field or the shape
 * of `modelTopology`. Both run differentiably on TF.js. The output kind comes from a final
 * softmax: the last layer's activation (LayersModel) or the op producing the output
 * (GraphModel, which then also exposes the logits node for a stable loss).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSignature, TensorDatatype, TensorSpec } from '../../shared/signature.js';
import { isBulwarkError } from '../../shared/errors.js';
import { modelErrors } from '../errors.js';
import type { OutputKind, OutputKindOption } from '../model.js';
import { ensureTfBackend } from '../tf-backend.js';
import { fileIOHandler, readModelJson } from './file-io-handler.js';
import { TensorFunctionModel } from './tensor-model.js';

const DTYPES: Readonly<Record<string, TensorDatatype | undefined>> = { float32: 'FP32', int32: 'INT32', bool: 'BOOL', string: 'BYTES' };

function spec(name: string, dtype: string, shape: readonly (number | null)[] | undefined): TensorSpec {
  return { name, datatype: DTYPES[dtype] ?? 'FP32', shape: (shape ?? []).map((d) => (d === null || d < 0 ? -1 : d)) };
}

function first(y: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): tf.Tensor {
  const t = y instanceof tf.Tensor ? y : Array.isArray(y) ? y[0] : Object.values(y)[0];
  if (t === undefined) throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', 'the model returned no output');
  return t;
}

function layersModel(model: tf.LayersModel, options: OutputKindOption): TensorFunctionModel {
  const signature: ModelSignature = {
    inputs: model.inputs.map((s) => spec(s.name, s.dtype, s.shape)),
    outputs: model.outputs.map((s) => spec(s.name, s.dtype, s.shape)),
  };
  const lastActivation = model.layers.at(-1)?.getConfig()['activation'];
  const detected: OutputKind = lastActivation === 'softmax' ? 'probabilities' : 'logits';
  return new TensorFunctionModel({
    signature,
    outputKind: options.outputKind ?? detected,
    forward: (x) => first(model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[]),
    dispose: () => model.dispose(),
  });
}

interface GraphNodeJson { name: string; op: string; input?: string[] }

/** Follows Identity nodes back from the output to a Softmax/LogSoftmax, if any. */
function graphFinalActivation(json: tf.io.ModelJSON, outputName: string): { kind: OutputKind; logits?: string } {
  const nodes = ((json.modelTopology as { node?: GraphNodeJson[] } | undefined)?.node ?? []);
  const byName = new Map(nodes.map((n) => [n.name, n]));
  let node = byName.get(outputName.replace(/:\d+$/, ''));
  while (node?.op === 'Identity') node = byName.get((node.input?.[0] ?? '').replace(/:\d+$/, ''));
  if (node?.op !== 'Softmax' && node?.op !== 'LogSoftmax') return { kind: 'logits' };
  const logits = node.input?.[0];
  return { kind: node.op === 'Softmax' ? 'probabilities' : 'log-probabilities', ...(logits ? { logits } : {}) };
}

function graphModel(model: tf.GraphModel, json: tf.io.ModelJSON, options: OutputKindOption): TensorFunctionModel {
  const signature: ModelSignature = {
    inputs: model.inputs.map((s) => spec(s.name, s.dtype, s.shape)),
    outputs: model.outputs.map((s) => spec(s.name, s.dtype, s.shape)),
  };
  const final = graphFinalActivation(json, signature.outputs[0]?.name ?? '');
  const useLogits = final.logits !== undefined && (options.outputKind === undefined || options.outputKind === final.kind);
  const logitsName = final.logits ?? '';
  return new TensorFunctionModel({
    signature,
    outputKind: options.outputKind ?? final.kind,
    forward: (x) => first(model.execute(x)),
    ...(useLogits ? { logits: (x: tf.Tensor) => first(model.execute(x, logitsName)) } : {}),
    dispose: () => model.dispose(),
  });
}

/**
 * Loads a TF.js LayersModel or GraphModel from `model.json` on disk.
 *
 * @example
 * const model = await loadTfjsModel('artifacts/model.json');
 * const { data } = await model.predict(x, [1, 28, 28, 1]);
 */
export async function loadTfjsModel(path: string, options: OutputKindOption = {}): Promise<TensorFunctionModel> {
  await ensureTfBackend();
  const json = await readModelJson(path);
  const topology = json.modelTopology as Record<string, unknown> | undefined;
  const isGraph = json.format === 'graph-model' || (topology !== undefined && Array.isArray(topology['node']));
  try {
    if (isGraph) return graphModel(await tf.loadGraphModel(fileIOHandler(path)), json, options);
    return layersModel(await tf.loadLayersModel(fileIOHandler(path)), options);
  } catch (cause) {
    if (isBulwarkError(cause)) throw cause;
    throw modelErrors.error('MDL_ERR_LOAD_FAILED', `cannot load TF.js model ${path}: ${(cause as Error).message}`, { path }, cause);
  }
}
