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
 * Over 500 lines: the pool, its connections and the HTTP/1.1 response parser share
 * per-connection state on the hot path. The parser (#parseHead, #field, #chunkedBody) is
 * the part to move out first should the module grow.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { UpstreamFailure, UpstreamFailureKind, UpstreamFlow, UpstreamHeaders, UpstreamPool, UpstreamPoolFactory, UpstreamPoolOptions, UpstreamRequest, UpstreamSink } from '../../gateway/index.js';
import { undiciPoolFactory } from './undici-upstream.js';

/** Largest response head (status line and headers), and largest chunked trailer section, in bytes. */
export const MAX_HEAD_BYTES = 16_384;
/** Period of the deadline sweep, ms: the resolution of every timeout of this client. */
const SWEEP_MS = 25;
/** The server's keep-alive hint is shortened by this much, so that we never reuse a socket it is closing. */
const KEEP_ALIVE_MARGIN_MS = 1_000;

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EADDRINUSE', 'ECONNABORTED']);
/**
 * Every socket of this module reads into this one buffer (net's `onread`): no stream
 * machinery and no 64 KiB allocation per read. Safe because a read is parsed synchronously
 * in its callback; whatever outlives it (body chunks, a partial head) is copied out first.
 */
const READ_BUFFER = Buffer.allocUnsafe(65_536);
const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');
const HTTP1 = Buffer.from('HTTP/1.', 'latin1');
/** RFC 9110 tchar, by code point. */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") TOKEN[c.charCodeAt(0)] = 1;

// Exchange states
const QUEUED = 0;
const WAITING = 1; // written, waiting for the response head
const STREAMING = 2; // onStart called
const DONE = 3;
// Connection states
const CONNECTING = 0;
const IDLE = 1;
const BUSY = 2;
const CLOSED = 3;
// Body framing
const HEAD = 0;
const LENGTH = 1;
const CHUNKED = 2;
const UNTIL_CLOSE = 3;
// Chunked decoder states
const C_SIZE = 0;
const C_EXT = 1;
const C_SIZE_LF = 2;
const C_DATA = 3;
const C_DATA_CR = 4;
const C_DATA_LF = 5;
const C_LINE_START = 6;
const C_TRAILER = 7;
const C_TRAILER_LF = 8;
const C_END_LF = 9;

function failure(kind: UpstreamFailureKind, code: string, message: string, cause?: Error): UpstreamFailure {
  return { kind, message, code, cause: cause ?? Object.assign(new Error(message), { code }) };
}

/** Classifies a socket error: connect codes → connect, ETIMEDOUT → timeout, the rest → reset (connect while connecting). */
function socketFailure(err: Error, connecting: boolean): UpstreamFailure {
  const code = (err as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : 'ESOCKET';
  const kind: UpstreamFailureKind = CONNECT_CODES.has(text) ? 'connect' : text === 'ETIMEDOUT' ? 'timeout' : connecting ? 'connect' : 'reset';
  return { kind, message: err.message, code: text, cause: err };
}

function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || TOKEN[c] !== 1) return false;
  }
  return true;
}

/** A field value: HTAB, SP, VCHAR and obs-text (no CR, LF, NUL or other controls; nothing latin1 would mangle). */
function isFieldValue(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/** A request target: starts with '/', no whitespace, controls or characters beyond latin1. */
function isPath(s: string): boolean {
  if (s.charCodeAt(0) !== 0x2f) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c > 0xff) return false;
  }
  return true;
}

/** A fresh copy of buf[start, end) (READ_BUFFER is overwritten by the next read). */
function copyOf(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  buf.copy(out, 0, start, end);
  return out;
}

function lowerIs(value: string, lower: string): boolean {
  return value.length === lower.length && (value === lower || value.toLowerCase() === lower);
}

/** One request: the sink, the bytes to write, and the flow handed back to the caller. */
class Exchange implements UpstreamFlow {
  state = QUEUED;
  paused = false;
  conn: Connection | undefined = undefined;
  payload: Buffer | string = '';

  constructor(
    readonly pool: NetUpstreamPool,
    readonly sink: UpstreamSink,
    readonly timeoutMs: number,
    readonly noBody: boolean,
  ) {}

  pause(): void {
    if (this.state === DONE || this.paused) return;
    this.paused = true;
    this.conn?.socket.pause();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    const conn = this.conn;
    if (conn === undefined) return;
    conn.touched = true;
    conn.socket.resume();
  }

  abort(): void {
    if (this.state === DONE) return;
    if (this.conn !== undefined) this.conn.drop(this);
    else this.pool.dequeue(this);
    this.fail(failure('aborted', 'ABORTED', 'the gateway aborted the upstream exchange'));
  }

  end(): void {
    this.state = DONE;
    this.pool.exchangeDone();
    this.sink.onEnd();
  }

  fail(f: UpstreamFailure): void {
    if (this.state === DONE) return;
    this.state = DONE;
    this.pool.exchangeDone();
    this.sink.onError(f);
  }
}

/** One keep-alive socket and the parser state of the response it is reading. */
class Connection {
  readonly socket: Socket;
  readonly #pool: NetUpstreamPool;
  state = CONNECTING;
  ex: Exchange | undefined = undefined;
  /** Set on activity; the sweep then moves the deadline to now + timeoutMs. */
  touched = true;
  deadline = Infinity;
  timeoutMs: number;
  #idleMs: number;
  // response parser
  #phase = HEAD;
  #partial: Buffer | undefined = undefined;
  #status = 0;
  #headers: UpstreamHeaders = {};
  #length = -1;
  #chunked = false;
  #keepAlive = true;
  #remaining = 0;
  #chunk = C_SIZE;
  #digits = 0;
  #lineBytes = 0;

  constructor(pool: NetUpstreamPool, host: string, port: number, options: UpstreamPoolOptions) {
    this.#pool = pool;
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
    this.#phase = HEAD;
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
    return this.#keepAlive && this.#idleMs > 0;
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
    else if (ex.state === WAITING) this.#fail(ex, failure('timeout', 'HEADERS_TIMEOUT', `the model server sent no response headers within ${this.timeoutMs} ms`));
    else this.#fail(ex, failure('timeout', 'BODY_TIMEOUT', `the model server paused the response body for more than ${this.timeoutMs} ms`));
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
      this.#parse(READ_BUFFER.subarray(0, n), ex);
    } catch (err) {
      // A sink threw mid-response: that exchange cannot go on on this socket. Thrown once it
      // was over (from onEnd / onError), it is the sink's bug and propagates like any listener's.
      if (this.ex !== ex || ex.state === DONE) throw err;
      const error = err instanceof Error ? err : new Error(String(err));
      this.#fail(ex, failure('reset', 'SINK_ERROR', error.message, error));
    }
    return true;
  }

  #onEnd(): void {
    const ex = this.ex;
    if (ex !== undefined && this.#phase === UNTIL_CLOSE) {
      this.#keepAlive = false;
      this.#finish(ex);
    } else if (ex !== undefined) {
      const when = ex.state === WAITING ? 'before responding' : 'before the response was complete';
      this.#fail(ex, failure('reset', 'PREMATURE_CLOSE', `the model server closed the connection ${when}`));
    } else this.destroy();
  }

  #onError(err: Error): void {
    const ex = this.ex;
    if (this.state === CONNECTING) this.destroy(socketFailure(err, true));
    else if (ex !== undefined) this.#fail(ex, socketFailure(err, false));
    else this.destroy();
  }

  #onClose(): void {
    this.#onEnd(); // no-op unless an exchange or the pool still counts on this socket
    this.#pool.socketClosed();
  }

  #fail(ex: Exchange, f: UpstreamFailure): void {
    this.ex = undefined;
    ex.conn = undefined;
    this.destroy();
    ex.fail(f);
  }

  /** The response is complete: the socket goes back to the pool (or closes), then the sink hears of it. */
  #finish(ex: Exchange): void {
    this.ex = undefined;
    ex.conn = undefined;
    if (ex.paused) this.socket.resume(); // an idle socket must see the server's FIN
    if (this.reusable) this.#pool.release(this);
    else this.destroy();
    ex.end();
  }

  #parse(chunk: Buffer, ex: Exchange): void {
    let buf = chunk;
    let pos = 0;
    while (pos >= 0 && this.ex === ex) {
      if (this.#phase === HEAD) {
        let scan = pos;
        const partial = this.#partial;
        if (partial !== undefined) {
          // The head spans reads: the saved start and this read, joined (the only concat).
          this.#partial = undefined;
          buf = Buffer.concat([partial, pos === 0 ? buf : buf.subarray(pos)]);
          scan = Math.max(0, partial.length - 3);
          pos = 0;
        }
        pos = this.#head(buf, pos, scan, ex);
      } else if (pos >= buf.length) return;
      else if (this.#phase === LENGTH) pos = this.#lengthBody(buf, pos, ex);
      else if (this.#phase === CHUNKED) pos = this.#chunkedBody(buf, pos, ex);
      else {
        ex.sink.onData(copyOf(buf, pos, buf.length));
        return;
      }
    }
  }

  /** Parses one head at `pos` (`scan`: where CRLFCRLF may start); returns where the body starts, or -1 to stop. */
  #head(buf: Buffer, pos: number, scan: number, ex: Exchange): number {
    const end = buf.indexOf(CRLF2, scan);
    if (end === -1) {
      if (buf.length - pos > MAX_HEAD_BYTES) return this.#protocol(ex, 'HEADERS_OVERFLOW', `the response head exceeds ${MAX_HEAD_BYTES} bytes`);
      // Fail garbage now rather than when the server closes: the head must start with HTTP/1.
      for (let i = pos; i < buf.length && i < pos + 7; i++) if (buf[i] !== HTTP1[i - pos]) return this.#protocol(ex, 'BAD_STATUS_LINE', 'the model server did not answer with HTTP/1.x');
      if (pos < buf.length) this.#partial = copyOf(buf, pos, buf.length);
      return -1;
    }
    if (end + 4 - pos > MAX_HEAD_BYTES) return this.#protocol(ex, 'HEADERS_OVERFLOW', `the response head exceeds ${MAX_HEAD_BYTES} bytes`);
    const bad = this.#parseHead(buf.toString('latin1', pos, end + 2));
    if (bad !== undefined) return this.#protocol(ex, bad, `the model server's response head is invalid (${bad})`);
    const status = this.#status;
    const next = end + 4;
    if (status < 200) {
      if (status === 101) return this.#protocol(ex, 'UNEXPECTED_UPGRADE', 'the model server switched protocols unasked');
      return next; // 100 / 102 / 103: the final response follows
    }
    const noBody = ex.noBody || status === 204 || status === 304;
    if (noBody || (!this.#chunked && this.#length === 0)) this.#phase = HEAD;
    else if (this.#chunked) {
      this.#phase = CHUNKED;
      this.#chunk = C_SIZE;
      this.#remaining = 0;
      this.#digits = 0;
      this.#lineBytes = 0;
    } else if (this.#length > 0) {
      this.#phase = LENGTH;
      this.#remaining = this.#length;
    } else {
      this.#phase = UNTIL_CLOSE;
      this.#keepAlive = false;
    }
    ex.state = STREAMING;
    ex.sink.onStart(status, this.#headers, ex);
    if (this.ex !== ex) return -1;
    if (this.#phase === HEAD) return this.#complete(ex, buf, next, 'EXCESS_DATA');
    return next;
  }

  /** Status line and header fields of one head (ending with the CRLF of its last line); returns an error code or undefined. */
  #parseHead(head: string): string | undefined {
    if (!head.startsWith('HTTP/1.')) return 'BAD_STATUS_LINE';
    const minor = head.charCodeAt(7);
    const d0 = head.charCodeAt(9) - 48;
    const d1 = head.charCodeAt(10) - 48;
    const d2 = head.charCodeAt(11) - 48;
    if ((minor !== 0x30 && minor !== 0x31) || head.charCodeAt(8) !== 0x20 || !(d0 >= 1 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return 'BAD_STATUS_LINE';
    const c12 = head.charCodeAt(12);
    const eol = c12 === 0x0d ? 12 : c12 === 0x20 ? head.indexOf('\r', 13) : -1;
    if (eol === -1 || head.charCodeAt(eol + 1) !== 0x0a || head.indexOf('\n', 9) !== eol + 1) return 'BAD_STATUS_LINE';
    this.#status = d0 * 100 + d1 * 10 + d2;
    this.#headers = {};
    this.#length = -1;
    this.#chunked = false;
    this.#keepAlive = minor === 0x31;
    let pos = eol + 2;
    while (pos < head.length) {
      const cr = head.indexOf('\r', pos);
      const colon = head.indexOf(':', pos);
      if (head.charCodeAt(cr + 1) !== 0x0a || head.indexOf('\n', pos) !== cr + 1 || colon <= pos || colon > cr) return 'BAD_HEADER';
      let name = head.slice(pos, colon);
      if (!isToken(name)) return 'BAD_HEADER';
      name = name.toLowerCase();
      let vs = colon + 1;
      let ve = cr;
      while (vs < ve && (head.charCodeAt(vs) === 0x20 || head.charCodeAt(vs) === 0x09)) vs++;
      while (ve > vs && (head.charCodeAt(ve - 1) === 0x20 || head.charCodeAt(ve - 1) === 0x09)) ve--;
      const bad = this.#field(name, head.slice(vs, ve));
      if (bad !== undefined) return bad;
      pos = cr + 2;
    }
    if (this.#chunked && this.#length >= 0) return 'CONTENT_LENGTH_WITH_CHUNKED';
    return undefined;
  }

  /** Records one header field (lower-case name); framing fields are checked on the way. */
  #field(name: string, value: string): string | undefined {
    const headers = this.#headers;
    const prev = headers[name];
    switch (name) {
      case 'content-length': {
        if (value.length === 0 || value.length > 15) return 'BAD_CONTENT_LENGTH';
        let n = 0;
        for (let i = 0; i < value.length; i++) {
          const d = value.charCodeAt(i) - 48;
          if (d < 0 || d > 9) return 'BAD_CONTENT_LENGTH';
          n = n * 10 + d;
        }
        if (this.#length >= 0 && n !== this.#length) return 'CONFLICTING_CONTENT_LENGTH';
        this.#length = n;
        headers[name] = value;
        return undefined;
      }
      case 'transfer-encoding':
        // Only `chunked` alone: another coding would reach the client still encoded.
        if (this.#chunked || !lowerIs(value, 'chunked')) return 'UNSUPPORTED_TRANSFER_ENCODING';
        this.#chunked = true;
        break;
      case 'connection':
        if (lowerIs(value, 'keep-alive')) this.#keepAlive = true;
        else if (lowerIs(value, 'close') || value.toLowerCase().split(',').some((t) => t.trim() === 'close')) this.#keepAlive = false;
        break;
      case 'keep-alive': {
        const at = value.indexOf('timeout=');
        const seconds = at === -1 ? NaN : Number.parseInt(value.slice(at + 8), 10);
        if (seconds >= 0) this.#idleMs = Math.min(this.#idleMs, seconds * 1000 - KEEP_ALIVE_MARGIN_MS);
        break;
      }
      case 'set-cookie':
        if (Array.isArray(prev)) prev.push(value);
        else headers[name] = typeof prev === 'string' ? [prev, value] : [value];
        return undefined;
    }
    // Own string values only: a name like `constructor` must not read Object.prototype.
    headers[name] = typeof prev === 'string' ? `${prev}, ${value}` : value;
    return undefined;
  }

  #lengthBody(buf: Buffer, pos: number, ex: Exchange): number {
    const avail = buf.length - pos;
    const take = Math.min(avail, this.#remaining);
    this.#remaining -= take;
    ex.sink.onData(copyOf(buf, pos, pos + take));
    if (this.ex !== ex || this.#remaining > 0) return -1;
    this.#phase = HEAD;
    return this.#complete(ex, buf, pos + take, 'CONTENT_LENGTH_MISMATCH');
  }

  /** The chunked decoder: framing bytes one at a time, chunk data copied out in one piece per read. */
  #chunkedBody(buf: Buffer, start: number, ex: Exchange): number {
    let pos = start;
    while (pos < buf.length) {
      const state = this.#chunk;
      if (state === C_DATA) {
        const take = Math.min(buf.length - pos, this.#remaining);
        this.#remaining -= take;
        if (this.#remaining === 0) this.#chunk = C_DATA_CR;
        ex.sink.onData(copyOf(buf, pos, pos + take));
        if (this.ex !== ex) return -1;
        pos += take;
        continue;
      }
      const c = buf[pos++] as number;
      if (state === C_SIZE) {
        const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 87 : -1;
        if (d >= 0 && this.#digits < 12) {
          this.#remaining = this.#remaining * 16 + d;
          this.#digits++;
        } else if (this.#digits > 0 && c === 0x0d) this.#chunk = C_SIZE_LF;
        else if (this.#digits > 0 && (c === 0x3b || c === 0x20 || c === 0x09)) this.#chunk = C_EXT;
        else return this.#protocol(ex, 'BAD_CHUNK', 'invalid chunk size line');
      } else if (state === C_EXT || state === C_TRAILER) {
        if (++this.#lineBytes > MAX_HEAD_BYTES) return this.#protocol(ex, 'HEADERS_OVERFLOW', `chunk extensions or trailers exceed ${MAX_HEAD_BYTES} bytes`);
        if (c === 0x0d) this.#chunk = state === C_EXT ? C_SIZE_LF : C_TRAILER_LF;
        else if (c === 0x0a) return this.#protocol(ex, 'BAD_CHUNK', 'bare LF in the chunked framing');
      } else if (state === C_SIZE_LF || state === C_DATA_LF || state === C_TRAILER_LF || state === C_END_LF) {
        if (c !== 0x0a) return this.#protocol(ex, 'BAD_CHUNK', 'CR without LF in the chunked framing');
        if (state === C_END_LF) {
          this.#phase = HEAD;
          return this.#complete(ex, buf, pos, 'EXCESS_DATA');
        }
        if (state === C_DATA_LF) {
          this.#chunk = C_SIZE;
          this.#digits = 0;
        } else if (state === C_TRAILER_LF) this.#chunk = C_LINE_START;
        else {
          // End of a size line: its extensions counted alone; the trailers count together.
          this.#chunk = this.#remaining > 0 ? C_DATA : C_LINE_START;
          this.#lineBytes = 0;
        }
      } else if (state === C_DATA_CR) {
        if (c !== 0x0d) return this.#protocol(ex, 'BAD_CHUNK', 'chunk data longer than its size');
        this.#chunk = C_DATA_LF;
      } else {
        // C_LINE_START: after the last chunk, trailer lines until an empty one (trailers are discarded).
        this.#chunk = c === 0x0d ? C_END_LF : C_TRAILER;
        if (c === 0x0a) return this.#protocol(ex, 'BAD_CHUNK', 'bare LF in the trailers');
      }
    }
    return -1;
  }

  /** The message ended at `pos`: more bytes in the same read are a protocol error, else the exchange ends well. */
  #complete(ex: Exchange, buf: Buffer, pos: number, code: string): number {
    if (pos < buf.length) return this.#protocol(ex, code, `the model server sent ${buf.length - pos} bytes after the end of the response`);
    this.#finish(ex);
    return -1;
  }

  #protocol(ex: Exchange, code: string, message: string): number {
    this.#partial = undefined;
    this.#fail(ex, failure('protocol', code, message));
    return -1;
  }
}

/** Keep-alive connections to one `http:` origin. */
class NetUpstreamPool implements UpstreamPool {
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
      payload = this.#encode(request);
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

  /** The request's bytes (a latin1 string without a body, else one buffer), or undefined when a field is forbidden. */
  #encode(request: UpstreamRequest): Buffer | string | undefined {
    const { path, headers, body } = request;
    if (!isToken(request.method) || !isPath(path)) return undefined;
    let head = `${request.method} ${path} HTTP/1.1\r\n`;
    let host = true;
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i] as string;
      const value = headers[i + 1] as string;
      if (!isToken(name) || !isFieldValue(value)) return undefined;
      if (name.length === 4 && lowerIs(name, 'host')) host = false;
      else if (name.length === 14 && lowerIs(name, 'content-length')) continue; // ours is computed from the body
      else if (name.length === 17 && lowerIs(name, 'transfer-encoding')) return undefined;
      head += `${name}: ${value}\r\n`;
    }
    if (host) head += `host: ${this.#hostHeader}\r\n`;
    if (body !== null) head += `content-length: ${body.length}\r\n\r\n`;
    else head += request.method === 'POST' ? 'content-length: 0\r\n\r\n' : '\r\n';
    if (body === null || body.length === 0) return head;
    const out = Buffer.allocUnsafe(head.length + body.length);
    out.write(head, 0, head.length, 'latin1');
    body.copy(out, head.length);
    return out;
  }
}

/** Why #encode refused a request (the slow path, for the message only). */
function invalidReason(request: UpstreamRequest): string {
  if (!isToken(request.method)) return `the request method ${JSON.stringify(request.method)} is not a token`;
  if (!isPath(request.path)) return 'the request path must start with "/" and contain no whitespace or control characters';
  for (let i = 0; i + 1 < request.headers.length; i += 2) {
    const name = request.headers[i] as string;
    if (!isToken(name)) return `the request header name ${JSON.stringify(name)} is not a token`;
    if (!isFieldValue(request.headers[i + 1] as string)) return `the request header "${name}" has a value with CR, LF or another forbidden character`;
    if (lowerIs(name, 'transfer-encoding')) return 'the request may not set transfer-encoding (the body is sent with content-length)';
  }
  return 'the request is invalid';
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
