/**
 * Issue 8, the event stream (GET /api/v1/events, Server-Sent Events) over real sockets:
 * anomalies, breaker transitions and route changes from a running gateway whose active
 * version starts failing (live traffic only), alerts from the alert feed, resumption with
 * Last-Event-ID after a disconnect (exactly the missed events, in order), filters, a gap
 * notice when the replay buffer has moved on, heartbeats (injected timers), a slow client
 * dropped instead of buffered, and the stream cap.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertLike, Timers } from '../../../src/control/index.js';
import { TOKENS, startControlHarness } from './harness.js';
import type { ControlHarness } from './harness.js';
import { openSse } from './sse-client.js';
import type { SseClient } from './sse-client.js';

const AUTH = { authorization: `Bearer ${TOKENS.viewer}` };

/** A tiny alert feed standing in for the alerting context. */
class AlertFeedStub {
  readonly #listeners = new Set<(alert: AlertLike) => void>();
  subscribe(listener: (alert: AlertLike) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  emit(alert: AlertLike): void {
    for (const l of this.#listeners) l(alert);
  }
}

function seqOf(id: string | undefined): number {
  return Number(id?.split('-')[1]);
}

describe('events from a live gateway', () => {
  let h: ControlHarness;
  const alerts = new AlertFeedStub();

  beforeAll(async () => {
    h = await startControlHarness({ alerts });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('streams the anomaly, the breaker transition and the route change of a rollback, then resumes after Last-Event-ID', async () => {
    const sse = await openSse(`${h.control.address}/api/v1/events`, AUTH);
    expect([sse.status, sse.headers['content-type'], sse.retry]).toEqual([200, 'text/event-stream; charset=utf-8', 3_000]);
    for (let i = 0; i < 5; i++) expect(await h.infer()).toBe('v2');
    h.upstreams.v2.behavior = { kind: 'status', status: 500 };
    await vi.waitFor(
      async () => {
        await h.infer();
        expect(sse.events.some((e) => e.event === 'anomaly')).toBe(true);
      },
      { timeout: 20_000, interval: 5 },
    );
    const anomaly = await sse.waitFor((e) => e.event === 'anomaly');
    expect(anomaly.data).toMatchObject({ model: 'fraud', version: 'v2', rule: 'error-surge', severity: 'page', action: 'rollback' });
    const transition = await sse.waitFor((e) => e.event === 'breaker_transition' && e.data.to === 'rolled_back');
    expect(transition.data).toMatchObject({ model: 'fraud', command: 'anomaly', from: 'steady', to: 'rolled_back', state: { kind: 'rolled_back', suspect: 'v2' } });
    const route = await sse.waitFor((e) => e.event === 'route_change' && e.data.next.active === 'v1');
    expect(route.data).toMatchObject({ model: 'fraud', actor: 'bulwark:rollback', prev: { active: 'v2' }, next: { active: 'v1', lkg: 'v1' } });
    const seqs = sse.events.map((e) => seqOf(e.id));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(sse.events.map((e) => e.id?.split('-')[0])).size).toBe(1);

    // Disconnect; things happen; reconnect with the last id seen.
    const lastSeen = sse.events.at(-1)?.id as string;
    sse.close();
    await sse.ended;
    h.upstreams.v2.behavior = { kind: 'normal' };
    const approve = await h.call('POST', '/api/v1/models/fraud/approve', { role: 'operator', body: { version: 'v3', reason: 'fixed upstream' } });
    expect(approve.status).toBe(202);
    await vi.waitFor(() => expect(h.app.gateway.routes.current('fraud')?.active).toBe('v3'), { timeout: 15_000, interval: 20 });
    const missedCount = h.control.plane.hub.lastSeq - seqOf(lastSeen);
    expect(missedCount).toBeGreaterThan(0);

    const resumed = await openSse(`${h.control.address}/api/v1/events`, { ...AUTH, 'last-event-id': lastSeen });
    await resumed.waitFor((e) => seqOf(e.id) === h.control.plane.hub.lastSeq);
    expect(resumed.events.map((e) => seqOf(e.id))).toEqual(Array.from({ length: missedCount }, (_, i) => seqOf(lastSeen) + 1 + i));
    expect(resumed.events.some((e) => e.event === 'replay_gap')).toBe(false);
    expect(resumed.events.find((e) => e.event === 'breaker_transition' && e.data.command === 'approve')?.data).toMatchObject({ from: 'rolled_back', to: 'rolling_forward' });
    expect(resumed.events.filter((e) => e.event === 'route_change').at(-1)?.data.next.active).toBe('v3');

    // Filters: only route changes of fraud, from the same point, via the query string (as a browser would).
    const filtered = await openSse(`${h.control.address}/api/v1/events?types=route_change&model=fraud&lastEventId=${lastSeen}&access_token=${TOKENS.viewer}`, {});
    await filtered.waitFor((e) => e.data.next?.active === 'v3');
    expect(new Set(filtered.events.map((e) => e.event))).toEqual(new Set(['route_change']));
    resumed.close();
    filtered.close();
  });

  it('streams alerts from the alert feed', async () => {
    const sse = await openSse(`${h.control.address}/api/v1/events?types=alert`, AUTH);
    alerts.emit({ id: 'al-1', severity: 'page', summary: 'fraud rolled back to v1', model: 'fraud' });
    const alert = await sse.waitFor((e) => e.event === 'alert');
    expect(alert.data).toEqual({ id: 'al-1', severity: 'page', summary: 'fraud rolled back to v1', model: 'fraud' });
    sse.close();
  });

  it('lists the anomalies it saw', async () => {
    const answer = await h.call('GET', '/api/v1/anomalies?model=fraud&severity=page', { role: 'viewer' });
    expect(answer.body.anomalies.length).toBeGreaterThan(0);
    expect(answer.body.anomalies[0]).toMatchObject({ model: 'fraud', rule: 'error-surge' });
    expect((await h.call('GET', `/api/v1/anomalies?since=${Date.now() + 60_000}`, { role: 'viewer' })).body.anomalies).toEqual([]);
  });
});

/** Timeouts that fire when the test says so; immediates run for real. */
class ManualTimers implements Timers {
  readonly #due = new Map<number, () => void>();
  #next = 1;
  setTimeout(callback: () => void, _ms: number): unknown {
    const id = this.#next++;
    this.#due.set(id, callback);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  setImmediate(callback: () => void): void {
    setImmediate(callback);
  }
  fireAll(): void {
    const due = [...this.#due.values()];
    this.#due.clear();
    for (const fn of due) fn();
  }
}

describe('stream limits', () => {
  let h: ControlHarness;
  const timers = new ManualTimers();

  beforeAll(async () => {
    h = await startControlHarness({ timers, stream: { replayEvents: 3, maxBufferedBytes: 65_536, maxStreams: 3 } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends heartbeats on the shared timer', async () => {
    const sse = await openSse(`${h.control.address}/api/v1/events`, AUTH);
    await sse.waitForComment(/^connected$/);
    timers.fireAll();
    expect(await sse.waitForComment(/^heartbeat \d+$/)).toMatch(/^heartbeat/);
    sse.close();
    await sse.ended;
  });

  it('says when the replay buffer has moved on, or the process restarted, then replays what it has', async () => {
    const hub = h.control.plane.hub;
    const first = hub.publish('alert', undefined, { n: 1 });
    for (let n = 2; n <= 5; n++) hub.publish('alert', undefined, { n });
    const sse = await openSse(`${h.control.address}/api/v1/events`, { ...AUTH, 'last-event-id': first.id });
    await sse.waitFor((e) => e.data.n === 5);
    expect(sse.events.map((e) => [e.event, e.data.n ?? e.data.reason])).toEqual([['replay_gap', 'expired'], ['alert', 3], ['alert', 4], ['alert', 5]]);
    sse.close();
    const other = await openSse(`${h.control.address}/api/v1/events`, { ...AUTH, 'last-event-id': 'zzzz-3' });
    await other.waitFor((e) => e.data.n === 5);
    expect(other.events[0]).toMatchObject({ event: 'replay_gap', data: { reason: 'restarted', lastEventId: 'zzzz-3' } });
    other.close();
  });

  it('drops a client that does not read instead of buffering for it; others keep streaming', async () => {
    const reader = await openSse(`${h.control.address}/api/v1/events?types=alert`, AUTH);
    const { port, hostname } = new URL(h.control.address);
    const slow: Socket = connect(Number(port), hostname);
    let closed = false;
    slow.on('close', () => (closed = true));
    slow.on('error', () => undefined);
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(`GET /api/v1/events?types=alert HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKENS.viewer}\r\n\r\n`);
    await vi.waitFor(() => expect(h.control.plane.streams.stats().open).toBe(2), { timeout: 5_000, interval: 5 });
    slow.pause();
    const before = h.control.plane.streams.stats().dropped;
    const pad = 'x'.repeat(32_768);
    for (let i = 0; i < 4_000 && h.control.plane.streams.stats().dropped === before; i++) {
      h.control.plane.hub.publish('alert', undefined, { i, pad });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(h.control.plane.streams.stats().dropped).toBe(before + 1);
    // The server cut it: once the client reads what the kernel holds, it sees the end.
    slow.resume();
    await vi.waitFor(() => expect(closed).toBe(true), { timeout: 5_000, interval: 5 });
    const last = h.control.plane.hub.publish('alert', undefined, { done: true });
    await reader.waitFor((e) => e.id === last.id);
    expect(h.control.plane.streams.stats().open).toBe(1);
    reader.close();
    slow.destroy();
    await reader.ended;
  });

  it('refuses streams beyond the cap with 503', async () => {
    await vi.waitFor(() => expect(h.control.plane.streams.stats().open).toBe(0), { timeout: 5_000, interval: 5 });
    const open: SseClient[] = [];
    for (let i = 0; i < 3; i++) open.push(await openSse(`${h.control.address}/api/v1/events`, AUTH));
    const refused = await h.call('GET', '/api/v1/events', { role: 'viewer' });
    expect([refused.status, refused.body.error.code]).toEqual([503, 'API_ERR_TOO_MANY_STREAMS']);
    for (const s of open) s.close();
  });

  it('ends every stream at shutdown', async () => {
    await vi.waitFor(() => expect(h.control.plane.streams.stats().open).toBe(0), { timeout: 5_000, interval: 5 });
    const sse = await openSse(`${h.control.address}/api/v1/events`, AUTH);
    await sse.waitForComment(/^connected$/);
    await h.control.shutdown();
    await sse.ended;
    expect(h.control.plane.streams.stats().open).toBe(0);
  });
});
