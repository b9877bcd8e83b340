/**
 * @module models/tfjs/imported-model
 * An ONNX model run by the ONNX→TF.js importer: predictions and input gradients on the
 * same differentiable function. Under a final Softmax/LogSoftmax the loss is computed
 * from the logits feeding it (same value and gradient as −log p, numerically stable).
 */
import { readFile } from 'node:fs/promises';
import type * as tf from '@tensorflow/tfjs';
import { modelErrors } from '../errors.js';
import type { OutputKindOption } from '../model.js';
import { importOnnx } from '../onnx/importer.js';
import type { ImportedGraph, ImportOptions } from '../onnx/importer.js';
import type { OnnxModel } from '../onnx/types.js';
import { ensureTfBackend } from '../tf-backend.js';
import { TensorFunctionModel } from './tensor-model.js';

/** Options of {@link TfjsImportedModel.fromBytes}. */
export type ImportedModelOptions = ImportOptions & OutputKindOption;

/**
 * A differentiable model from an ONNX graph.
 *
 * @example
 * const model = await TfjsImportedModel.fromFile('cnn.onnx');
 * const { loss, grad } = await model.lossGradient(x, [1, 1, 28, 28], Int32Array.of(7));
 * model.dispose();
 */
export class TfjsImportedModel extends TensorFunctionModel {
  /** The compiled graph, for callers that need other tensors than the first output. */
  readonly graph: ImportedGraph;

  constructor(graph: ImportedGraph, options: OutputKindOption = {}) {
    const input = graph.signature.inputs[0]?.name ?? '';
    const output = graph.signature.outputs[0]?.name ?? '';
    const fetch = (name: string) => (x: tf.Tensor): tf.Tensor => graph.run({ [input]: x }, [name])[name] as tf.Tensor;
    const logits = graph.output.logits;
    const useLogits = logits !== undefined && (options.outputKind === undefined || options.outputKind === graph.output.kind);
    super({
      signature: graph.signature,
      outputKind: options.outputKind ?? graph.output.kind,
      forward: fetch(output),
      ...(useLogits ? { logits: fetch(logits) } : {}),
      dispose: () => graph.dispose(),
    });
    this.graph = graph;
  }

  /** Imports ONNX bytes (or a decoded model) after making sure TF.js has its backend. */
  static async fromBytes(source: Uint8Array | OnnxModel, options: ImportedModelOptions = {}): Promise<TfjsImportedModel> {
    await ensureTfBackend();
    return new TfjsImportedModel(importOnnx(source, options), options);
  }

  /** Reads and imports a `.onnx` file. */
  static async fromFile(path: string, options: ImportedModelOptions = {}): Promise<TfjsImportedModel> {
    const bytes = await readFile(path).catch((cause: unknown) => {
      throw modelErrors.error('MDL_ERR_LOAD_FAILED', `cannot read ${path}: ${(cause as Error).message}`, { path }, cause);
    });
    return TfjsImportedModel.fromBytes(bytes, options);
  }
}
