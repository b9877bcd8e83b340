/**
 * @module models/defaults
 * Every default of the models context, written once: what the builder writes, which
 * TF.js backend runs imported graphs, which runtime answers predictions of a
 * differentiable ONNX model, and the probability floor of the cross-entropy.
 */

/**
 * Defaults of the model runtimes, the importer and the builder.
 *
 * @example
 * new OnnxGraphBuilder({ opset: MODEL_DEFAULTS.builderOpset });
 */
export const MODEL_DEFAULTS = Object.freeze({
  /** Default-domain opset the builder writes (it accepts 13–17). */
  builderOpset: 13,
  /** Lowest and highest opset the builder writes. */
  builderOpsetRange: Object.freeze([13, 17] as const),
  /** ONNX IR version the builder writes. */
  irVersion: 8,
  /** TF.js backend for imported graphs and TF.js models (4–5× faster than `cpu`). */
  tfBackend: 'wasm' as const,
  /** Runtime answering `predict` for `loadModel(…, { differentiable: true })` on ONNX. */
  onnxPredictor: 'onnxruntime' as const,
  /** Probabilities are clipped to at least this before −log (finite loss when p = 0). */
  probabilityFloor: 1e-12,
});
