/**
 * @module gateway/shadow/shadow-mirror
 * The background half of shadow mirroring: a bounded queue of mirrored requests (by count
 * and by bytes held) and a fixed number of concurrent shadow calls. Each call sends the
 * request's original bytes to the shadow version's pool (with `x-bulwark-shadow: 1`),
 * buffers the answer, compares it with the primary one (compare.ts), counts the outcome in
 * the metrics and publishes a ShadowEvent. Calls start after pending I/O (setImmediate),
 * never on the request path. A full queue drops the new job and counts it. Nothing here
 * throws: bugs go to the error handler.
 */
import type { Clock } from '../../shared/clock.js';
import { GATEWAY_DEFAULTS } from '../defaults.js';
import type { EventBus } from '../events/event-bus.js';
import type { Protocol } from '../events/request-event.js';
import type { ShadowEvent, ShadowFailureKind } from '../events/shadow-event.js';
import type { UpstreamTarget } from '../gateway-state.js';
import type { GatewayMetrics } from '../metrics.js';
import type { ErrorHandler, MonotonicClock, Timers } from '../ports.js';
import { collectResponse } from '../upstream/collect.js';
import type { CollectedResponse } from '../upstream/collect.js';
import { chatAnswer, compareChat, compareClassifier } from './compare.js';
import type { ShadowVerdict } from './compare.js';

/** One mirrored request, as the interceptor queues it once the client has its answer. */
export interface ShadowJob {
  readonly requestId: string;
  readonly endpoint: 'oip-infer' | 'chat';
  readonly protocol: Protocol;
  readonly model: string;
  readonly version: string;
  readonly shadowVersion: string;
  readonly target: UpstreamTarget;
  readonly routeEpoch: number;
  readonly apiKeyId: string | undefined;
  readonly receivedAt: number;
  /** Path and query as the client sent them. */
  readonly path: string;
  /** Flat header list for the shadow call. */
  readonly headers: readonly string[];
  readonly body: Buffer;
  /** OIP: the primary answer as the upstream sent it. */
  readonly primaryBody: Buffer | undefined;
  /** Chat: the primary's assembled answer. */
  readonly primaryText: string | undefined;
}

/** What the mirror needs. */
export interface ShadowMirrorDeps {
  readonly clock: Clock;
  readonly monotonic: MonotonicClock;
  readonly timers: Pick<Timers, 'setImmediate'>;
  readonly onError: ErrorHandler;
  readonly metrics: Pick<GatewayMetrics, 'shadowRequests' | 'shadowDisagreements' | 'shadowErrors' | 'shadowDropped'>;
  readonly events: Pick<EventBus<ShadowEvent>, 'publish' | 'hasSubscribers'>;
  /** Defaults: GATEWAY_DEFAULTS.shadowQueue, shadowQueueBytes, shadowConcurrency, shadowTimeoutMs, shadowMaxResponseBytes, maxAssembledTextChars. */
  readonly queue?: number;
  readonly queueBytes?: number;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly maxResponseBytes?: number;
  readonly maxTextChars?: number;
}

const D = GATEWAY_DEFAULTS;
const jobBytes = (job: ShadowJob): number => job.body.length + (job.primaryBody?.length ?? 0) + 2 * (job.primaryText?.length ?? 0);

/** Outcome of one shadow call, before it becomes metrics and an event. */
type Outcome = { readonly verdict: ShadowVerdict; readonly status: number } | { readonly failure: ShadowFailureKind; readonly status?: number; readonly errorCode?: string };

/** Classifies a collectResponse rejection (an answer over the size limit is `unreadable`). */
function failureOf(err: unknown): Outcome {
  const error = err as { code?: unknown; details?: { kind?: unknown; maxBytes?: unknown } } | undefined;
  const kind = error?.details?.kind;
  let failure: ShadowFailureKind = 'protocol';
  if (kind === 'timeout' || kind === 'connect' || kind === 'reset' || kind === 'protocol') failure = kind;
  else if (error?.details?.maxBytes !== undefined) failure = 'unreadable';
  return { failure, ...(typeof error?.code === 'string' ? { errorCode: error.code } : {}) };
}

/**
 * @example
 * const mirror = new ShadowMirror({ clock, monotonic, timers, onError, metrics, events: shadowEvents });
 * mirror.offer(job); // false when dropped
 * await mirror.shutdown();
 */
export class ShadowMirror {
  readonly #deps: ShadowMirrorDeps;
  readonly #limits: { readonly queue: number; readonly queueBytes: number; readonly concurrency: number; readonly timeoutMs: number; readonly maxBytes: number; readonly maxText: number };
  readonly #waiting: ShadowJob[] = [];
  #waitingBytes = 0;
  #inFlight = 0;
  #stopped = false;
  #idle: (() => void)[] = [];

  constructor(deps: ShadowMirrorDeps) {
    this.#deps = deps;
    this.#limits = {
      queue: deps.queue ?? D.shadowQueue,
      queueBytes: deps.queueBytes ?? D.shadowQueueBytes,
      concurrency: Math.max(1, deps.concurrency ?? D.shadowConcurrency),
      timeoutMs: deps.timeoutMs ?? D.shadowTimeoutMs,
      maxBytes: deps.maxResponseBytes ?? D.shadowMaxResponseBytes,
      maxText: deps.maxTextChars ?? D.maxAssembledTextChars,
    };
  }

  /** Jobs waiting for a free call slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Shadow calls in flight (including ones scheduled to start). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Queues `job`; false (and counted as dropped) when the queue is full or the mirror stopped. */
  offer(job: ShadowJob): boolean {
    if (this.#stopped) return this.#drop(job, 'shutdown');
    if (this.#inFlight < this.#limits.concurrency && this.#waiting.length === 0) {
      this.#start(job);
      return true;
    }
    const bytes = jobBytes(job);
    if (this.#waiting.length >= this.#limits.queue || this.#waitingBytes + bytes > this.#limits.queueBytes) return this.#drop(job, 'queue_full');
    this.#waiting.push(job);
    this.#waitingBytes += bytes;
    return true;
  }

  /** Resolves once nothing is queued or in flight. */
  forceFlush(): Promise<void> {
    if (this.#inFlight === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  /** Stops accepting, drops what waits (counted, reason `shutdown`), and waits for the calls in flight; idempotent. */
  shutdown(): Promise<void> {
    this.#stopped = true;
    for (const job of this.#waiting.splice(0)) this.#drop(job, 'shutdown');
    this.#waitingBytes = 0;
    return this.forceFlush();
  }

  #drop(job: ShadowJob, reason: 'queue_full' | 'shutdown'): false {
    this.#deps.metrics.shadowDropped.inc({ model: job.model, reason });
    return false;
  }

  #start(job: ShadowJob): void {
    this.#inFlight++;
    // After pending I/O: the primary response is on its way before the mirror is even sent.
    this.#deps.timers.setImmediate(() => {
      this.#call(job)
        .then((outcome) => this.#record(job, outcome.result, outcome.ms))
        .catch((err: unknown) => this.#report(err))
        .finally(() => this.#next());
    });
  }

  async #call(job: ShadowJob): Promise<{ readonly result: Outcome; readonly ms: number }> {
    const { monotonic, metrics } = this.#deps;
    metrics.shadowRequests.inc({ model: job.model, version: job.version, shadow_version: job.shadowVersion });
    const started = monotonic();
    const timeoutMs = Math.min(job.target.timeoutMs, this.#limits.timeoutMs);
    let response: CollectedResponse;
    try {
      response = await collectResponse(job.target, { method: 'POST', path: job.path, headers: job.headers, body: job.body, timeoutMs }, this.#limits.maxBytes);
    } catch (err) {
      return { result: failureOf(err), ms: monotonic() - started };
    }
    const ms = monotonic() - started;
    if (response.status < 200 || response.status >= 300) return { result: { failure: 'status', status: response.status }, ms };
    return { result: { verdict: this.#compare(job, response), status: response.status }, ms };
  }

  #compare(job: ShadowJob, response: CollectedResponse): ShadowVerdict {
    if (job.protocol === 'openai') return compareChat(job.primaryText, chatAnswer(response.body, response.headers['content-type'], this.#limits.maxText));
    if (job.primaryBody === undefined) return { kind: 'unreadable', side: 'primary' };
    return compareClassifier(job.primaryBody, response.body);
  }

  #record(job: ShadowJob, outcome: Outcome, ms: number): void {
    const { metrics, events, clock } = this.#deps;
    const labels = { model: job.model, version: job.version, shadow_version: job.shadowVersion };
    const verdict = 'verdict' in outcome ? outcome.verdict : undefined;
    const failure: ShadowFailureKind | undefined = 'failure' in outcome ? outcome.failure : verdict?.kind === 'unreadable' ? 'unreadable' : undefined;
    const compared = verdict?.kind === 'compared' ? verdict : undefined;
    if (failure !== undefined) metrics.shadowErrors.inc({ ...labels, kind: failure });
    if (compared?.disagree === true) metrics.shadowDisagreements.inc(labels);
    if (!events.hasSubscribers) return;
    const signals: Record<string, number | boolean> = { shadow_ms: ms };
    if (failure !== undefined) signals['shadow_error'] = true;
    if (compared !== undefined) signals['shadow_disagree'] = compared.disagree;
    if (compared?.refusalDisagree !== undefined) signals['shadow_refusal_disagree'] = compared.refusalDisagree;
    events.publish({
      kind: 'shadow',
      requestId: job.requestId,
      endpoint: job.endpoint,
      protocol: job.protocol,
      model: job.model,
      version: job.version,
      shadowVersion: job.shadowVersion,
      routeEpoch: job.routeEpoch,
      ...(job.apiKeyId === undefined ? {} : { apiKeyId: job.apiKeyId }),
      timings: { receivedAt: job.receivedAt, shadowMs: ms },
      comparedAt: clock.now(),
      ...(outcome.status === undefined ? {} : { shadowStatus: outcome.status }),
      ...(failure === undefined ? {} : { failure }),
      ...('errorCode' in outcome && outcome.errorCode !== undefined ? { errorCode: outcome.errorCode } : {}),
      signals,
      ...(compared === undefined ? {} : { primary: compared.primary, shadow: compared.shadow }),
    });
  }

  #next(): void {
    this.#inFlight--;
    const job = this.#waiting.shift();
    if (job !== undefined) {
      this.#waitingBytes -= jobBytes(job);
      this.#start(job);
      return;
    }
    if (this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  #report(err: unknown): void {
    try {
      this.#deps.onError(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // a failing error handler must not break the mirror
    }
  }
}
