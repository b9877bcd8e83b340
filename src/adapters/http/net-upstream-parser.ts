/**
 * @module adapters/http/net-upstream-parser
 * The strict HTTP/1.1 response parser of the `node:net` upstream client (./net-upstream):
 * status line and header fields (RFC 9112 §4, §5), body framing (§6.3: no body for HEAD,
 * 1xx, 204 and 304; `chunked`; `content-length`; else until the server closes), and the
 * chunked decoder (§7.1; extensions and trailers skipped, within MAX_HEAD_BYTES). Refuses
 * what response smuggling relies on: conflicting or malformed lengths, a transfer coding
 * other than `chunked` alone, both framings at once, bytes after the end of the response.
 *
 * One parser per connection, fed each socket read in turn; its state survives between
 * reads, so bytes may be split anywhere. Body bytes reach the sink as they arrive, each
 * chunk a fresh copy (the read buffer is shared). The parser ends an exchange through its
 * owner (`finish` or `fail`), and stops as soon as the owner no longer serves that exchange
 * (a sink aborted from onStart or onData).
 */
import type { UpstreamFailure, UpstreamHeaders } from '../../gateway/index.js';
import { STREAMING, failure } from './net-upstream-exchange.js';
import type { Exchange } from './net-upstream-exchange.js';
import { isToken, lowerIs } from './net-upstream-request.js';

/** Largest response head (status line and headers), and largest chunked trailer section, in bytes. */
export const MAX_HEAD_BYTES = 16_384;

const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');
const HTTP1 = Buffer.from('HTTP/1.', 'latin1');

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

/** A fresh copy of buf[start, end) (the read buffer is overwritten by the next read). */
function copyOf(buf: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  buf.copy(out, 0, start, end);
  return out;
}

/** What the parser needs of the connection whose reads it parses (Connection in ./net-upstream-connection). */
export interface ParserOwner {
  /** The exchange being served; once it is no longer `ex` (ended, or aborted by its sink), parsing stops. */
  readonly ex: Exchange | undefined;
  /** The response to `ex` is complete (keepAlive says whether the socket may serve another). */
  finish(ex: Exchange): void;
  /** The response to `ex` is broken: the socket must not be reused and `ex` fails with `f`. */
  fail(ex: Exchange, f: UpstreamFailure): void;
  /** The server's `keep-alive: timeout=<seconds>` hint (seconds ≥ 0). */
  keepAliveHint(seconds: number): void;
}

/** The response parser of one connection: its state between reads, and the methods that advance it. */
export class ResponseParser {
  readonly #owner: ParserOwner;
  #phase = HEAD;
  /** The start of a head that spans reads (copied out of the read buffer). */
  #partial: Buffer | undefined = undefined;
  #status = 0;
  #headers: UpstreamHeaders = {};
  #length = -1;
  #chunked = false;
  #keepAlive = true;
  /** Body bytes left: of the content-length, or of the current chunk. */
  #remaining = 0;
  #chunk = C_SIZE;
  #digits = 0;
  #lineBytes = 0;

  constructor(owner: ParserOwner) {
    this.#owner = owner;
  }

  /** Whether the last response lets the connection serve another request. */
  get keepAlive(): boolean {
    return this.#keepAlive;
  }

  /** A request was written: what comes next is a response head. */
  expectHead(): void {
    this.#phase = HEAD;
  }

  /** The server closed its side. True when that ends the response (a body delimited by the close); the connection is then not reusable. */
  closeEnds(): boolean {
    if (this.#phase !== UNTIL_CLOSE) return false;
    this.#keepAlive = false;
    return true;
  }

  /** Parses one read of the response to `ex` (`chunk` views the shared read buffer: valid during this call only). */
  parse(chunk: Buffer, ex: Exchange): void {
    const owner = this.#owner;
    let buf = chunk;
    let pos = 0;
    while (pos >= 0 && owner.ex === ex) {
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
    if (this.#owner.ex !== ex) return -1;
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
        if (seconds >= 0) this.#owner.keepAliveHint(seconds);
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
    if (this.#owner.ex !== ex || this.#remaining > 0) return -1;
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
        if (this.#owner.ex !== ex) return -1;
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
    this.#owner.finish(ex);
    return -1;
  }

  #protocol(ex: Exchange, code: string, message: string): number {
    this.#partial = undefined;
    this.#owner.fail(ex, failure('protocol', code, message));
    return -1;
  }
}
