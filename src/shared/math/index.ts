/**
 * @module shared/math
 * Statistics for the detection engine and the inspectors, pure and dependency-free: tests
 * against a baseline (binomial, two-sample Kolmogorov–Smirnov, Shapiro–Wilk), drift measures
 * (PSI, Jensen–Shannon, entropy), streaming monitors (EWMA, CUSUM, running moments) and a
 * mergeable quantile sketch, with the distributions they need. See docs/statistics.md.
 */
export { binomialCdf, binomialLogPmf, binomialPmf, binomialSf } from './binomial.js';
export { BINOMIAL_EXACT_MAX_VARIANCE, binomialTest } from './binomial-test.js';
export type { Alternative, BinomialTestResult } from './binomial-test.js';
export { Cusum } from './cusum.js';
export type { CusumAlarm, CusumOptions, CusumSignal, CusumState } from './cusum.js';
export { byteEntropy, entropy } from './entropy.js';
export type { EntropyValue, InformationUnit } from './entropy.js';
export { Ewma } from './ewma.js';
export type { EwmaOptions, EwmaState } from './ewma.js';
export { binCounts, binIndex, quantileBinEdges } from './histogram.js';
export { jensenShannon } from './jensen-shannon.js';
export type { JensenShannonValue } from './jensen-shannon.js';
export { kolmogorovLimitSf, kolmogorovSf, smirnovSf } from './kolmogorov.js';
export { KS_EXACT_MAX_CELLS } from './ks-exact.js';
export { ksTwoSample } from './ks-two-sample.js';
export type { KsOptions, KsResult } from './ks-two-sample.js';
export { lgamma, stirlingError } from './lgamma.js';
export { RunningMoments } from './moments.js';
export type { MomentsState } from './moments.js';
export { erfc, normalCdf, normalQuantile, normalSf } from './normal.js';
export { unmeasurable } from './outcome.js';
export type { Unmeasurable, UnmeasurableReason } from './outcome.js';
export { PSI_DEFAULT_EPSILON, psi, psiFromSamples } from './psi.js';
export type { PsiFromSamplesOptions, PsiOptions, PsiSamplesValue, PsiValue } from './psi.js';
export { quantile, quantileSorted, quantiles } from './quantile.js';
export { QuantileSketch } from './quantile-sketch.js';
export type { QuantileSketchOptions, QuantileSketchState } from './quantile-sketch.js';
export { SHAPIRO_WILK_MAX_N, SHAPIRO_WILK_MIN_N, shapiroWilk } from './shapiro-wilk.js';
export type { ShapiroWilkResult } from './shapiro-wilk.js';
