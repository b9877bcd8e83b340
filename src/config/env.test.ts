import { describe, expect, it } from 'vitest';
import { protectEnvReferences, resolveTokens } from './env.js';

describe('protectEnvReferences', () => {
  it('replaces references with tokens and maps offsets back', () => {
    const source = 'a: ${LONG_VARIABLE_NAME}, b: ${X}!';
    const p = protectEnvReferences(source, 'n0');
    expect(p.text).toBe('a: _bwenvn0_0_, b: _bwenvn0_1_!');
    expect([...p.tokens.values()].map((t) => [t.kind, t.name])).toEqual([
      ['env', 'LONG_VARIABLE_NAME'],
      ['env', 'X'],
    ]);
    // The "!" after the second token maps back to its place in the original.
    expect(source[p.originalOffset(p.text.indexOf('!'))]).toBe('!');
    expect(source[p.originalOffset(p.text.indexOf(', b'))]).toBe(',');
    // An offset inside a token maps to the start of its reference.
    expect(p.originalOffset(p.text.indexOf('_bwenvn0_1_') + 3)).toBe(source.indexOf('${X}'));
  });

  it('treats $${X} as an escape and leaves invalid names alone', () => {
    const p = protectEnvReferences('a: $${HOME} ${not valid} ${1X}', 'n');
    expect([...p.tokens.values()].map((t) => t.kind)).toEqual(['literal']);
    expect(p.text).toBe('a: _bwenvn_0_ ${not valid} ${1X}');
  });
});

describe('resolveTokens', () => {
  const p = protectEnvReferences('${PORT} ${FLAG} $${LIT} ${A}-${B}', 'n');
  const token = (i: number) => `_bwenvn_${i}_`;

  it('keeps numbers and booleans typed for a whole plain scalar', () => {
    expect(resolveTokens(p, token(0), { PORT: '8080' }, true).value).toBe(8080);
    expect(resolveTokens(p, token(1), { FLAG: 'true' }, true).value).toBe(true);
    expect(resolveTokens(p, token(0), { PORT: '8080' }, false).value).toBe('8080');
  });

  it('substitutes inside strings and marks env-sourced values', () => {
    const r = resolveTokens(p, `${token(3)}-${token(4)}`, { A: 'x', B: 'y' }, true);
    expect(r).toEqual({ value: 'x-y', fromEnv: true, missing: [] });
  });

  it('turns the escape into a literal ${NAME}, not a secret', () => {
    expect(resolveTokens(p, token(2), { LIT: 'no' }, true)).toEqual({ value: '${LIT}', fromEnv: false, missing: [] });
  });

  it('reports missing variables, and an empty value is not missing', () => {
    expect(resolveTokens(p, `${token(3)}${token(4)}`, { A: '' }, true).missing).toEqual(['B']);
  });

  it('ignores inherited properties of the env object', () => {
    const q = protectEnvReferences('${toString}', 'n');
    expect(resolveTokens(q, '_bwenvn_0_', {}, true).missing).toEqual(['toString']);
  });
});
