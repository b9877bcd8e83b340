import { describe, expect, it } from 'vitest';
import * as detect from './index.js';

describe('detect public surface', () => {
  it('exports the documented values', () => {
    expect(Object.keys(detect).sort()).toEqual(
      ['BaselineRecorder', 'DETECT_DEFAULTS', 'DetectionEngine', 'SNAPSHOT_FORMAT', 'STAT_FUNCTIONS', 'checkBaseline', 'detectErrors', 'parseRule', 'toAnomalyRef', 'validateRuleExpression'].sort(),
    );
  });

  it('names every function of the rule language in its table', () => {
    expect([...detect.STAT_FUNCTIONS.keys()].sort()).toEqual(
      ['binom', 'boundary', 'count', 'coverage', 'cusum', 'entropy', 'entropy_normalized', 'ks', 'mean', 'prada', 'psi', 'rate', 'unique_rate', 'volume', 'zscore'].sort(),
    );
    expect(detect.detectErrors.prefix).toBe('DET');
  });
});
