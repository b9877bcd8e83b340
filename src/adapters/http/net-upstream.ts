/**
 * @module adapters/http/net-upstream
 * The gateway's UpstreamPool port over `node:net` for `http:` origins: a minimal keep-alive
 * HTTP/1.1 client (one request per connection at a time, no pipelining) with its own strict
 * response parser, written because undici cost ≈12 µs of CPU more per proxied request.
 * `https:` origins are delegated to `undiciPoolFactory` (TLS is not worth a second client).
 *
 * Invariants:
 * - a request is ONE socket write (head and body in one buffer); header names, values and
 *   the path are checked for CR/LF and other forbidden bytes first (request smuggling);
 * - at most `connections` sockets per pool; requests beyond wait in a FIFO queue; idle
 *   sockets are reused most-recently-used first and closed after `keepAliveMs` (or the
 *   server's `keep-alive: timeout` hint minus 1 s, whichever is shorter, like undici);
 * - one unref'd interval per pool sweeps connect, headers, body and idle deadlines; the hot
 *   path only marks a connection "touched" (no clock read, no timer per request), so a
 *   timeout fires between `timeoutMs` and `timeoutMs + 2 × SWEEP_MS` after the last byte;
 * - sockets read into one shared buffer (net's `onread`, no stream machinery); response
 *   bodies are framed per RFC 9112 §6.3 and streamed as they arrive, each chunk handed to
 *   `onData` a fresh copy that the sink may keep;
 * - `flow.pause()` stops reading the socket at once; the rest of the read being parsed is
 *   still delivered (at most one read, 64 KiB).
 *
 * This module holds the pool (queue, idle list, deadline sweep, close) and the factory. The
 * rest of the client: ./net-upstream-connection (a socket and its events),
 * ./net-upstream-parser (the response parser, one per connection),
 * ./net-upstream-exchange (a request in flight, the caller's UpstreamFlow) and
 * ./net-upstream-request (request validation and encoding). On the hot path they meet
 * through plain fields and direct method calls: the parser is allocated once per connection,
 * and no closure, event or timer is created per request.
 */
import { performance } from 'node:perf_hooks';
import type { UpstreamFailure, UpstreamFlow, UpstreamPool, UpstreamPoolFactory, UpstreamPoolOptions, UpstreamRequest, UpstreamSink } from '../../gateway/index.js';
import { CONNECTING, Connection, IDLE, socketFailure } from './net-upstream-connection.js';
import type { ConnectionOwner } from './net-upstream-connection.js';
import { DONE, Exchange, failure } from './net-upstream-exchange.js';
import type { ExchangeOwner } from './net-upstream-exchange.js';
import { encodeRequest, invalidReason } from './net-upstream-request.js';
import { undiciPoolFactory } from './undici-upstream.js';

export { MAX_HEAD_BYTES } from './net-upstream-parser.js';

/** Period of the deadline sweep, ms: the resolution of every timeout of this client. */
const SWEEP_MS = 25;

/** Keep-alive connections to one `http:` origin. */
class NetUpstreamPool implements UpstreamPool, ConnectionOwner, ExchangeOwner {
  readonly #host: string;
  readonly #port: number;
  readonly #hostHeader: string;
  readonly #origin: string;
  readonly #options: UpstreamPoolOptions;
  readonly #maxConnections: number;
  readonly #conns = new Set<Connection>();
  /** Idle connections; the most recently used is last (LIFO). */
  readonly #idle: Connection[] = [];
  readonly #queue: Exchange[] = [];
  #connecting = 0;
  #inFlight = 0;
  #sockets = 0;
  #sweeper: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;
  #resolveClose: (() => void) | undefined;

  constructor(url: URL, options: UpstreamPoolOptions) {
    this.#origin = url.origin;
    this.#host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    this.#port = url.port === '' ? 80 : Number(url.port);
    this.#hostHeader = url.host;
    this.#options = options;
    this.#maxConnections = Math.max(1, options.connections);
  }

  send(request: UpstreamRequest, sink: UpstreamSink): UpstreamFlow {
    const ex = new Exchange(this, sink, request.timeoutMs > 0 ? request.timeoutMs : Infinity, (request.method as string) === 'HEAD');
    if (this.#closing !== undefined) return this.#reject(ex, failure('connect', 'POOL_CLOSED', `the upstream pool of ${this.#origin} is closed`));
    let payload: Buffer | string | undefined;
    try {
      payload = encodeRequest(request, this.#hostHeader);
    } catch {
      payload = undefined; // e.g. a header that is not a string: the caller broke the contract, send still does not throw
    }
    if (payload === undefined) return this.#reject(ex, failure('protocol', 'INVALID_REQUEST', invalidReason(request)));
    ex.payload = payload;
    this.#inFlight++;
    try {
      const conn = this.#idle.pop();
      if (conn !== undefined) conn.assign(ex);
      else {
        this.#queue.push(ex);
        if (this.#conns.size < this.#maxConnections && this.#connecting < this.#queue.length) this.#spawn();
      }
    } catch (err) {
      // net.connect throws synchronously on e.g. a bad port.
      const error = err instanceof Error ? err : new Error(String(err));
      const f = socketFailure(error, true);
      this.dequeue(ex);
      ex.conn?.drop(ex);
      ex.fail(f);
    }
    return ex;
  }

  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#closing = new Promise<void>((resolve) => (this.#resolveClose = resolve));
      for (const conn of [...this.#conns]) if (conn.state === IDLE || (conn.state === CONNECTING && this.#queue.length === 0)) conn.destroy();
      this.#checkClosed();
    }
    return this.#closing;
  }

  /** A new socket connected: it takes the oldest queued request, or waits idle. */
  connected(conn: Connection): void {
    this.#connecting--;
    this.release(conn);
  }

  release(conn: Connection): void {
    const next = this.#queue.shift();
    if (next !== undefined) conn.assign(next);
    else if (this.#closing !== undefined) conn.destroy();
    else {
      conn.setIdle();
      this.#idle.push(conn);
    }
  }

  /** A connection left the pool. A failed connect fails the queue when no connected socket could serve it. */
  removed(conn: Connection, wasConnecting: boolean, connectFailure: UpstreamFailure | undefined): void {
    this.#conns.delete(conn);
    const at = this.#idle.lastIndexOf(conn);
    if (at !== -1) this.#idle.splice(at, 1);
    if (wasConnecting) this.#connecting--;
    if (connectFailure !== undefined) {
      if (this.#conns.size === this.#connecting) for (const ex of this.#queue.splice(0)) ex.fail(connectFailure);
    } else if (this.#queue.length > this.#connecting && this.#conns.size < this.#maxConnections) this.#spawn();
    if (this.#conns.size === 0 && this.#sweeper !== undefined) {
      clearInterval(this.#sweeper);
      this.#sweeper = undefined;
    }
  }

  dequeue(ex: Exchange): void {
    const at = this.#queue.indexOf(ex);
    if (at !== -1) this.#queue.splice(at, 1);
  }

  exchangeDone(): void {
    this.#inFlight--;
    if (this.#resolveClose !== undefined) this.#checkClosed();
  }

  socketClosed(): void {
    this.#sockets--;
    if (this.#resolveClose !== undefined) this.#checkClosed();
  }

  /** Refuses a request before it counts as in flight. */
  #reject(ex: Exchange, f: UpstreamFailure): UpstreamFlow {
    ex.state = DONE;
    ex.sink.onError(f);
    return ex;
  }

  #checkClosed(): void {
    if (this.#inFlight > 0 || this.#sockets > 0 || this.#resolveClose === undefined) return;
    this.#resolveClose();
    this.#resolveClose = undefined;
  }

  #spawn(): void {
    const conn = new Connection(this, this.#host, this.#port, this.#options);
    this.#conns.add(conn);
    this.#connecting++;
    this.#sockets++;
    this.#sweeper ??= setInterval(() => this.#sweep(), SWEEP_MS).unref();
  }

  #sweep(): void {
    const now = performance.now();
    for (const conn of this.#conns) {
      if (conn.touched) {
        conn.touched = false;
        conn.deadline = now + conn.timeoutMs;
      } else if (now >= conn.deadline) conn.expire();
    }
  }
}

/**
 * The `node:net` implementation of the gateway's UpstreamPoolFactory for `http:` origins;
 * `https:` origins get `undiciPoolFactory`'s pool. Throws a TypeError for other schemes.
 *
 * @example
 * const pool = netPoolFactory('http://127.0.0.1:9001', { connectTimeoutMs: 5000, keepAliveMs: 4000, connections: 256 });
 * const flow = pool.send({ method: 'GET', path: '/v2/health/ready', headers: [], body: null, timeoutMs: 1000 }, sink);
 */
export const netPoolFactory: UpstreamPoolFactory = (origin, options) => {
  const url = new URL(origin);
  if (url.protocol === 'https:') return undiciPoolFactory(origin, options);
  if (url.protocol !== 'http:') throw new TypeError(`upstream origin ${origin}: only http: and https: are supported`);
  return new NetUpstreamPool(url, options);
};
