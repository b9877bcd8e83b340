/**
 * API keys: lookup by sha256 only, the two headers clients use, and wrong vs missing keys.
 */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/digest.js';
import { KeyIndex, presentedKey } from './key-index.js';

describe('KeyIndex', () => {
  const index = new KeyIndex([
    { id: 'shop', sha256: sha256Hex('secret-1').toUpperCase(), rateLimit: { perSecond: 1, burst: 1 } },
    { id: 'batch', sha256: sha256Hex('secret-2'), rateLimit: { perSecond: 1, burst: 1 }, models: ['fraud'] },
  ]);

  it('finds a key by the sha256 of what the client sent, never by the digest itself', () => {
    expect(index.find('secret-1')?.id).toBe('shop');
    expect(index.find('secret-2')?.models).toEqual(new Set(['fraud']));
    expect(index.find('secret-3')).toBeUndefined();
    expect(index.find(sha256Hex('secret-1'))).toBeUndefined();
    expect(index.size).toBe(2);
  });
});

describe('presentedKey', () => {
  it('reads Authorization: Bearer first, then x-api-key', () => {
    expect(presentedKey({ authorization: 'Bearer abc ' })).toBe('abc');
    expect(presentedKey({ authorization: 'bearer abc', 'x-api-key': 'zzz' })).toBe('abc');
    expect(presentedKey({ 'x-api-key': ' k ' })).toBe('k');
    expect(presentedKey({})).toBeUndefined();
  });

  it('treats a present but unusable header as a wrong key, not a missing one', () => {
    expect(presentedKey({ authorization: 'Basic dXNlcjpwdw==' })).toBe('');
    expect(presentedKey({ authorization: 'Bearer ' })).toBe('');
    expect(presentedKey({ 'x-api-key': '' })).toBe('');
  });
});
