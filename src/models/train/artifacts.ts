/**
 * @module models/train/artifacts
 * What a training run leaves on disk: `NAME.onnx`, its Open Inference Protocol v2
 * signature `NAME.signature.json` (the shape of shared/signature.ts) and
 * `NAME.metrics.json`. `classifierSignature` is pure; `writeTrainedModel` is the only
 * function of models/train that writes files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { modelSignatureSchema } from '../../shared/signature.js';
import type { ModelSignature } from '../../shared/signature.js';
import type { Classifier } from './classifier.js';

/** Options of {@link classifierSignature}. */
export interface SignatureOptions {
  readonly inputName: string;
  readonly outputName: string;
  /** Inclusive [min, max] every input element must lie in (e.g. [0, 1] for scaled pixels). */
  readonly inputRange?: readonly [number, number];
}

/**
 * The signature of an exported classifier: FP32 input `[-1, inputs]` and FP32 output
 * `[-1, classes]`; probabilities carry the range [0, 1].
 *
 * @example
 * classifierSignature(c, { inputName: 'pixels', outputName: 'logits', inputRange: [0, 1] });
 * // { inputs: [{ name: 'pixels', datatype: 'FP32', shape: [-1, 64], range: [0, 1] }], outputs: [...] }
 */
export function classifierSignature(c: Classifier, options: SignatureOptions): ModelSignature {
  return modelSignatureSchema.parse({
    inputs: [{ name: options.inputName, datatype: 'FP32', shape: [-1, c.mlp.inputs], ...(options.inputRange === undefined ? {} : { range: [...options.inputRange] }) }],
    outputs: [{ name: options.outputName, datatype: 'FP32', shape: [-1, c.mlp.classes], ...(c.output === 'probabilities' ? { range: [0, 1] } : {}) }],
  });
}

/** The three files of a trained model. */
export interface TrainedModelPaths {
  readonly onnx: string;
  readonly signature: string;
  readonly metrics: string;
}

/**
 * Sidecar paths of `onnxPath`: `a/m.onnx` → `a/m.signature.json`, `a/m.metrics.json`
 * (a name without `.onnx` keeps its full name as the stem).
 *
 * @example
 * sidecarPaths('out/v1.onnx').signature; // 'out/v1.signature.json'
 */
export function sidecarPaths(onnxPath: string): TrainedModelPaths {
  const stem = onnxPath.toLowerCase().endsWith('.onnx') ? onnxPath.slice(0, -'.onnx'.length) : onnxPath;
  return { onnx: onnxPath, signature: `${stem}.signature.json`, metrics: `${stem}.metrics.json` };
}

/**
 * Writes the model, its signature and (when given) its metrics, creating the folder.
 * JSON is written with two-space indentation and a final newline.
 *
 * @example
 * await writeTrainedModel('out/credit.onnx', { bytes, signature, metrics: { auc: 0.77 } });
 */
export async function writeTrainedModel(onnxPath: string, model: { bytes: Uint8Array; signature: ModelSignature; metrics?: unknown }): Promise<TrainedModelPaths> {
  const paths = sidecarPaths(onnxPath);
  await mkdir(dirname(onnxPath), { recursive: true });
  await writeFile(paths.onnx, model.bytes);
  await writeFile(paths.signature, `${JSON.stringify(model.signature, null, 2)}\n`);
  if (model.metrics !== undefined) await writeFile(paths.metrics, `${JSON.stringify(model.metrics, null, 2)}\n`);
  return paths;
}
