import { describe, expect, it } from 'vitest';
import { checkTransition, isVersionStatus, STATUS_TRANSITIONS } from './status.js';
import { VERSION_STATUSES } from './ports.js';

describe('version status transitions', () => {
  it('allows the lifecycle candidate → active → lkg → active', () => {
    expect(checkTransition('candidate', 'active')).toEqual({ kind: 'allowed' });
    expect(checkTransition('active', 'lkg')).toEqual({ kind: 'allowed' });
    expect(checkTransition('lkg', 'active')).toEqual({ kind: 'allowed' });
  });

  it('treats the same status as a no-op', () => {
    for (const s of VERSION_STATUSES) expect(checkTransition(s, s)).toEqual({ kind: 'noop' });
  });

  it('makes retired terminal and lets every other status retire', () => {
    for (const s of VERSION_STATUSES) {
      if (s === 'retired') continue;
      expect(checkTransition('retired', s)).toEqual({ kind: 'forbidden', allowed: [] });
      expect(checkTransition(s, 'retired').kind).toBe('allowed');
    }
  });

  it('forbids quarantined → active without going back to candidate', () => {
    expect(checkTransition('quarantined', 'active')).toEqual({ kind: 'forbidden', allowed: STATUS_TRANSITIONS.quarantined });
  });

  it('narrows strings', () => {
    expect(isVersionStatus('lkg')).toBe(true);
    expect(isVersionStatus('LKG')).toBe(false);
  });
});
