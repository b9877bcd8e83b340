import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../shared/digest.js';
import { REALM, TokenIndex, authorize, presentedToken, roleAllows } from './auth.js';

const index = new TokenIndex([
  { id: 'vic', sha256: sha256Hex('viewer-token'), role: 'viewer' },
  { id: 'olga', sha256: sha256Hex('operator-token').toUpperCase(), role: 'operator' },
  { id: 'ada', sha256: sha256Hex('admin-token'), role: 'admin' },
]);

describe('control-plane tokens', () => {
  it('finds a token by the sha256 of what is presented (digests in any case)', () => {
    expect(index.find('operator-token')).toEqual({ tokenId: 'olga', role: 'operator' });
    expect(index.find('operator-token ')).toBeUndefined();
    expect(index.find('')).toBeUndefined();
  });

  it('orders roles viewer < operator < admin', () => {
    expect(roleAllows('viewer', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'operator')).toBe(false);
    expect(roleAllows('operator', 'viewer')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('viewer', 'public')).toBe(true);
  });

  it('reads a bearer token, and tells a missing one from a wrong scheme', () => {
    expect(presentedToken('Bearer abc', undefined)).toBe('abc');
    expect(presentedToken('bearer   abc ', undefined)).toBe('abc');
    expect(presentedToken('Basic YWxpY2U6eA==', 'q')).toBe('');
    expect(presentedToken(undefined, 'q')).toBe('q');
    expect(presentedToken(undefined, undefined)).toBeUndefined();
  });

  it('answers 401 with a challenge for a missing or unknown token, 403 for a low role', () => {
    const missing = authorize(index, 'viewer', undefined);
    expect(missing).toMatchObject({ ok: false, challenge: REALM, error: { code: 'API_ERR_UNAUTHORIZED' } });
    const unknown = authorize(index, 'viewer', 'guess');
    expect(unknown).toMatchObject({ ok: false, challenge: `${REALM}, error="invalid_token"`, error: { code: 'API_ERR_UNAUTHORIZED' } });
    const empty = authorize(index, 'viewer', '');
    expect(empty).toMatchObject({ ok: false, error: { code: 'API_ERR_UNAUTHORIZED' } });
    const low = authorize(index, 'admin', 'operator-token');
    expect(low).toMatchObject({ ok: false, error: { code: 'API_ERR_FORBIDDEN', details: { required: 'admin', role: 'operator' } } });
    expect(authorize(index, 'operator', 'admin-token')).toEqual({ ok: true, principal: { tokenId: 'ada', role: 'admin' } });
    expect(authorize(index, 'public', undefined)).toEqual({ ok: true, principal: undefined });
  });
});
