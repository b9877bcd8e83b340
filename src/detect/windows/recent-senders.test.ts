import { describe, expect, it } from 'vitest';
import { RecentSenders } from './recent-senders.js';

function since(s: RecentSenders, fromMs: number): [number, string, string | undefined][] {
  const out: [number, string, string | undefined][] = [];
  s.forEachSince(fromMs, (key, id, apiKey) => void out.push([key, id, apiKey]));
  return out.sort((a, b) => a[0] - b[0]);
}

describe('RecentSenders', () => {
  it('keeps the last sender of each value and reports those noted since a time', () => {
    const s = new RecentSenders(64);
    s.note(7, 'r1', 'shop', 1_000);
    s.note(9, 'r2', undefined, 2_000);
    s.note(7, 'r3', 'mallory', 3_000);
    expect(since(s, 0)).toEqual([[7, 'r3', 'mallory'], [9, 'r2', undefined]]);
    expect(since(s, 2_500)).toEqual([[7, 'r3', 'mallory']]);
    expect(since(new RecentSenders(64), 0)).toEqual([]);
  });

  it('is bounded: many distinct values share the slots, and a value repeated since is still found', () => {
    const s = new RecentSenders(100); // 128 slots
    for (let k = 0; k < 10_000; k++) s.note(k * 2_654_435_761, `r${k}`, 'shop', k);
    s.note(0xabcdef, 'attack', 'mallory', 20_000);
    const all = since(s, 0);
    expect(all.length).toBeLessThanOrEqual(128);
    expect(all.length).toBeGreaterThan(64); // the hash spreads the keys
    expect(since(s, 20_000)).toEqual([[0xabcdef, 'attack', 'mallory']]);
  });
});
