import { describe, expect, it } from 'vitest';
import { durationMs, durationSchema, parseDurationMs } from './duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['10', '', 's', '1.5s', '10 s', '-1s', '5w', '1s ', 'ms'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });

  it('durationMs names the bad text', () => {
    expect(() => durationMs('ten seconds')).toThrow(/"ten seconds"/);
  });
});

describe('durationSchema', () => {
  it('rejects zero when positive', () => {
    expect(durationSchema({ positive: true }).safeParse('0s').success).toBe(false);
    expect(durationSchema().safeParse('0s').success).toBe(true);
  });

  it('explains that a bare number needs a unit', () => {
    const result = durationSchema().safeParse(10);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/with a unit/);
  });
});
