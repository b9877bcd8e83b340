import { describe, expect, it } from 'vitest';
import { walkLeaves } from './nested-leaves.js';

describe('walkLeaves', () => {
  it('visits flat and nested leaves in order; a scalar is one leaf, undefined none', () => {
    const seen: unknown[] = [];
    expect(walkLeaves([[1, 2], [], [3, [4, [5]]]], (leaf) => void seen.push(leaf))).toBe(5);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(walkLeaves(7, () => undefined)).toBe(1);
    expect(walkLeaves(undefined, () => undefined)).toBe(0);
  });

  it('stops when visit returns false, or at maxLeaves', () => {
    const seen: unknown[] = [];
    expect(walkLeaves([1, [2, 'x', 3]], (leaf) => (seen.push(leaf), typeof leaf === 'number'))).toBe(3);
    expect(seen).toEqual([1, 2, 'x']);
    expect(walkLeaves([1, 2, 3, 4], () => undefined, 2)).toBe(2);
  });

  it('survives a nesting depth that would overflow a recursive walk', () => {
    let deep: unknown = [1];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(walkLeaves(deep, () => undefined)).toBe(1);
  });
});
