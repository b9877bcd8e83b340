/**
 * @module redteam/suite/defaults
 * Defaults of `bulwark redteam run` and its suite file, written once.
 */

/**
 * @example
 * parseSuite(doc, file).integrity.rowTolerance; // SUITE_DEFAULTS.rowTolerance unless the suite sets it
 */
export const SUITE_DEFAULTS = Object.freeze({
  /** Training and test files of `train: { task: digits }` (`shared:` = ../shared/data or BULWARK_SHARED_DATA). */
  digitsTrain: 'shared:images/optdigits.tra',
  digitsTest: 'shared:images/optdigits.tes',
  /** Integrity: a change of the dataset's total rows beyond this share of the LKG's is a violation. */
  rowTolerance: 0.1,
  /** z of the two-sided 95% Wilson score interval. */
  wilsonZ: 1.959963984540054,
  /** Registry document kind of red-team reports (CONTROL_DEFAULTS.redteamReportKind). */
  reportKind: 'redteam-report',
  /** Registry document kind of dataset manifests. */
  manifestKind: 'dataset-manifest',
});
