import { describe, expect, expectTypeOf, it } from 'vitest';
import * as math from './index.js';
import type { BinomialTestResult, KsResult, ShapiroWilkResult, Unmeasurable, UnmeasurableReason } from './index.js';

describe('shared/math public surface', () => {
  it('exports the named functions and classes', () => {
    const names = Object.keys(math).sort();
    expect(names).toEqual([
      'BINOMIAL_EXACT_MAX_VARIANCE', 'Cusum', 'Ewma', 'KS_EXACT_MAX_CELLS', 'PSI_DEFAULT_EPSILON', 'QuantileSketch', 'RunningMoments',
      'SHAPIRO_WILK_MAX_N', 'SHAPIRO_WILK_MIN_N', 'binCounts', 'binIndex', 'binomialCdf', 'binomialLogPmf', 'binomialPmf', 'binomialSf',
      'binomialTest', 'byteEntropy', 'entropy', 'erfc', 'jensenShannon', 'kolmogorovLimitSf', 'kolmogorovSf', 'ksTwoSample', 'lgamma',
      'normalCdf', 'normalQuantile', 'normalSf', 'psi', 'psiFromSamples', 'quantile', 'quantileBinEdges', 'quantileSorted', 'quantiles',
      'shapiroWilk', 'smirnovSf', 'stirlingError', 'unmeasurable',
    ]);
  });

  it('types the could-not-measure outcomes as a discriminated union', () => {
    expectTypeOf(math.shapiroWilk).returns.toEqualTypeOf<ShapiroWilkResult | Unmeasurable>();
    expectTypeOf(math.ksTwoSample).returns.toEqualTypeOf<KsResult | Unmeasurable>();
    expectTypeOf(math.binomialTest).returns.toEqualTypeOf<BinomialTestResult>();
    expectTypeOf<UnmeasurableReason>().toEqualTypeOf<'empty' | 'zero-total' | 'zero-range'>();
    const r = math.shapiroWilk([1, 2, 4]);
    if (r.ok) expectTypeOf(r.w).toBeNumber();
    else expectTypeOf(r.reason).toEqualTypeOf<UnmeasurableReason>();
    expectTypeOf(math.binomialTest).parameter(3).toEqualTypeOf<'greater' | 'less' | 'two-sided' | undefined>();
  });
});
