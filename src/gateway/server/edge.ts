/**
 * @module gateway/server/edge
 * What the data plane's HTTP server hands to the gateway for each request: the parsed
 * request (method, target, headers, a body read on demand within limits) and the response
 * it writes. The gateway's own HTTP/1.1 server (./http1) implements both; interceptors and
 * extensions see only these members.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Timers } from '../ports.js';

/** Response header values as the gateway writes them. */
export type EdgeHeaders = Record<string, string | number | readonly string[] | undefined>;

/** One client request. */
export interface EdgeRequest {
  readonly method: string;
  /** The request target as sent (path and query). */
  readonly url: string;
  /** Lower-case names; repeated headers joined with `, ` (Node's rules), `set-cookie` a list. */
  readonly headers: IncomingHttpHeaders;
  /** True once the whole body has arrived. */
  readonly complete: boolean;
  /**
   * Resolves to the whole body (one Buffer), or rejects with GW_ERR_BODY_TOO_LARGE (a
   * declared length over `maxBytes` is refused before reading), GW_ERR_REQUEST_TIMEOUT (no
   * complete body within `timeoutMs`) or GW_ERR_CLIENT_CLOSED. Call at most once.
   */
  readBody(maxBytes: number, timeoutMs: number, timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>): Promise<Buffer>;
}

/** The response to one request. */
export interface EdgeResponse {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  /** True once the last byte was handed to the operating system. */
  readonly writableFinished: boolean;
  /** True once the connection is gone (the client left, or it was cut). */
  readonly destroyed: boolean;
  /**
   * Sets the status and headers (sent with the first body bytes). A `connection: close`
   * header closes the connection after this response. Throws on a header Node would refuse
   * to send (control characters, a value outside Latin-1).
   */
  writeHead(status: number, headers: EdgeHeaders): void;
  /** Sends `100 Continue` (the client waits for it before sending the body). */
  writeContinue(): void;
  /** Sends body bytes; false when the client reads slower than we write (wait for `drain`). */
  write(chunk: Buffer): boolean;
  /** Ends the response (with last bytes). */
  end(chunk?: Buffer): void;
  /** Cuts the connection (a response that failed mid-body). */
  destroy(): void;
  /** `close`: the connection went away before this response finished; `drain`: writing may go on. */
  once(event: 'close' | 'drain', listener: () => void): void;
}
