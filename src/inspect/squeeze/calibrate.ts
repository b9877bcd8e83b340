/**
 * @module inspect/squeeze/calibrate
 * The detection threshold of feature squeezing, calibrated on clean inputs: the (1 − fpr)
 * quantile of their scores (type 7), so that about `fpr` of clean inputs score above it.
 * An input is flagged when its score is strictly above the threshold.
 */
import { quantile } from '../../shared/math/index.js';
import { inspectErrors } from '../errors.js';

/**
 * @example
 * calibrateThreshold(cleanScores, 0.05); // the 95th percentile of the clean scores
 */
export function calibrateThreshold(cleanScores: ArrayLike<number>, falsePositiveRate: number): number {
  if (cleanScores.length === 0) throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', 'squeeze calibration needs at least one clean score', {});
  if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
    throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', `squeeze: the false-positive rate must be in (0, 1), got ${falsePositiveRate}`, { option: 'falsePositiveRate', value: falsePositiveRate });
  }
  return quantile(cleanScores, 1 - falsePositiveRate);
}
