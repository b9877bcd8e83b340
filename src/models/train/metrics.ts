/**
 * @module models/train/metrics
 * Evaluation metrics of the trainers: ROC AUC by the rank (Mann–Whitney U) formula with
 * tied scores given their average rank, accuracy of an argmax decision, and mean log
 * loss. Pure.
 */

/**
 * Area under the ROC curve of `scores` for binary `labels` (1 = positive, anything else
 * negative): `(R₊ − n₊(n₊+1)/2) / (n₊·n₋)`, where R₊ is the sum of the positives' ranks
 * and tied scores share their average rank, so a tie between a positive and a negative
 * counts one half. Throws a RangeError when either class is absent or the lengths differ.
 *
 * @example
 * rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75
 * rocAuc([0.5, 0.5], [0, 1]);                  // 0.5
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`rocAuc: ${n} scores but ${labels.length} labels`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end] as number] === scores[order[start] as number]) end++;
    const averageRank = (start + 1 + end) / 2; // ranks start..end-1 are 1-based start+1..end
    for (let k = start; k < end; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new RangeError(`rocAuc: needs both classes (${positives} positive, ${negatives} negative)`);
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Share of rows whose highest-scoring class (first one on ties) equals the label.
 * `scores` is row-major `n × classes`.
 *
 * @example
 * accuracy(Float64Array.of(0.9, 0.1, 0.3, 0.7), Int32Array.of(0, 0), 2); // 0.5
 */
export function accuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const n = labels.length;
  if (scores.length !== n * classes) throw new RangeError(`accuracy: ${scores.length} scores for ${n} rows × ${classes} classes`);
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmax(scores, i * classes, classes) === labels[i]) correct++;
  return n === 0 ? Number.NaN : correct / n;
}

/**
 * Mean negative log-likelihood of the labels under row-major `n × classes`
 * probabilities (natural log, probabilities floored at 1e-15).
 *
 * @example
 * logLoss(Float64Array.of(0.5, 0.5), Int32Array.of(1), 2); // Math.LN2
 */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    total -= Math.log(Math.max(probabilities[i * classes + (labels[i] as number)] as number, 1e-15));
  }
  return total / labels.length;
}

/**
 * Index (relative to `offset`) of the largest of `count` values; the first on ties.
 *
 * @example
 * argmax([9, 1, 5, 5], 1, 3); // 1 (the first 5)
 */
export function argmax(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if ((values[offset + k] as number) > (values[offset + best] as number)) best = k;
  return best;
}
