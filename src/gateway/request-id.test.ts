/**
 * Request ids: client ids echoed only when safe, fresh ids sortable by time and unique.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { RequestIds, isSafeRequestId } from './request-id.js';

describe('RequestIds', () => {
  it('makes 26-character ids that sort by time and do not repeat', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const ids = new RequestIds(clock);
    const seen = new Set<string>();
    let previous = '';
    for (let i = 0; i < 5_000; i++) {
      if (i % 100 === 0) clock.advance(1);
      const id = ids.next();
      expect(id).toMatch(/^[0-9a-z]{26}$/);
      expect(id.slice(0, 10) >= previous.slice(0, 10)).toBe(true);
      previous = id;
      seen.add(id);
    }
    expect(seen.size).toBe(5_000);
  });

  it('echoes a safe client id and replaces anything else', () => {
    const ids = new RequestIds(new ManualClock(0));
    expect(ids.fromHeader('7f3c2a9e-1b2c-4d5e-8f90-123456789abc')).toBe('7f3c2a9e-1b2c-4d5e-8f90-123456789abc');
    for (const bad of ['a b', '', 'x'.repeat(129), '<script>', 'a\r\nb']) {
      expect(isSafeRequestId(bad), bad).toBe(false);
      expect(ids.fromHeader(bad)).toMatch(/^[0-9a-z]{26}$/);
    }
    expect(ids.fromHeader(['a', 'b'])).toMatch(/^[0-9a-z]{26}$/);
  });
});
