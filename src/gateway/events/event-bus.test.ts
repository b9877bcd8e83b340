/**
 * The event bus: publish never blocks or throws, delivery is deferred and ordered, a slow
 * subscriber's bounded queue drops (and counts) instead of growing, a throwing listener
 * is reported and keeps its subscription.
 */
import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../../test/helpers/fake-timers.js';
import { EventBus } from './event-bus.js';

function setup() {
  const timers = new FakeTimers();
  const errors: Error[] = [];
  const drops: string[] = [];
  const bus = new EventBus<number>({ timers, onError: (e) => void errors.push(e), onDrop: (name) => void drops.push(name) });
  return { timers, errors, drops, bus };
}

describe('EventBus', () => {
  it('delivers later, in order, to every subscriber', () => {
    const { timers, bus } = setup();
    const a: number[] = [];
    const b: number[] = [];
    expect(bus.hasSubscribers).toBe(false);
    bus.subscribe((n) => void a.push(n));
    bus.subscribe((n) => void b.push(n));
    for (let i = 0; i < 5; i++) bus.publish(i);
    expect(a).toEqual([]);
    timers.runImmediates();
    expect([a, b]).toEqual([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]);
  });

  it('reports a throwing listener and keeps delivering to it and to the others', () => {
    const { timers, bus, errors } = setup();
    const seen: number[] = [];
    bus.subscribe((n) => {
      if (n === 1) throw new Error('listener bug');
      seen.push(n);
    });
    for (let i = 0; i < 3; i++) bus.publish(i);
    timers.runImmediates();
    expect(seen).toEqual([0, 2]);
    expect(errors.map((e) => e.message)).toEqual(['listener bug']);
  });

  it('gives a slow subscriber a bounded queue: drops are counted, the fast one gets everything', async () => {
    const { timers, bus, drops } = setup();
    let release: () => void = () => undefined;
    const slowSeen: number[] = [];
    const fastSeen: number[] = [];
    bus.subscribe(
      (n) => {
        slowSeen.push(n);
        return new Promise<void>((resolve) => (release = resolve));
      },
      { name: 'slow', queue: 3 },
    );
    bus.subscribe((n) => void fastSeen.push(n), { name: 'fast', queue: 100 });
    bus.publish(0);
    timers.runImmediates(); // slow takes 0 and blocks
    for (let i = 1; i <= 10; i++) bus.publish(i);
    timers.runImmediates();
    expect(fastSeen).toHaveLength(11);
    expect(drops.filter((d) => d === 'slow')).toHaveLength(7);
    expect(bus.stats().find((s) => s.name === 'slow')).toMatchObject({ queued: 3, dropped: 7 });
    release();
    const flushing = bus.forceFlush();
    for (let i = 0; i < 10; i++) {
      await Promise.resolve();
      release();
    }
    await flushing;
    expect(slowSeen).toEqual([0, 1, 2, 3]);
  });

  it('stops delivering to an unsubscribed listener and shuts down idempotently', async () => {
    const { timers, bus } = setup();
    const seen: number[] = [];
    const off = bus.subscribe((n) => void seen.push(n));
    bus.publish(1);
    off();
    bus.publish(2);
    timers.runImmediates();
    expect(seen).toEqual([]);
    bus.subscribe((n) => void seen.push(n));
    bus.publish(3);
    await bus.shutdown();
    await bus.shutdown();
    expect(seen).toEqual([3]);
    expect(bus.hasSubscribers).toBe(false);
  });
});
