/**
 * Upstream pools at shutdown: closed together, and a pool that never finishes closing
 * (seen with undici after clients vanished mid-request) is reported after
 * `poolCloseTimeoutMs` instead of holding the rest of the shutdown.
 */
import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../../test/helpers/fake-timers.js';
import type { UpstreamPool } from '../ports.js';
import { UpstreamPools } from './upstream-pools.js';

function pool(close: () => Promise<void>): UpstreamPool {
  return { send: () => ({ pause: () => undefined, resume: () => undefined, abort: () => undefined }), close };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('UpstreamPools.shutdown', () => {
  it('resolves once every pool closed', async () => {
    const closed: string[] = [];
    const pools = new UpstreamPools((origin) => pool(async () => void closed.push(origin)), () => undefined, new FakeTimers());
    pools.acquire('http://a', 1_000);
    pools.acquire('http://b', 1_000);
    await pools.shutdown();
    expect(closed.sort()).toEqual(['http://a', 'http://b']);
    expect(pools.size).toBe(0);
  });

  it('gives up on a pool that does not close in time, and reports it', async () => {
    const timers = new FakeTimers();
    const errors: Error[] = [];
    const pools = new UpstreamPools(() => pool(() => new Promise<void>(() => undefined)), (e) => void errors.push(e), timers);
    pools.acquire('http://stuck', 1_000);
    let done = false;
    const shutdown = pools.shutdown(5_000).then(() => (done = true));
    await settle();
    timers.advance(4_999);
    await settle();
    expect(done).toBe(false);
    timers.advance(1);
    await shutdown;
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['GW_ERR_INTERNAL']);
    expect(errors[0]?.message).toMatch(/did not close within 5000 ms/);
  });
});
