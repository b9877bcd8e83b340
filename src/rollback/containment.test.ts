/**
 * Containment: a per-model block-list (403) or throttle (429 with Retry-After) read by a
 * gateway interceptor; release lifts it.
 */
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/errors.js';
import type { Exchange } from '../gateway/index.js';
import { ManualClock } from '../shared/clock.js';
import { ContainmentList, containmentInterceptor } from './containment.js';

describe('ContainmentList', () => {
  it('blocks contained keys on their model only, until released', async () => {
    const list = new ContainmentList({ clock: new ManualClock(0) });
    list.contain('fraud', ['shop', 'shop'], { reason: 'loop guard', incidentId: 'inc-1' });
    list.contain('fraud', [], { reason: 'nothing' });
    expect(list.list()).toEqual([{ model: 'fraud', apiKey: 'shop', reason: 'loop guard', incidentId: 'inc-1', source: 'breaker' }]);
    const err = thrown(() => list.check('fraud', 'shop'));
    expect([err.code, err.message]).toEqual(['GW_ERR_FORBIDDEN', expect.stringContaining('incident inc-1')]);
    expect(() => list.check('assistant', 'shop')).not.toThrow();
    expect(() => list.check('fraud', 'batch')).not.toThrow();
    const hook = containmentInterceptor(list);
    const ex = (key: string) => ({ model: { name: 'fraud' }, apiKey: { id: key } }) as unknown as Exchange;
    expect(() => hook.wrap(async () => undefined)(ex('shop'))).toThrow(expect.objectContaining({ code: 'GW_ERR_FORBIDDEN' }));
    await hook.wrap(async () => undefined)(ex('batch'));
    list.release('fraud');
    expect(list.active).toBe(false);
    expect(() => list.check('fraud', 'shop')).not.toThrow();
  });

  it('throttles instead of blocking when configured', () => {
    const clock = new ManualClock(0);
    const list = new ContainmentList({ clock, mode: { kind: 'throttle', limit: { perSecond: 1, burst: 1 } } });
    list.contain('fraud', ['shop'], { reason: 'r' });
    expect(() => list.check('fraud', 'shop')).not.toThrow();
    const err = thrown(() => list.check('fraud', 'shop'));
    expect([err.code, err.details['retryAfterSeconds']]).toEqual(['GW_ERR_RATE_LIMITED', 1]);
    clock.advance(1_000);
    expect(() => list.check('fraud', 'shop')).not.toThrow();
  });

  it("a rule's containment throttles with its own mode, lapses on time, and survives an unfreeze", () => {
    const clock = new ManualClock(0);
    const list = new ContainmentList({ clock });
    const throttle = { kind: 'throttle' as const, limit: { perSecond: 1, burst: 1 } };
    list.contain('credit', ['scraper'], { reason: 'replay on v1', source: 'anomaly', mode: throttle, untilMs: 10_000 });
    expect(() => list.check('credit', 'scraper')).not.toThrow();
    expect(thrown(() => list.check('credit', 'scraper')).message).toMatch(/rule containment \(replay on v1\): throttled/);
    // A frozen breaker's block is stronger and is not replaced by a later rule containment.
    list.contain('credit', ['mallory'], { reason: 'loop guard' });
    list.contain('credit', ['mallory'], { reason: 'replay', source: 'anomaly', mode: throttle, untilMs: 10_000 });
    expect(thrown(() => list.check('credit', 'mallory')).code).toBe('GW_ERR_FORBIDDEN');
    list.release('credit');
    expect(() => list.check('credit', 'mallory')).not.toThrow();
    expect(list.list().map((k) => k.apiKey)).toEqual(['scraper']);
    clock.advance(10_000);
    expect(() => list.check('credit', 'scraper')).not.toThrow();
    expect(() => list.check('credit', 'scraper')).not.toThrow();
    expect(list.active).toBe(false);
  });
});
