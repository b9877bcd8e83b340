/**
 * @module gateway/server/http1/connection
 * One client connection of the data plane's HTTP/1.1 server (the request and response
 * objects it hands to the gateway are in ./request and ./response). Requests are served one at a time in arrival order
 * (bytes of a pipelined request wait, and reading pauses when they pile up); a body that
 * arrives with its head is in hand before the handler runs, so the common request needs
 * no further event. The head and the first body bytes of a response leave in one write.
 * Keep-alive, `Connection: close`, HTTP/1.0, chunked bodies both ways, `100 Continue`, and
 * an answer given before the body was read (the rest is discarded, or the connection
 * closes after a short linger so that the client can still read the answer).
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gatewayErrors } from '../../errors.js';
import { NO_VERSION } from '../error-response.js';
import { ChunkedDecoder } from './chunked-decoder.js';
import { Http1Request } from './request.js';
import { parseRequestHead } from './request-head.js';
import type { BodyFraming, RequestHead } from './request-head.js';
import { Http1Response } from './response.js';
import type { ResponseOwner } from './response.js';

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

/** Bytes of later (pipelined) requests held while one is served; reading pauses beyond this. */
const MAX_PIPELINED_BYTES = 65_536;

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
export class Http1Connection implements ResponseOwner {
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
