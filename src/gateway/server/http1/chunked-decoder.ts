/**
 * @module gateway/server/http1/chunked-decoder
 * Incremental decoder of a chunked request body (RFC 9112 §7.1): hex sizes (at most 15
 * digits), chunk extensions skipped, the CRLF after each chunk checked, trailer fields read
 * and dropped. Bytes may arrive split anywhere; each call consumes what it can and hands
 * the chunks' data to the sink as views of the input (no copies).
 */

/** Longest chunk-size line (size and extensions) and longest trailer section accepted. */
const MAX_LINE_BYTES = 4_096;
const MAX_TRAILER_BYTES = 16_384;

/** Receives the data of each chunk. */
export interface ChunkSink {
  pushBody(data: Buffer): void;
}

const enum State {
  Size,
  Extension,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerLineStart,
  TrailerLine,
  TrailerLf,
  FinalLf,
  Done,
}

/**
 * @example
 * const decoder = new ChunkedDecoder();
 * const used = decoder.push(bytes, 0, { pushBody: (data) => chunks.push(data) }); // -1: malformed (decoder.error says why)
 * if (decoder.done) { … } // bytes after `used` belong to the next request
 */
export class ChunkedDecoder {
  #state = State.Size;
  #size = 0;
  #digits = 0;
  #lineBytes = 0;
  #trailerBytes = 0;
  #error: string | undefined;

  get done(): boolean {
    return this.#state === State.Done;
  }

  /** Why the body was refused (after `push` returned -1). */
  get error(): string | undefined {
    return this.#error;
  }

  /**
   * Consumes `buf` from `offset`; returns the offset after the last consumed byte (the end
   * of the body when `done`), or -1 when the framing is malformed.
   */
  push(buf: Buffer, offset: number, sink: ChunkSink): number {
    let i = offset;
    const end = buf.length;
    while (i < end) {
      switch (this.#state) {
        case State.Size: {
          const c = buf[i] as number;
          const digit = hexValue(c);
          if (digit >= 0) {
            if (++this.#digits > 15) return this.#fail('chunk size too large');
            this.#size = this.#size * 16 + digit;
            i++;
          } else if (this.#digits === 0) {
            return this.#fail('chunk size expected');
          } else if (c === 0x0d) {
            this.#state = State.SizeLf;
            i++;
          } else if (c === 0x3b || c === 0x20 || c === 0x09) {
            this.#state = State.Extension;
            this.#lineBytes = 0;
            i++;
          } else {
            return this.#fail('invalid character in chunk size');
          }
          break;
        }
        case State.Extension: {
          const c = buf[i] as number;
          if (c === 0x0d) this.#state = State.SizeLf;
          else if (c === 0x0a || ++this.#lineBytes > MAX_LINE_BYTES) return this.#fail('malformed chunk extension');
          i++;
          break;
        }
        case State.SizeLf:
          if (buf[i] !== 0x0a) return this.#fail('CRLF expected after the chunk size');
          i++;
          this.#digits = 0;
          if (this.#size === 0) {
            this.#state = State.TrailerLineStart;
          } else {
            this.#state = State.Data;
          }
          break;
        case State.Data: {
          const take = Math.min(this.#size, end - i);
          sink.pushBody(buf.subarray(i, i + take));
          i += take;
          this.#size -= take;
          if (this.#size === 0) this.#state = State.DataCr;
          break;
        }
        case State.DataCr:
          if (buf[i] !== 0x0d) return this.#fail('CRLF expected after chunk data');
          this.#state = State.DataLf;
          i++;
          break;
        case State.DataLf:
          if (buf[i] !== 0x0a) return this.#fail('CRLF expected after chunk data');
          this.#state = State.Size;
          i++;
          break;
        case State.TrailerLineStart:
          if (buf[i] === 0x0d) {
            this.#state = State.FinalLf;
          } else {
            this.#state = State.TrailerLine;
            this.#trailerBytes++;
          }
          i++;
          break;
        case State.TrailerLine: {
          const c = buf[i] as number;
          if (++this.#trailerBytes > MAX_TRAILER_BYTES) return this.#fail('trailer section too large');
          if (c === 0x0d) this.#state = State.TrailerLf;
          else if (c === 0x0a) return this.#fail('bare LF in the trailer section');
          i++;
          break;
        }
        case State.TrailerLf:
          if (buf[i] !== 0x0a) return this.#fail('CRLF expected after a trailer field');
          this.#state = State.TrailerLineStart;
          i++;
          break;
        case State.FinalLf:
          if (buf[i] !== 0x0a) return this.#fail('CRLF expected at the end of the chunked body');
          this.#state = State.Done;
          return i + 1;
        case State.Done:
          return i;
      }
    }
    return i;
  }

  #fail(reason: string): number {
    this.#error = reason;
    return -1;
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
