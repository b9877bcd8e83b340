/**
 * @module adapters/http/net-upstream-connection
 * One keep-alive socket of the `node:net` upstream client (./net-upstream): its life
 * (connecting, idle, busy, closed), the exchange it serves, its deadline as the pool's
 * sweep sees it, and the socket events, turned into the end or the failure of that
 * exchange. The bytes it reads go to its ResponseParser (./net-upstream-parser).
 *
 * Invariants:
 * - every socket reads into one shared buffer (net's `onread`, no stream machinery);
 * - bytes that arrive while no exchange is waiting destroy the socket (never reused);
 * - a connection is settled (back in the pool, or destroyed) before the sink of its exchange
 *   hears the end or the failure, so a sink that sends again from `onEnd` may get this
 *   very socket.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { UpstreamFailure, UpstreamFailureKind, UpstreamPoolOptions } from '../../gateway/index.js';
import { DONE, WAITING, failure } from './net-upstream-exchange.js';
import type { Exchange } from './net-upstream-exchange.js';
import { ResponseParser } from './net-upstream-parser.js';
import type { ParserOwner } from './net-upstream-parser.js';

/** The server's keep-alive hint is shortened by this much, so that we never reuse a socket it is closing. */
const KEEP_ALIVE_MARGIN_MS = 1_000;

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EADDRINUSE', 'ECONNABORTED']);
/**
 * Every socket of this module reads into this one buffer (net's `onread`): no stream
 * machinery and no 64 KiB allocation per read. Safe because a read is parsed synchronously
 * in its callback; whatever outlives it (body chunks, a partial head) is copied out first.
 */
const READ_BUFFER = Buffer.allocUnsafe(65_536);

// Connection states
export const CONNECTING = 0;
export const IDLE = 1;
const BUSY = 2;
const CLOSED = 3;

/** Classifies a socket error: connect codes → connect, ETIMEDOUT → timeout, the rest → reset (connect while connecting). */
export function socketFailure(err: Error, connecting: boolean): UpstreamFailure {
  const code = (err as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : 'ESOCKET';
  const kind: UpstreamFailureKind = CONNECT_CODES.has(text) ? 'connect' : text === 'ETIMEDOUT' ? 'timeout' : connecting ? 'connect' : 'reset';
  return { kind, message: err.message, code: text, cause: err };
}

/** What a connection needs of its pool (NetUpstreamPool in ./net-upstream). */
export interface ConnectionOwner {
  /** The socket connected and is ready for a request. */
  connected(conn: Connection): void;
  /** The connection finished an exchange and may serve another. */
  release(conn: Connection): void;
  /** The connection was destroyed; `connectFailure` when it never connected. */
  removed(conn: Connection, wasConnecting: boolean, connectFailure: UpstreamFailure | undefined): void;
  /** The socket closed (after `removed`). */
  socketClosed(): void;
}

/** One keep-alive socket, the exchange it serves, and the parser of that exchange's response. */
export class Connection implements ParserOwner {
  readonly socket: Socket;
  readonly #pool: ConnectionOwner;
  readonly #parser: ResponseParser;
  state = CONNECTING;
  ex: Exchange | undefined = undefined;
  /** Set on activity; the sweep then moves the deadline to now + timeoutMs. */
  touched = true;
  deadline = Infinity;
  timeoutMs: number;
  #idleMs: number;

  constructor(pool: ConnectionOwner, host: string, port: number, options: UpstreamPoolOptions) {
    this.#pool = pool;
    this.#parser = new ResponseParser(this);
    this.timeoutMs = options.connectTimeoutMs > 0 ? options.connectTimeoutMs : Infinity;
    this.#idleMs = options.keepAliveMs;
    const socket = connect({ port, host, onread: { buffer: READ_BUFFER, callback: (n: number) => this.#onRead(n) } });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => this.#onConnect());
    socket.on('end', () => this.#onEnd());
    socket.on('error', (err: Error) => this.#onError(err));
    socket.on('close', () => this.#onClose());
  }

  assign(ex: Exchange): void {
    this.state = BUSY;
    this.ex = ex;
    ex.conn = this;
    ex.state = WAITING;
    this.timeoutMs = ex.timeoutMs;
    this.touched = true;
    this.#parser.expectHead();
    if (ex.paused) this.socket.pause();
    this.socket.write(ex.payload, 'latin1');
  }

  setIdle(): void {
    this.state = IDLE;
    this.timeoutMs = this.#idleMs;
    this.touched = true;
  }

  /** Whether a finished exchange left the socket reusable. */
  get reusable(): boolean {
    return this.#parser.keepAlive && this.#idleMs > 0;
  }

  /** Destroys the socket and leaves the pool; idempotent. */
  destroy(connectFailure?: UpstreamFailure): void {
    if (this.state === CLOSED) return;
    const wasConnecting = this.state === CONNECTING;
    this.state = CLOSED;
    this.socket.destroy();
    this.#pool.removed(this, wasConnecting, connectFailure);
  }

  /** The exchange gives up (aborted): the socket cannot be reused mid-response. */
  drop(ex: Exchange): void {
    if (this.ex !== ex) return;
    this.ex = undefined;
    ex.conn = undefined;
    this.destroy();
  }

  /** Called by the sweep once the deadline passed without activity. */
  expire(): void {
    const ex = this.ex;
    if (this.state === CONNECTING) this.destroy(failure('timeout', 'CONNECT_TIMEOUT', `connecting to the model server took more than ${this.timeoutMs} ms`));
    else if (ex === undefined) this.destroy();
    else if (ex.paused) this.touched = true; // the caller holds the body back: not a stalled server
    else if (ex.state === WAITING) this.fail(ex, failure('timeout', 'HEADERS_TIMEOUT', `the model server sent no response headers within ${this.timeoutMs} ms`));
    else this.fail(ex, failure('timeout', 'BODY_TIMEOUT', `the model server paused the response body for more than ${this.timeoutMs} ms`));
  }

  /** The exchange fails (the parser, a socket error or a deadline): the socket is destroyed first. */
  fail(ex: Exchange, f: UpstreamFailure): void {
    this.ex = undefined;
    ex.conn = undefined;
    this.destroy();
    ex.fail(f);
  }

  /** The response is complete: the socket goes back to the pool (or closes), then the sink hears of it. */
  finish(ex: Exchange): void {
    this.ex = undefined;
    ex.conn = undefined;
    if (ex.paused) this.socket.resume(); // an idle socket must see the server's FIN
    if (this.reusable) this.#pool.release(this);
    else this.destroy();
    ex.end();
  }

  /** The server's `keep-alive: timeout=<seconds>` hint: idle, this socket closes a margin before the server would close it. */
  keepAliveHint(seconds: number): void {
    this.#idleMs = Math.min(this.#idleMs, seconds * 1000 - KEEP_ALIVE_MARGIN_MS);
  }

  #onConnect(): void {
    if (this.state !== CONNECTING) return;
    this.state = IDLE;
    this.#pool.connected(this);
  }

  /** `n` bytes were read into READ_BUFFER. Returns true: a sink that wants a pause calls flow.pause(). */
  #onRead(n: number): boolean {
    const ex = this.ex;
    if (ex === undefined) {
      this.destroy(); // bytes nobody asked for: never reuse this socket
      return false;
    }
    this.touched = true;
    try {
      this.#parser.parse(READ_BUFFER.subarray(0, n), ex);
    } catch (err) {
      // A sink threw mid-response: that exchange cannot go on on this socket. Thrown once it
      // was over (from onEnd / onError), it is the sink's bug and propagates like any listener's.
      if (this.ex !== ex || ex.state === DONE) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      this.fail(ex, failure('reset', 'SINK_ERROR', error.message, error));
    }
    return true;
  }

  #onEnd(): void {
    const ex = this.ex;
    if (ex !== undefined && this.#parser.closeEnds()) this.finish(ex);
    else if (ex !== undefined) {
      const when = ex.state === WAITING ? 'before responding' : 'before the response was complete';
      this.fail(ex, failure('reset', 'PREMATURE_CLOSE', `the model server closed the connection ${when}`));
    } else this.destroy();
  }

  #onError(err: Error): void {
    const ex = this.ex;
    if (this.state === CONNECTING) this.destroy(socketFailure(err, true));
    else if (ex !== undefined) this.fail(ex, socketFailure(err, false));
    else this.destroy();
  }

  #onClose(): void {
    this.#onEnd(); // no-op unless an exchange or the pool still counts on this socket
    this.#pool.socketClosed();
  }
}
