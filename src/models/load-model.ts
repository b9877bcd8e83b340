/**
 * @module models/load-model
 * Opens a model file with the right runtime, picked by name: `.onnx` → onnxruntime for
 * predictions (what production serves), plus the ONNX→TF.js importer for gradients when
 * `differentiable` is asked; `model.json` (or any `.json`) → TF.js LayersModel/GraphModel.
 */
import { basename, extname } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { ModelSignature } from '../shared/signature.js';
import { MODEL_DEFAULTS } from './defaults.js';
import { modelErrors } from './errors.js';
import type { HostTensor, LossGradient, Model, OutputKind, OutputKindOption } from './model.js';
import { OnnxRuntimeModel } from './runtime/onnx-runtime-model.js';
import { TfjsImportedModel } from './tfjs/imported-model.js';
import { loadTfjsModel } from './tfjs/tfjs-file-model.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions extends OutputKindOption {
  /**
   * Also provide gradients (default false). For ONNX this imports the graph into TF.js,
   * which fails with MDL_ERR_UNSUPPORTED_OP when it uses an op the importer lacks. TF.js
   * models are always differentiable.
   */
  readonly differentiable?: boolean;
  /**
   * Which runtime answers `predict` for a differentiable ONNX model (default
   * `onnxruntime`, the reference; `tfjs` keeps predictions and gradients on one function).
   */
  readonly onnxPredictor?: 'onnxruntime' | 'tfjs';
}

/** onnxruntime for predictions, the imported TF.js graph for everything differentiable. */
class OnnxDualModel implements Model {
  readonly signature: ModelSignature;
  readonly outputKind: OutputKind;
  readonly differentiable = true;
  readonly tfFunction: (x: tf.Tensor) => tf.Tensor;
  readonly tfLoss: (x: tf.Tensor, labels: tf.Tensor) => tf.Tensor;
  readonly #ort: OnnxRuntimeModel;
  readonly #tfjs: TfjsImportedModel;

  constructor(ort: OnnxRuntimeModel, tfjs: TfjsImportedModel) {
    this.#ort = ort;
    this.#tfjs = tfjs;
    this.signature = ort.signature;
    this.outputKind = tfjs.outputKind;
    this.tfFunction = tfjs.tfFunction;
    this.tfLoss = tfjs.tfLoss;
  }

  predict(batch: Float32Array, shape: number[]): Promise<HostTensor> {
    return this.#ort.predict(batch, shape);
  }

  lossGradient(x: Float32Array, shape: number[], labels: Int32Array): Promise<LossGradient> {
    return this.#tfjs.lossGradient(x, shape, labels);
  }

  dispose(): void {
    this.#ort.dispose();
    this.#tfjs.dispose();
  }
}

async function loadOnnx(path: string, options: LoadModelOptions): Promise<Model> {
  const kind = options.outputKind === undefined ? {} : { outputKind: options.outputKind };
  if (options.differentiable !== true) return OnnxRuntimeModel.create(path, kind);
  const imported = await TfjsImportedModel.fromFile(path, kind);
  if ((options.onnxPredictor ?? MODEL_DEFAULTS.onnxPredictor) === 'tfjs') return imported;
  try {
    return new OnnxDualModel(await OnnxRuntimeModel.create(path, { outputKind: imported.outputKind }), imported);
  } catch (err) {
    imported.dispose();
    throw err;
  }
}

/**
 * Loads a model by file name: `.onnx`, or a TF.js `model.json`.
 *
 * @example
 * const model = await loadModel('models/cnn.onnx', { differentiable: true });
 * const { loss, grad } = await model.lossGradient!(x, [8, 1, 28, 28], labels);
 * model.dispose();
 */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<Model> {
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') return loadOnnx(path, options);
  if (ext === '.json') return loadTfjsModel(path, options.outputKind === undefined ? {} : { outputKind: options.outputKind });
  throw modelErrors.error('MDL_ERR_UNKNOWN_FORMAT', `cannot tell the format of ${basename(path)}: expected a .onnx file or a TF.js model.json`, { path });
}

/**
 * The model's `lossGradient`, or MDL_ERR_NOT_DIFFERENTIABLE when it has none.
 *
 * @example
 * const lossGradient = requireGradients(model); // throws for an onnxruntime-only model
 */
export function requireGradients(model: Model): NonNullable<Model['lossGradient']> {
  const fn = model.lossGradient;
  if (!model.differentiable || fn === undefined) {
    throw modelErrors.error('MDL_ERR_NOT_DIFFERENTIABLE', 'this model provides no gradients (an ONNX model loaded for predictions only?)', {
      inputs: model.signature.inputs.map((i) => i.name),
    });
  }
  return fn.bind(model);
}
