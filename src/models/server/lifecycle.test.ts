/**
 * The model server's lifecycle on real sockets: `close()` drains in-flight requests and is
 * idempotent, readiness, port-in-use and invalid options. No sleeps: the slow model is
 * released by the test itself.
 */
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { rejected } from '../../../test/helpers/errors.js';
import type { HostTensor } from '../model.js';
import { call, fakeModel } from './fixtures.contract.js';
import { startModelServer } from './model-server.js';

const BODY = { inputs: [{ name: 'x', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] };

/** A model whose predict waits until the test calls `release()`. */
function gatedModel() {
  let release: () => void = () => undefined;
  let entered: () => void = () => undefined;
  const called = new Promise<void>((resolve) => (entered = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const model = fakeModel(async (): Promise<HostTensor> => {
    entered();
    await gate;
    return { data: Float32Array.of(0.25, 0.75), shape: [1, 2] };
  });
  return { model, called, release };
}

describe('close()', () => {
  it('lets an in-flight request finish, closes its connection, then refuses new ones', async () => {
    const { model, called, release } = gatedModel();
    const server = await startModelServer({ model, name: 'm', version: 'v1', port: 0 });
    const pending = call(`${server.url}/v2/models/m/infer`, { body: { id: 'slow', ...BODY } });
    await called;
    const first = server.close();
    expect(server.close()).toBe(first); // idempotent: the same promise
    let closed = false;
    void first.then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    release();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.headers['connection']).toBe('close');
    expect(answer.json).toMatchObject({ id: 'slow', outputs: [{ data: [0.25, 0.75], shape: [1, 2] }] });
    await first;
    expect(closed).toBe(true);
    await expect(call(`${server.url}/v2/health/live`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await server.close(); // still fine after the fact
  });

  it('closes at once when idle, even with a kept-alive connection', async () => {
    const server = await startModelServer({ model: fakeModel(async () => ({ data: new Float32Array(2), shape: [1, 2] })), name: 'm', version: 'v1', port: 0 });
    expect((await call(`${server.url}/v2/health/ready`)).status).toBe(200); // undici keeps this socket alive
    await server.close();
    await expect(call(`${server.url}/v2/health/ready`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('startModelServer', () => {
  it('fails with MDL_ERR_SERVER_LISTEN_FAILED when the port is taken', async () => {
    const model = fakeModel(async () => ({ data: new Float32Array(2), shape: [1, 2] }));
    const first = await startModelServer({ model, name: 'm', version: 'v1', port: 0 });
    try {
      const err = await rejected(startModelServer({ model, name: 'm', version: 'v1', port: first.port }));
      expect(err.code).toBe('MDL_ERR_SERVER_LISTEN_FAILED');
      expect(err.kind).toBe('failure');
      expect(err.message).toBe(`cannot listen on 127.0.0.1:${first.port}: EADDRINUSE`);
    } finally {
      await first.close();
    }
  });

  it('rejects invalid options with MDL_ERR_SERVER_INVALID_OPTION naming the option', async () => {
    const model = fakeModel(async () => ({ data: new Float32Array(2), shape: [1, 2] }));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ port: 70_000 }, /^port must be an integer 0–65535, got 70000$/],
      [{ port: 1.5 }, /^port must be an integer/],
      [{ maxBodyBytes: 0 }, /^maxBodyBytes must be a positive integer, got 0$/],
      [{ name: ' ' }, /^name must not be empty$/],
      [{ version: '' }, /^version must not be empty$/],
    ];
    for (const [override, message] of cases) {
      const err = await rejected(startModelServer({ model, name: 'm', version: 'v1', port: 0, ...override }));
      expect([err.code, err.details['option']]).toEqual(['MDL_ERR_SERVER_INVALID_OPTION', Object.keys(override)[0]]);
      expect(err.message).toMatch(message);
    }
  });

  it('serves an IPv6 loopback host with a bracketed URL', async () => {
    const model = fakeModel(async () => ({ data: new Float32Array(2), shape: [1, 2] }));
    const server = await startModelServer({ model, name: 'm', version: 'v1', host: '::1', port: 0 }).catch(() => undefined);
    if (server === undefined) return; // no IPv6 on this machine: nothing to check
    try {
      expect(server.url).toBe(`http://[::1]:${server.port}`);
      expect((await call(`${server.url}/v2/health/live`)).json).toEqual({ live: true });
    } finally {
      await server.close();
    }
  });
});
