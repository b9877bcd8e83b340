/**
 * @module gateway/upstream/forward
 * The terminal handler: sends the request's original bytes to the chosen version's pool and
 * relays the response as it streams (chunk by chunk, with back-pressure), hashing it for
 * the ledger and assembling chat text on the side. Only when an extension set a response
 * transform is the response buffered. A failure before the response started rejects (the
 * edge sends a JSON error); after it started, the client connection is cut.
 */
import { createHash, hash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { GATEWAY_DEFAULTS } from '../defaults.js';
import { gatewayErrors } from '../errors.js';
import type { Exchange } from '../exchange.js';
import type { Handler } from '../interceptors/compose.js';
import type { MonotonicClock, UpstreamFailure, UpstreamFlow, UpstreamHeaders, UpstreamSink } from '../ports.js';
import { ChatStreamAssembler, chatTextFromBody } from '../protocols/chat-output.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './headers.js';

/** Options of the forward handler. */
export interface ForwardOptions {
  readonly monotonic: MonotonicClock;
  /** True while the gateway drains: responses then close their connection. */
  readonly isDraining?: () => boolean;
  /** Longest assembled chat text kept. Default GATEWAY_DEFAULTS.maxAssembledTextChars. */
  readonly maxTextChars?: number;
}

/**
 * The terminal handler of the interceptor chain.
 *
 * @example
 * const handler = composeInterceptors(chain, createForwardHandler({ monotonic, isDraining: () => plane.draining }));
 */
export function createForwardHandler(options: ForwardOptions): Handler {
  const maxText = options.maxTextChars ?? GATEWAY_DEFAULTS.maxAssembledTextChars;
  return (ex) =>
    new Promise<void>((resolve, reject) => {
      const target = ex.target;
      if (target === undefined) throw gatewayErrors.error('GW_ERR_INTERNAL', `request ${ex.id}: no upstream target was chosen`, { requestId: ex.id });
      if (ex.res.destroyed) throw gatewayErrors.error('GW_ERR_CLIENT_CLOSED', 'the client closed the connection before the request was forwarded', {});
      const relay = new ResponseRelay(ex, options, maxText, resolve, reject);
      ex.upstreamStart = options.monotonic();
      const flow = target.pool.send(
        {
          method: ex.endpoint === 'oip-infer' || ex.endpoint === 'chat' ? 'POST' : 'GET',
          path: target.basePath + (ex.req.url as string),
          headers: upstreamRequestHeaders(ex.req.headers, ex.id),
          body: ex.endpoint === 'oip-infer' || ex.endpoint === 'chat' ? ex.body : null,
          timeoutMs: target.timeoutMs,
        },
        relay,
      );
      relay.watchClient(flow);
    });
}

/** Relays one upstream response to the client. */
class ResponseRelay implements UpstreamSink {
  readonly #ex: Exchange;
  readonly #monotonic: MonotonicClock;
  readonly #isDraining: (() => boolean) | undefined;
  readonly #maxText: number;
  readonly #resolve: () => void;
  readonly #reject: (err: Error) => void;
  /** Output digest: most answers are one chunk, hashed once at the end; a second chunk starts an incremental hash. */
  #firstChunk: Buffer | undefined;
  #hash: Hash | undefined;
  #chunks: Buffer[] | undefined;
  #assembler: ChatStreamAssembler | undefined;
  #headers: UpstreamHeaders = {};
  #flow: UpstreamFlow | undefined;
  #buffering = false;
  #paused = false;
  #settled = false;
  #clientGone = false;
  #startError: Error | undefined;

  constructor(ex: Exchange, options: ForwardOptions, maxText: number, resolve: () => void, reject: (err: Error) => void) {
    this.#ex = ex;
    this.#monotonic = options.monotonic;
    this.#isDraining = options.isDraining;
    this.#maxText = maxText;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onStart(status: number, headers: UpstreamHeaders, flow: UpstreamFlow): void {
    this.#flow = flow;
    try {
      this.#start(status, headers);
    } catch (err) {
      // e.g. a header Node refuses to send: treat the response as unusable.
      this.#startError = err instanceof Error ? err : new Error(String(err));
      flow.abort();
    }
  }

  #start(status: number, headers: UpstreamHeaders): void {
    const ex = this.#ex;
    ex.status = status;
    if (this.#isDraining?.() === true) ex.closeConnection = true;
    this.#headers = clientResponseHeaders(headers, ex.id, ex.version as string, ex.closeConnection);
    if (ex.protocol === 'openai' && isEventStream(headers['content-type'])) this.#assembler = new ChatStreamAssembler(this.#maxText);
    // A non-streamed chat answer is kept whole: its text is read once it is complete.
    if (ex.capturing || (ex.protocol === 'openai' && this.#assembler === undefined)) this.#chunks = [];
    this.#buffering = ex.transform !== undefined;
    if (!this.#buffering) ex.res.writeHead(status, this.#headers);
  }

  /**
   * From the moment the request is sent: a client that goes away (while the upstream thinks
   * or mid-response) aborts the upstream exchange, so nothing waits for a drain that never
   * comes and the pool does not keep counting the request.
   */
  watchClient(flow: UpstreamFlow): void {
    this.#flow ??= flow;
    if (this.#settled) return;
    const res = this.#ex.res;
    if (res.destroyed) this.#onClientClose();
    else res.once('close', () => this.#onClientClose());
  }

  onData(chunk: Buffer): void {
    const ex = this.#ex;
    ex.responseBytes += chunk.length;
    this.#assembler?.push(chunk);
    this.#chunks?.push(chunk);
    if (this.#buffering || this.#clientGone) return;
    if (ex.res.destroyed) {
      // Gone before its 'close' event: a write now would never drain.
      this.#onClientClose();
      return;
    }
    this.#digestChunk(chunk);
    if (!ex.res.write(chunk) && !this.#paused) {
      this.#paused = true;
      this.#flow?.pause();
      ex.res.once('drain', () => {
        this.#paused = false;
        this.#flow?.resume();
      });
    }
  }

  onEnd(): void {
    if (this.#settled) return;
    const ex = this.#ex;
    ex.upstreamEnd = this.#monotonic();
    try {
      const chunks = this.#chunks;
      // Most answers are one chunk: keep it as is (the upstream adapter hands over a chunk nothing else reuses).
      const body = chunks === undefined ? undefined : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      const sent = this.#buffering && body !== undefined ? this.#sendTransformed(body) : body;
      if (!this.#buffering) {
        ex.res.end();
        ex.outputDigest = this.#hash !== undefined ? this.#hash.digest('hex') : hash('sha256', this.#firstChunk ?? EMPTY, 'hex');
      }
      ex.response = { status: ex.status, headers: this.#headers, body: sent, upstreamBody: body, text: this.#chatText(sent) };
    } catch (err) {
      this.#fail(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.#settle();
  }

  onError(failure: UpstreamFailure): void {
    if (this.#settled) return;
    const ex = this.#ex;
    ex.upstreamEnd = this.#monotonic();
    if (this.#startError !== undefined) {
      ex.upstreamFailure = 'protocol';
      this.#fail(upstreamError(ex.id, { kind: 'protocol', message: this.#startError.message, cause: this.#startError }));
      return;
    }
    if (this.#clientGone) {
      ex.status = 499;
      ex.errorCode = 'GW_ERR_CLIENT_CLOSED';
      this.#settle();
      return;
    }
    ex.upstreamFailure = failure.kind;
    this.#fail(upstreamError(ex.id, failure));
  }

  /** Buffered mode: transform, then send with a fresh content-length. */
  #sendTransformed(body: Buffer): Buffer {
    const ex = this.#ex;
    const out = (ex.transform as NonNullable<Exchange['transform']>)({ status: ex.status, headers: this.#headers, body }, ex) ?? body;
    this.#headers['content-length'] = String(out.length);
    ex.responseBytes = out.length;
    ex.outputDigest = hash('sha256', out, 'hex');
    ex.res.writeHead(ex.status, this.#headers);
    ex.res.end(out);
    return out;
  }

  #digestChunk(chunk: Buffer): void {
    if (this.#hash !== undefined) this.#hash.update(chunk);
    else if (this.#firstChunk === undefined) this.#firstChunk = chunk;
    else {
      this.#hash = createHash('sha256').update(this.#firstChunk).update(chunk);
      this.#firstChunk = undefined;
    }
  }

  #chatText(body: Buffer | undefined): string | undefined {
    if (this.#assembler !== undefined) {
      this.#assembler.end();
      return this.#assembler.text;
    }
    return this.#ex.protocol === 'openai' && body !== undefined ? chatTextFromBody(body, this.#maxText) : undefined;
  }

  #onClientClose(): void {
    if (this.#settled || this.#ex.res.writableFinished) return;
    this.#clientGone = true;
    this.#flow?.abort();
  }

  /** Rejects while nothing was sent (the edge answers with JSON); otherwise cuts the connection. */
  #fail(error: Error): void {
    const ex = this.#ex;
    if (!ex.res.headersSent) {
      this.#settled = true;
      this.#reject(error);
      return;
    }
    ex.errorCode = (error as { code?: string }).code ?? 'GW_ERR_INTERNAL';
    ex.res.destroy();
    this.#settle();
  }

  #settle(): void {
    this.#settled = true;
    this.#resolve();
  }
}

const EMPTY = Buffer.alloc(0);

function isEventStream(contentType: string | string[] | undefined): boolean {
  return typeof contentType === 'string' && contentType.startsWith('text/event-stream');
}

function upstreamError(requestId: string, failure: UpstreamFailure): Error {
  const details = { requestId, kind: failure.kind, ...(failure.code === undefined ? {} : { cause: failure.code }) };
  switch (failure.kind) {
    case 'timeout':
      return gatewayErrors.error('GW_ERR_UPSTREAM_TIMEOUT', `the model server did not answer in time (${failure.code ?? failure.message})`, details, failure.cause);
    case 'protocol':
      return gatewayErrors.error('GW_ERR_UPSTREAM_PROTOCOL', `the model server's response is not valid HTTP (${failure.code ?? failure.message})`, details, failure.cause);
    default:
      return gatewayErrors.error('GW_ERR_UPSTREAM_UNAVAILABLE', `the model server could not be reached (${failure.code ?? failure.message})`, details, failure.cause);
  }
}
