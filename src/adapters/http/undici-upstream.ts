/**
 * @module adapters/http/undici-upstream
 * The gateway's UpstreamPool port over undici: one `Pool` per origin with keep-alive
 * connections (pipelining 1), per-request headers/body timeouts, and responses streamed to
 * the gateway's sink through undici's dispatch-handler API (no intermediate stream
 * objects). Driver errors are classified into the port's failure kinds here, so the
 * gateway never sees an undici error code it must know about.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import type {
  UpstreamFailure,
  UpstreamFailureKind,
  UpstreamFlow,
  UpstreamHeaders,
  UpstreamPool,
  UpstreamPoolFactory,
  UpstreamPoolOptions,
  UpstreamRequest,
  UpstreamSink,
} from '../../gateway/index.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EADDRINUSE']);
const PROTOCOL_CODES = new Set(['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_INFO', 'UND_ERR_RESPONSE']);

/**
 * Classifies a driver error for the gateway (timeout → 504; connect, reset, protocol → 502).
 *
 * @example
 * classifyUpstreamError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).kind; // 'connect'
 */
export function classifyUpstreamError(err: unknown, aborted = false): UpstreamFailure {
  const error = err instanceof Error ? err : new Error(String(err));
  const code = (error as { code?: unknown }).code;
  const text = typeof code === 'string' ? code : undefined;
  let kind: UpstreamFailureKind = 'reset';
  if (aborted || text === 'UND_ERR_ABORTED') kind = 'aborted';
  else if (text !== undefined && TIMEOUT_CODES.has(text)) kind = 'timeout';
  else if (text !== undefined && CONNECT_CODES.has(text)) kind = 'connect';
  else if (text !== undefined && (PROTOCOL_CODES.has(text) || text.startsWith('HPE_'))) kind = 'protocol';
  return { kind, message: error.message, ...(text === undefined ? {} : { code: text }), cause: error };
}

/**
 * Relays one undici exchange to an UpstreamSink; is also the sink's flow control.
 */
class RelayHandler implements Dispatcher.DispatchHandler, UpstreamFlow {
  readonly #sink: UpstreamSink;
  #controller: Dispatcher.DispatchController | undefined;
  #done = false;
  #aborted = false;

  constructor(sink: UpstreamSink) {
    this.#sink = sink;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#aborted) controller.abort(new Error('aborted by the gateway'));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#controller = controller;
    if (statusCode < 200) return; // 1xx: informational, the final response follows
    this.#sink.onStart(statusCode, headers as UpstreamHeaders, this);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.#done) this.#sink.onData(chunk);
  }

  onResponseEnd(): void {
    if (this.#done) return;
    this.#done = true;
    this.#sink.onEnd();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#sink.onError(classifyUpstreamError(error, this.#aborted));
  }

  pause(): void {
    this.#controller?.pause();
  }

  resume(): void {
    this.#controller?.resume();
  }

  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#controller?.abort(new Error('aborted by the gateway'));
  }
}

class UndiciUpstreamPool implements UpstreamPool {
  readonly #pool: Pool;
  #closing: Promise<void> | undefined;

  constructor(origin: string, options: UpstreamPoolOptions) {
    this.#pool = new Pool(origin, {
      connections: options.connections,
      pipelining: 1,
      keepAliveTimeout: options.keepAliveMs,
      connectTimeout: options.connectTimeoutMs,
    });
  }

  send(request: UpstreamRequest, sink: UpstreamSink): UpstreamFlow {
    const handler = new RelayHandler(sink);
    try {
      this.#pool.dispatch(
        {
          path: request.path,
          method: request.method,
          headers: request.headers as string[],
          body: request.body,
          headersTimeout: request.timeoutMs,
          bodyTimeout: request.timeoutMs,
        },
        handler,
      );
    } catch (err) {
      handler.onResponseError(undefined as unknown as Dispatcher.DispatchController, err instanceof Error ? err : new Error(String(err)));
    }
    return handler;
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.close().catch(() => undefined);
    return this.#closing;
  }
}

/**
 * The undici implementation of the gateway's UpstreamPoolFactory.
 *
 * @example
 * const gateway = new Gateway({ ...options, upstreams: undiciPoolFactory });
 */
export const undiciPoolFactory: UpstreamPoolFactory = (origin, options) => new UndiciUpstreamPool(origin, options);
