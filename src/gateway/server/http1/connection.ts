/**
 * @module gateway/server/http1/connection
 * One client connection of the data plane's HTTP/1.1 server, and the request and response
 * objects it hands to the gateway. Requests are served one at a time in arrival order
 * (bytes of a pipelined request wait, and reading pauses when they pile up); a body that
 * arrives with its head is in hand before the handler runs, so the common request needs
 * no further event. The head and the first body bytes of a response leave in one write.
 * Keep-alive, `Connection: close`, HTTP/1.0, chunked bodies both ways, `100 Continue`, and
 * an answer given before the body was read (the rest is discarded, or the connection
 * closes after a short linger so that the client can still read the answer).
 */
import { STATUS_CODES } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gatewayErrors } from '../../errors.js';
import type { Timers } from '../../ports.js';
import type { EdgeHeaders, EdgeRequest, EdgeResponse } from '../edge.js';
import { NO_VERSION } from '../error-response.js';
import { ChunkedDecoder } from './chunked-decoder.js';
import { parseRequestHead } from './request-head.js';
import type { BodyFraming, RequestHead } from './request-head.js';

/** Limits and timeouts of a connection, read at each use (a reload changes them). */
export interface Http1Limits {
  /** Largest request head, bytes (431 beyond). */
  readonly maxHeadBytes: number;
  /** Request body bytes buffered before the handler reads them (more is counted, not kept). */
  readonly maxBodyBytes: number;
  /** From the first byte of a request to the end of its head (408 and close beyond). */
  readonly headersTimeoutMs: number;
  /** From the first byte of a request to the end of its body: a backstop (the connection is cut). */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  readonly keepAliveTimeoutMs: number;
  /** A connection with a request in progress and no traffic either way for this long is cut. */
  readonly idleTimeoutMs: number;
  /** After an answer given before the body was read: how long the rest is discarded before the socket is cut. */
  readonly lingerMs: number;
}

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly limits: Http1Limits;
  /** True once the server stops accepting: connections close after their current response. */
  readonly closing: boolean;
  onRequest(req: Http1Request, res: Http1Response): void;
  /** The id of an answer the connection gives itself (`x-request-id`; `x-model-version: none`). */
  requestId(): string;
  forget(connection: Http1Connection): void;
}

const EMPTY = Buffer.alloc(0);
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');
/** Header names written as they are given; anything else is checked. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A response header value may hold HTAB, visible ASCII and Latin-1 (Node's rule). */
const BAD_OUT_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** Bytes of later (pipelined) requests held while one is served; reading pauses beyond this. */
const MAX_PIPELINED_BYTES = 65_536;
/** Below this, the head and a body chunk are copied into one buffer (one write); above, corked. */
const COALESCE_BYTES = 16_384;

const enum Phase {
  /** Waiting for (the rest of) a request head. */
  Head,
  /** Reading the body of the request being served. */
  Body,
  /** The request is complete; its response is not. */
  Respond,
  /** The response ended before the body did: the rest of the body is read and dropped. */
  Discard,
  /** An answer was sent and FIN follows: whatever arrives is dropped until the socket closes. */
  Linger,
  Closed,
}

/**
 * @example
 * new Http1Connection(socket, host); // the server does this for every accepted socket
 */
export class Http1Connection {
  readonly #socket: Socket;
  readonly #host: ConnectionHost;
  #phase = Phase.Head;
  /** Unconsumed bytes: a partial head, or requests pipelined behind the current one. */
  #pending: Buffer | undefined;
  #scanFrom = 0;
  #paused = false;
  #req: Http1Request | undefined;
  #res: Http1Response | undefined;
  #remaining = 0;
  #chunked: ChunkedDecoder | undefined;
  /** performance.now() when the current wait began (head, or idle keep-alive). */
  #since: number;
  #idle = true;
  #lastActive: number;
  #lingerTimer: NodeJS.Timeout | undefined;
  /** The current request was handed to the handler. */
  #dispatched = false;
  /** The current request's body was malformed: close once it is answered. */
  #broken = false;

  constructor(socket: Socket, host: ConnectionHost) {
    this.#socket = socket;
    this.#host = host;
    this.#since = this.#lastActive = performance.now();
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#onEnd());
    socket.on('error', () => undefined);
    socket.on('close', () => this.#onClose());
    socket.on('drain', () => this.#res?.drained());
  }

  /** No request in progress and nothing buffered. */
  get idle(): boolean {
    return this.#idle && this.#pending === undefined && this.#phase === Phase.Head;
  }

  get socket(): Socket {
    return this.#socket;
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Applies the timeouts; called by the server's sweep. */
  check(now: number): void {
    const limits = this.#host.limits;
    switch (this.#phase) {
      case Phase.Head:
        if (this.#idle && this.#pending === undefined) {
          if (now - this.#since > limits.keepAliveTimeoutMs) this.destroy();
        } else if (now - this.#since > limits.headersTimeoutMs) {
          this.#refuse(408, 'GW_ERR_REQUEST_TIMEOUT', `the request head did not arrive within ${limits.headersTimeoutMs} ms`);
        }
        return;
      case Phase.Body:
        if (now - this.#since > limits.requestTimeoutMs || now - this.#lastActive > limits.idleTimeoutMs) this.destroy();
        return;
      case Phase.Respond:
      case Phase.Discard:
        if (now - this.#lastActive > limits.idleTimeoutMs) this.destroy();
        return;
      default:
    }
  }

  touch(): void {
    this.#lastActive = performance.now();
  }

  /** The response of the current request ended (its bytes are queued on the socket). */
  responseEnded(res: Http1Response): void {
    if (res !== this.#res || this.#socket.destroyed) return;
    const req = this.#req as Http1Request;
    if (res.closesConnection || this.#host.closing || this.#broken) {
      this.#linger();
      return;
    }
    if (!req.complete) {
      this.#phase = Phase.Discard;
      req.discard();
      return;
    }
    this.#next();
  }

  /** Ready for the next request: consume what is already buffered. */
  #next(): void {
    this.#req = undefined;
    this.#res = undefined;
    this.#phase = Phase.Head;
    this.#idle = true;
    this.#since = performance.now();
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    if (this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
    this.#consume(pending, 0);
  }

  #onData(chunk: Buffer): void {
    this.#lastActive = performance.now();
    if (this.#phase >= Phase.Linger) return;
    const pending = this.#pending;
    if (pending === undefined) {
      this.#consume(chunk, 0);
    } else {
      this.#pending = undefined;
      this.#consume(Buffer.concat([pending, chunk]), 0);
    }
  }

  #consume(buf: Buffer, offset: number): void {
    let off = offset;
    for (;;) {
      switch (this.#phase) {
        case Phase.Head: {
          if (off >= buf.length) return;
          if (this.#idle) {
            this.#idle = false;
            this.#since = this.#lastActive;
          }
          const head = parseRequestHead(buf, off, this.#host.limits.maxHeadBytes, off + this.#scanFrom);
          if (head.kind === 'incomplete') {
            this.#pending = off === 0 ? buf : buf.subarray(off);
            this.#scanFrom = buf.length - off;
            return;
          }
          this.#scanFrom = 0;
          if (head.kind === 'refused') {
            this.#refuse(head.status, 'GW_ERR_BAD_REQUEST', head.reason);
            return;
          }
          off = this.#begin(head, buf);
          if (off < 0) return;
          break;
        }
        case Phase.Body:
        case Phase.Discard:
          off = this.#body(buf, off);
          if (off < 0 || this.#phase === Phase.Body || this.#phase === Phase.Discard) return;
          break;
        case Phase.Respond:
          if (off < buf.length) {
            this.#pending = off === 0 ? buf : buf.subarray(off);
            if (this.#pending.length > MAX_PIPELINED_BYTES && !this.#paused) {
              this.#paused = true;
              this.#socket.pause();
            }
          }
          return;
        default:
          return;
      }
    }
  }

  /** Starts serving a parsed head; returns the offset after the body bytes consumed, or -1. */
  #begin(head: RequestHead, buf: Buffer): number {
    const req = new Http1Request(head, this.#host.limits.maxBodyBytes);
    const res = new Http1Response(this, this.#socket, head);
    this.#req = req;
    this.#res = res;
    this.#dispatched = false;
    let off = head.end;
    const framing: BodyFraming = head.framing;
    if (framing.kind === 'chunked') {
      this.#chunked = new ChunkedDecoder();
      this.#phase = Phase.Body;
      off = this.#body(buf, off);
      if (off < 0) return -1;
    } else if (framing.length > 0) {
      this.#chunked = undefined;
      this.#remaining = framing.length;
      this.#phase = Phase.Body;
      off = this.#body(buf, off);
    } else {
      req.finish();
      this.#phase = Phase.Respond;
    }
    this.#dispatched = true;
    this.#host.onRequest(req, res);
    return off;
  }

  /** Consumes body bytes of the current request; returns the offset after them, or -1 (malformed). */
  #body(buf: Buffer, offset: number): number {
    const req = this.#req as Http1Request;
    let off = offset;
    const decoder = this.#chunked;
    if (decoder !== undefined) {
      off = decoder.push(buf, off, req);
      if (off < 0) {
        const reason = `malformed chunked request body (${decoder.error ?? 'framing'})`;
        if (!this.#dispatched) {
          this.#req = undefined;
          this.#res = undefined;
          this.#refuse(400, 'GW_ERR_BAD_REQUEST', reason);
          return -1;
        }
        // The handler has the request: it answers the failure, then the connection closes.
        this.#broken = true;
        this.#phase = Phase.Linger;
        this.#pending = undefined;
        req.fail(gatewayErrors.error('GW_ERR_BAD_REQUEST', reason, {}));
        if (this.#res?.writableEnded === true) this.#linger();
        return -1;
      }
      if (!decoder.done) return off;
    } else {
      const take = Math.min(this.#remaining, buf.length - off);
      if (take > 0) {
        req.pushBody(take === buf.length ? buf : buf.subarray(off, off + take));
        this.#remaining -= take;
        off += take;
      }
      if (this.#remaining > 0) return off;
    }
    this.#chunked = undefined;
    req.finish();
    if (this.#phase === Phase.Discard) this.#next();
    else this.#phase = Phase.Respond;
    return off;
  }

  /** Answers a request that cannot be served (bad head, head timeout) and closes. */
  #refuse(status: number, code: string, reason: string): void {
    this.#pending = undefined;
    const socket = this.#socket;
    if (this.#res !== undefined || !socket.writable) {
      this.destroy();
      return;
    }
    const id = this.#host.requestId();
    const body = Buffer.from(JSON.stringify({ error: { code, message: `malformed HTTP request (${reason})`, request_id: id } }));
    const text = STATUS_CODES[status] ?? 'Bad Request';
    const head = Buffer.from(
      `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nx-request-id: ${id}\r\nx-model-version: ${NO_VERSION}\r\nconnection: close\r\n\r\n`,
      'latin1',
    );
    socket.write(Buffer.concat([head, body]));
    this.#linger();
  }

  /** FIN after the queued bytes, drop what arrives, cut the socket after `lingerMs`. */
  #linger(): void {
    if (this.#phase === Phase.Closed) return;
    this.#phase = Phase.Linger;
    this.#pending = undefined;
    if (this.#paused) {
      this.#paused = false;
      this.#socket.resume();
    }
    this.#socket.end();
    this.#lingerTimer ??= setTimeout(() => this.destroy(), this.#host.limits.lingerMs).unref();
  }

  #onEnd(): void {
    // The client will send nothing more. Nothing in progress: close our side too. A request in
    // progress: the client gave up on it (as Node's server treats a half-close): cut.
    if (this.#phase === Phase.Linger || this.idle) this.#socket.end();
    else this.destroy();
  }

  #onClose(): void {
    this.#phase = Phase.Closed;
    this.#pending = undefined;
    if (this.#lingerTimer !== undefined) clearTimeout(this.#lingerTimer);
    const req = this.#req;
    if (req !== undefined && !req.complete) req.fail(gatewayErrors.error('GW_ERR_CLIENT_CLOSED', 'the client closed the connection while sending the body', { receivedBytes: req.receivedBytes }));
    this.#res?.closed();
    this.#host.forget(this);
  }
}

/** A body waiter of readBody. */
interface BodyWait {
  readonly resolve: (body: Buffer) => void;
  readonly reject: (error: Error) => void;
  readonly maxBytes: number;
  readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  readonly timer: unknown;
}

/**
 * One request as the gateway sees it.
 *
 * @example
 * const body = await req.readBody(1_048_576, 30_000, timers);
 */
export class Http1Request implements EdgeRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  complete = false;
  readonly #cap: number;
  #first: Buffer | undefined;
  #more: Buffer[] | undefined;
  #received = 0;
  #overflow = false;
  #discarding = false;
  #failure: Error | undefined;
  #wait: BodyWait | undefined;

  constructor(head: RequestHead, cap: number) {
    this.method = head.method;
    this.url = head.url;
    this.headers = head.headers;
    this.#cap = cap;
  }

  get receivedBytes(): number {
    return this.#received;
  }

  readBody(maxBytes: number, timeoutMs: number, timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>): Promise<Buffer> {
    const declared = this.headers['content-length'];
    if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge(Number(declared), maxBytes, true));
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#overflow || this.#received > maxBytes) return Promise.reject(tooLarge(this.#received, maxBytes, false));
    if (this.complete) return Promise.resolve(this.#body());
    return new Promise<Buffer>((resolve, reject) => {
      const timer = timers.setTimeout(
        () => this.#settle(gatewayErrors.error('GW_ERR_REQUEST_TIMEOUT', `the request body did not arrive within ${timeoutMs} ms (received ${this.#received} bytes)`, { timeoutMs, receivedBytes: this.#received })),
        timeoutMs,
      );
      this.#wait = { resolve, reject, maxBytes, timers, timer };
    });
  }

  /** Body bytes from the connection (views of the socket's reads). */
  pushBody(data: Buffer): void {
    this.#received += data.length;
    if (this.#discarding || this.#overflow) return;
    if (this.#received > this.#cap || (this.#wait !== undefined && this.#received > this.#wait.maxBytes)) {
      this.#overflow = true;
      this.#first = undefined;
      this.#more = undefined;
      if (this.#wait !== undefined) this.#settle(tooLarge(this.#received, this.#wait.maxBytes, false));
      return;
    }
    if (this.#first === undefined) this.#first = data;
    else (this.#more ??= []).push(data);
  }

  finish(): void {
    this.complete = true;
    if (this.#wait !== undefined && !this.#overflow) this.#settle(undefined);
  }

  fail(error: Error): void {
    this.#failure ??= error;
    if (this.#wait !== undefined) this.#settle(error);
  }

  /** The response ended before the body: the rest is dropped as it arrives. */
  discard(): void {
    this.#discarding = true;
    this.#first = undefined;
    this.#more = undefined;
  }

  #body(): Buffer {
    const first = this.#first;
    if (first === undefined) return EMPTY;
    const more = this.#more;
    if (more === undefined) return first;
    return Buffer.concat([first, ...more], this.#received);
  }

  #settle(error: Error | undefined): void {
    const wait = this.#wait;
    if (wait === undefined) return;
    this.#wait = undefined;
    wait.timers.clearTimeout(wait.timer);
    if (error === undefined) wait.resolve(this.#body());
    else {
      this.#first = undefined;
      this.#more = undefined;
      wait.reject(error);
    }
  }
}

/**
 * The response to one request.
 *
 * @example
 * res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 }); res.end(Buffer.from('{}'));
 */
export class Http1Response implements EdgeResponse {
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  /** True when the connection closes after this response. */
  closesConnection: boolean;
  readonly #conn: Http1Connection;
  readonly #socket: Socket;
  readonly #minor: 0 | 1;
  #head: string | undefined;
  #chunked = false;
  #noBody = false;
  readonly #headRequest: boolean;
  #onClose: (() => void)[] | undefined;
  #onDrain: (() => void)[] | undefined;

  constructor(conn: Http1Connection, socket: Socket, head: RequestHead) {
    this.#conn = conn;
    this.#socket = socket;
    this.#minor = head.minor;
    this.#headRequest = head.method === 'HEAD';
    this.closesConnection = !head.keepAlive;
  }

  get destroyed(): boolean {
    return this.#socket.destroyed;
  }

  writeHead(status: number, headers: EdgeHeaders): void {
    if (this.headersSent) throw new Error('writeHead called twice');
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Unknown'}\r\n`;
    let hasLength = false;
    let hasDate = false;
    let close = this.closesConnection;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined) continue;
      if (!TOKEN.test(name)) throw new TypeError(`invalid response header name ${JSON.stringify(name)}`);
      // Only four names matter to the framing; their lengths spare a toLowerCase for every other header.
      switch (name.length === 4 || name.length === 10 || name.length === 14 || name.length === 17 ? name.toLowerCase() : '') {
        case 'content-length':
          hasLength = true;
          break;
        case 'date':
          hasDate = true;
          break;
        case 'connection':
          if (String(value).toLowerCase().includes('close')) close = true;
          continue;
        case 'transfer-encoding':
          continue; // framing is this server's business
        default:
      }
      if (typeof value === 'object') {
        for (const item of value) head += headerLine(name, item);
      } else {
        head += headerLine(name, typeof value === 'number' ? String(value) : value);
      }
    }
    if (!hasDate) head += `date: ${httpDate()}\r\n`;
    this.#noBody = this.#headRequest || status === 204 || status === 304 || status < 200;
    if (!hasLength && !this.#noBody) {
      if (this.#minor === 1) {
        this.#chunked = true;
        head += 'transfer-encoding: chunked\r\n';
      } else {
        close = true;
      }
    }
    if (close) head += 'connection: close\r\n';
    else if (this.#minor === 0) head += 'connection: keep-alive\r\n';
    this.closesConnection = close;
    this.#head = `${head}\r\n`;
    this.headersSent = true;
  }

  writeContinue(): void {
    if (!this.headersSent && !this.#socket.destroyed) this.#socket.write(CONTINUE);
  }

  write(chunk: Buffer): boolean {
    if (this.writableEnded || this.#socket.destroyed) return false;
    if (!this.headersSent) this.writeHead(200, {});
    this.#conn.touch();
    if (chunk.length === 0 || this.#noBody) return this.#flushHead();
    return this.#send(chunk, false);
  }

  end(chunk?: Buffer): void {
    if (this.writableEnded) return;
    if (!this.headersSent) this.writeHead(200, chunk === undefined ? { 'content-length': 0 } : { 'content-length': chunk.length });
    this.writableEnded = true;
    if (!this.#socket.destroyed) {
      this.#conn.touch();
      if (chunk !== undefined && chunk.length > 0 && !this.#noBody) this.#send(chunk, true);
      else if (this.#chunked) this.#send(EMPTY, true);
      else this.#flushHead();
      this.writableFinished = this.#socket.writableLength === 0;
    }
    this.#onDrain = undefined;
    this.#conn.responseEnded(this);
  }

  destroy(): void {
    this.#socket.destroy();
  }

  once(event: 'close' | 'drain', listener: () => void): void {
    if (event === 'close') (this.#onClose ??= []).push(listener);
    else (this.#onDrain ??= []).push(listener);
  }

  /** The socket drained: the writer may go on. */
  drained(): void {
    if (this.writableEnded) this.writableFinished = true;
    const listeners = this.#onDrain;
    if (listeners === undefined) return;
    this.#onDrain = undefined;
    for (const listener of listeners) listener();
  }

  /** The socket closed. */
  closed(): void {
    const listeners = this.#onClose;
    this.#onClose = undefined;
    this.#onDrain = undefined;
    if (listeners === undefined || this.writableFinished) return;
    for (const listener of listeners) listener();
  }

  #flushHead(): boolean {
    const head = this.#head;
    if (head === undefined) return true;
    this.#head = undefined;
    return this.#socket.write(head, 'latin1');
  }

  /** Writes `chunk` (framed when chunked; the last chunk after it when `last`), with the head if not yet sent: one write. */
  #send(chunk: Buffer, last: boolean): boolean {
    const head = this.#head;
    this.#head = undefined;
    const socket = this.#socket;
    if (!this.#chunked) {
      if (head === undefined) return socket.write(chunk);
      if (chunk.length <= COALESCE_BYTES) {
        const out = Buffer.allocUnsafe(head.length + chunk.length);
        out.write(head, 0, 'latin1');
        chunk.copy(out, head.length);
        return socket.write(out);
      }
      socket.cork();
      socket.write(head, 'latin1');
      const ok = socket.write(chunk);
      socket.uncork();
      return ok;
    }
    const size = chunk.length === 0 ? '' : `${chunk.length.toString(16)}\r\n`;
    const prefix = head === undefined ? size : head + size;
    socket.cork();
    if (prefix.length > 0) socket.write(prefix, 'latin1');
    let ok = true;
    if (chunk.length > 0) {
      socket.write(chunk);
      ok = socket.write(CRLF);
    }
    if (last) ok = socket.write(LAST_CHUNK);
    socket.uncork();
    return ok;
  }
}

function headerLine(name: string, value: string): string {
  if (BAD_OUT_VALUE.test(value)) throw new TypeError(`invalid character in response header ${JSON.stringify(name)}`);
  return `${name}: ${value}\r\n`;
}

let dateText = '';
let dateSecond = -1;

/** The `Date` header value, computed once per second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1_000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

function tooLarge(bytes: number, maxBytes: number, declared: boolean): Error {
  const what = declared ? `declares ${bytes} bytes` : `exceeds ${maxBytes} bytes`;
  return gatewayErrors.error('GW_ERR_BODY_TOO_LARGE', `the request body ${what}; the limit is ${maxBytes} bytes (server.maxBodyBytes)`, { maxBytes, ...(declared ? { declaredBytes: bytes } : {}) });
}
