import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { EventHub, sseFrame } from './event-hub.js';
import { planResume } from './resume.js';

describe('planResume', () => {
  it('replays nothing to a new client', () => {
    expect(planResume(undefined, 'b', 1, 9)).toEqual({ afterSeq: Infinity, gap: undefined });
    expect(planResume('', 'b', 1, 9)).toEqual({ afterSeq: Infinity, gap: undefined });
  });

  it('resumes after the last seen event while it is buffered', () => {
    expect(planResume('b-7', 'b', 5, 9)).toEqual({ afterSeq: 7, gap: undefined });
    expect(planResume('b-4', 'b', 5, 9)).toEqual({ afterSeq: 4, gap: undefined });
    expect(planResume('b-9', 'b', 5, 9)).toEqual({ afterSeq: 9, gap: undefined });
  });

  it('reports a gap when events were overwritten, the process restarted, or the id is not ours', () => {
    expect(planResume('b-3', 'b', 5, 9)).toEqual({ afterSeq: 0, gap: 'expired' });
    expect(planResume('a-7', 'b', 1, 9)).toEqual({ afterSeq: 0, gap: 'restarted' });
    expect(planResume('b-10', 'b', 1, 9)).toEqual({ afterSeq: 0, gap: 'unknown_id' });
    expect(planResume('garbage', 'b', 1, 9)).toEqual({ afterSeq: 0, gap: 'unknown_id' });
  });
});

describe('EventHub', () => {
  it('renders one frame per event with id and type, JSON data on one line', () => {
    expect(sseFrame('b-1', 'anomaly', { text: 'a\nb' })).toBe('id: b-1\nevent: anomaly\ndata: {"text":"a\\nb"}\n\n');
    expect(sseFrame(undefined, 'replay_gap', {})).toBe('event: replay_gap\ndata: {}\n\n');
  });

  it('numbers events, delivers them, and replays from a bounded ring', () => {
    const hub = new EventHub({ boot: 'b', capacity: 3, clock: new ManualClock(5), onError: () => undefined });
    const seen: string[] = [];
    const off = hub.subscribe((e) => void seen.push(e.id));
    for (let i = 0; i < 5; i++) hub.publish('route_change', 'fraud', { i });
    off();
    hub.publish('alert', undefined, {});
    expect(seen).toEqual(['b-1', 'b-2', 'b-3', 'b-4', 'b-5']);
    expect(hub.lastSeq).toBe(6);
    expect(hub.replay('b-4').events.map((e) => e.id)).toEqual(['b-5', 'b-6']);
    expect(hub.replay('b-4').gap).toBeUndefined();
    const expired = hub.replay('b-1');
    expect([expired.gap, expired.oldestId, expired.events.map((e) => e.seq)]).toEqual(['expired', 'b-4', [4, 5, 6]]);
    expect(hub.replay(undefined).events).toEqual([]);
  });

  it('keeps delivering when a listener throws', () => {
    const errors: Error[] = [];
    const hub = new EventHub({ boot: 'b', capacity: 3, clock: new ManualClock(0), onError: (e) => void errors.push(e) });
    const seen: number[] = [];
    hub.subscribe(() => {
      throw new Error('boom');
    });
    hub.subscribe((e) => void seen.push(e.seq));
    hub.publish('anomaly', 'fraud', {});
    expect([seen, errors.map((e) => e.message)]).toEqual([[1], ['boom']]);
  });
});
