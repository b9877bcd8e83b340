/**
 * @module gateway/server/http1/response
 * The response to one request of the data plane's HTTP/1.1 server: the head is built by
 * `writeHead` (header names and values checked, `Date` added, framing decided: the given
 * length, chunked for an HTTP/1.1 answer without one, close-delimited for HTTP/1.0) and sent
 * with the first body bytes in one write. `connection: close`, or a client that did not ask
 * to keep the connection, closes it after this response.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { EdgeHeaders, EdgeResponse } from '../edge.js';
import type { RequestHead } from './request-head.js';

/** What a response tells its connection. */
export interface ResponseOwner {
  /** Traffic on the connection (for its idle timeout). */
  touch(): void;
  /** The response ended: its bytes are queued on the socket. */
  responseEnded(res: Http1Response): void;
}

const EMPTY = Buffer.alloc(0);
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');
/** Header names written as they are given; anything else is checked. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A response header value may hold HTAB, visible ASCII and Latin-1 (Node's rule). */
const BAD_OUT_VALUE = /[^\t\x20-\x7e\x80-\xff]/;
/** Below this, the head and a body chunk are copied into one buffer (one write); above, corked. */
const COALESCE_BYTES = 16_384;

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
  readonly #conn: ResponseOwner;
  readonly #socket: Socket;
  readonly #minor: 0 | 1;
  #head: string | undefined;
  #chunked = false;
  #noBody = false;
  readonly #headRequest: boolean;
  #onClose: (() => void)[] | undefined;
  #onDrain: (() => void)[] | undefined;

  constructor(conn: ResponseOwner, socket: Socket, head: RequestHead) {
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
