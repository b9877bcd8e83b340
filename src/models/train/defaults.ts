/**
 * @module models/train/defaults
 * Every default of the trainers, written once: network size, optimiser settings, the
 * hold-out fraction and the tensor names the exported graphs use.
 */

/**
 * Defaults of `trainTabular`, `trainDigits` and the `bulwark train` command.
 *
 * @example
 * trainTabular(data, { hidden: TRAIN_DEFAULTS.hidden });
 */
export const TRAIN_DEFAULTS = Object.freeze({
  /** Hidden units of the one-hidden-layer MLP (0 = logistic regression). */
  hidden: 32,
  /** Seed of the split, the initialisation and the shuffles. */
  seed: 1,
  /** Share of rows held out for evaluation (stratified). */
  testFraction: 0.2,
  /** Tabular: passes over the training split. */
  tabularEpochs: 20,
  /** Tabular: rows per Adam step. */
  tabularBatchSize: 128,
  /** Tabular: Adam step size. */
  tabularLearningRate: 0.002,
  /** Digits: passes over the training file. */
  digitsEpochs: 40,
  /** Digits: rows per Adam step. */
  digitsBatchSize: 32,
  /** Digits: Adam step size. */
  digitsLearningRate: 0.003,
  /** L2 penalty on the weights (not the biases), added to the mean loss as λ/2·‖W‖². */
  l2: 1e-4,
  /** Adam β₁, β₂ and ε. */
  adam: Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
  /** Input tensor name of tabular models and of digits models. */
  tabularInput: 'features',
  digitsInput: 'pixels',
  /** Output names: they say what the output holds (see docs/training.md). */
  probabilitiesOutput: 'probabilities',
  logitsOutput: 'logits',
  /** Default-domain opset of exported graphs. */
  opset: 13,
});
