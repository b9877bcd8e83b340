/**
 * @module models/train/onnx-export
 * Writes a {@link Classifier} as an ONNX graph with the models context's builder:
 * `input → [Sub mean → Div scale] → Gemm → [Relu → Gemm] → [Softmax]`, float32 weights,
 * a dynamic batch dimension. Standardisation lives in the graph, so the served model
 * takes raw features. The bytes depend only on the classifier and the options (no
 * timestamps), which makes training runs reproducible byte for byte. Pure.
 */
import { OnnxGraphBuilder } from '../onnx/builder.js';
import type { Classifier } from './classifier.js';
import { TRAIN_DEFAULTS } from './defaults.js';

/** Options of {@link classifierToOnnx}. */
export interface OnnxExportOptions {
  /** Graph input name (default `features`). */
  readonly inputName?: string;
  /** Graph output name (default `probabilities` or `logits`, after `output`). */
  readonly outputName?: string;
  /** Graph name (default `classifier`). */
  readonly graphName?: string;
}

/**
 * The `.onnx` bytes of `c`: input `[batch, inputs]` float32, output `[batch, classes]`.
 *
 * @example
 * await writeFile('model.onnx', classifierToOnnx(classifier, { inputName: 'features' }));
 */
export function classifierToOnnx(c: Classifier, options: OnnxExportOptions = {}): Uint8Array {
  const { mlp, standardizer } = c;
  const b = new OnnxGraphBuilder({ name: options.graphName ?? 'classifier', opset: TRAIN_DEFAULTS.opset });
  let x = b.input(options.inputName ?? TRAIN_DEFAULTS.tabularInput, ['batch', mlp.inputs]);
  if (standardizer !== undefined) {
    const mean = b.initializer('standardize_mean', Float32Array.from(standardizer.mean), [mlp.inputs]);
    const scale = b.initializer('standardize_scale', Float32Array.from(standardizer.scale), [mlp.inputs]);
    x = b.node('Div', [b.node('Sub', [x, mean], {}, { name: 'standardize_sub' }), scale], {}, { name: 'standardize_div' });
  }
  if (mlp.hidden > 0) {
    const w1 = b.initializer('dense1_weight', Float32Array.from(mlp.w1), [mlp.hidden, mlp.inputs]);
    const b1 = b.initializer('dense1_bias', Float32Array.from(mlp.b1), [mlp.hidden]);
    x = b.node('Relu', [b.node('Gemm', [x, w1, b1], { transB: 1 }, { name: 'dense1' })], {}, { name: 'relu1' });
  }
  const width = mlp.hidden > 0 ? mlp.hidden : mlp.inputs;
  const w2 = b.initializer('dense2_weight', Float32Array.from(mlp.w2), [mlp.classes, width]);
  const b2 = b.initializer('dense2_bias', Float32Array.from(mlp.b2), [mlp.classes]);
  const outputName = options.outputName ?? (c.output === 'probabilities' ? TRAIN_DEFAULTS.probabilitiesOutput : TRAIN_DEFAULTS.logitsOutput);
  if (c.output === 'probabilities') {
    const logits = b.node('Gemm', [x, w2, b2], { transB: 1 }, { name: 'dense2' });
    b.node('Softmax', [logits], { axis: -1 }, { name: 'softmax', outputs: [outputName] });
  } else {
    b.node('Gemm', [x, w2, b2], { transB: 1 }, { name: 'dense2', outputs: [outputName] });
  }
  b.output(outputName, ['batch', mlp.classes]);
  return b.toBytes();
}
