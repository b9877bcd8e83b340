/**
 * How hardening levels combine (a key replaces the model; run-time only tightens), run-time
 * entries per key or per model with their deadline, and the validation of run-time settings.
 */
import { describe, expect, it } from 'vitest';
import { HardeningOverrides } from './overrides.js';
import { isActive, strictest, validateHardening } from './settings.js';

const clockAt = (ms: { now: number }) => ({ now: () => ms.now });

describe('strictest', () => {
  it('takes the fewer decimals, the smaller k, label-only from either, the larger noise', () => {
    expect(strictest({ roundDecimals: 3, noise: { stddev: 0.01, seed: 1 } }, { roundDecimals: 1, topK: 2, noise: { stddev: 0.05, seed: 2 } })).toEqual({
      roundDecimals: 1,
      topK: 2,
      labelOnly: false,
      noise: { stddev: 0.05, seed: 2 },
    });
    expect(strictest({ labelOnly: true }, { labelOnly: false })?.labelOnly).toBe(true);
    expect(strictest(undefined, { topK: 1 })).toEqual({ topK: 1 });
    expect(strictest({ topK: 1 }, undefined)).toEqual({ topK: 1 });
  });

  it('isActive is false for settings that change nothing', () => {
    expect(isActive({ labelOnly: false })).toBe(false);
    expect(isActive(undefined)).toBe(false);
    expect(isActive({ roundDecimals: 0 })).toBe(true);
  });
});

describe('validateHardening', () => {
  it('names the bad field', () => {
    expect(() => validateHardening({ topK: 0 })).toThrow(expect.objectContaining({ code: 'GW_ERR_INVALID_HARDENING', details: { field: 'topK' } }));
    expect(() => validateHardening({ roundDecimals: 1.5 })).toThrow(/roundDecimals/);
    expect(() => validateHardening({ noise: { stddev: 0, seed: 1 } })).toThrow(/noise.stddev/);
    expect(() => validateHardening({ noise: { stddev: 0.1, seed: -1 } })).toThrow(/noise.seed/);
    expect(() => validateHardening({ roundDecimals: 2, topK: 1, labelOnly: true, noise: { stddev: 0.1, seed: 0 } })).not.toThrow();
  });
});

describe('HardeningOverrides', () => {
  it('applies per key and per model (strictest of both) until the deadline, then forgets', () => {
    const time = { now: 1_000 };
    const overrides = new HardeningOverrides(clockAt(time));
    expect(overrides.lookup('fraud', 'shop')).toBeUndefined();
    overrides.set('fraud', 'shop', { labelOnly: true }, 2_000);
    overrides.set('fraud', undefined, { roundDecimals: 2 }, 5_000);
    expect(overrides.lookup('fraud', 'shop')).toEqual({ roundDecimals: 2, topK: undefined, labelOnly: true, noise: undefined });
    expect(overrides.lookup('fraud', 'batch')).toEqual({ roundDecimals: 2 });
    expect(overrides.lookup('fraud', undefined)).toEqual({ roundDecimals: 2 });
    expect(overrides.lookup('other', 'shop')).toBeUndefined();
    time.now = 2_001;
    expect(overrides.lookup('fraud', 'shop')).toEqual({ roundDecimals: 2 });
    expect(overrides.list().map((e) => [e.model, e.apiKeyId])).toEqual([['fraud', undefined]]);
    expect(overrides.clear('fraud', undefined)).toBe(true);
    expect(overrides.size).toBe(0);
    expect(() => overrides.set('fraud', 'shop', { topK: 0 }, 9_000)).toThrow(expect.objectContaining({ code: 'GW_ERR_INVALID_HARDENING' }));
  });
});
