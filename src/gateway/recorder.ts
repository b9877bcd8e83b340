/**
 * @module gateway/recorder
 * What happens after each request, off the response path: metrics, one decision-ledger row
 * (inference requests that reached a version), and one RequestEvent (inference requests,
 * refused ones included) with the signals this issue supplies: latency, status, sizes.
 */
import { hash } from 'node:crypto';
import type { EventBus } from './events/event-bus.js';
import type { RequestEvent, Signals } from './events/request-event.js';
import type { Exchange } from './exchange.js';
import type { LedgerWriter } from './ledger/ledger-writer.js';
import type { GatewayMetrics } from './metrics.js';
import type { MonotonicClock } from './ports.js';

/** Dependencies of a Recorder. */
export interface RecorderDeps {
  readonly metrics: GatewayMetrics;
  readonly ledger: Pick<LedgerWriter, 'append'>;
  readonly events: Pick<EventBus<RequestEvent>, 'publish' | 'hasSubscribers'>;
  readonly monotonic: MonotonicClock;
}

/**
 * @example
 * const recorder = new Recorder({ metrics, ledger, events, monotonic });
 * recorder.record(exchange); // after the response ended
 */
export class Recorder {
  readonly #deps: RecorderDeps;

  constructor(deps: RecorderDeps) {
    this.#deps = deps;
  }

  record(ex: Exchange): void {
    const totalMs = this.#deps.monotonic() - ex.startMono;
    const upstreamMs = ex.upstreamEnd >= 0 && ex.upstreamStart >= 0 ? ex.upstreamEnd - ex.upstreamStart : undefined;
    this.#metrics(ex, totalMs, upstreamMs);
    if (ex.endpoint !== 'oip-infer' && ex.endpoint !== 'chat') return;
    if (ex.model !== undefined && ex.version !== undefined) this.#ledger(ex, ex.model.name, ex.version);
    if (this.#deps.events.hasSubscribers) this.#deps.events.publish(this.#event(ex, totalMs, upstreamMs));
  }

  #metrics(ex: Exchange, totalMs: number, upstreamMs: number | undefined): void {
    const { metrics } = this.#deps;
    // Refused before the model stage: label with the path's model only if it is declared (bounded labels).
    const model = ex.model?.name ?? (ex.pathModel !== undefined && ex.state.models.has(ex.pathModel) ? ex.pathModel : '');
    const version = ex.version ?? '';
    metrics.requests.at(model, version, ex.endpoint, String(ex.status)).value++;
    metrics.duration.at(model, version, ex.endpoint).observe(totalMs / 1000);
    if (upstreamMs !== undefined && ex.upstreamFailure === undefined) metrics.upstreamDuration.at(model, version).observe(upstreamMs / 1000);
    if (ex.upstreamFailure !== undefined && ex.upstreamFailure !== 'aborted') metrics.upstreamErrors.inc({ model, version, kind: ex.upstreamFailure });
    if (ex.errorCode === 'GW_ERR_RATE_LIMITED' || ex.errorCode === 'GW_ERR_QUOTA_EXCEEDED') {
      metrics.rateLimited.inc({ api_key: ex.apiKey?.id ?? '', reason: ex.errorCode === 'GW_ERR_RATE_LIMITED' ? 'rate' : 'quota' });
    }
  }

  #ledger(ex: Exchange, model: string, version: string): void {
    const { id: requestId, receivedAt: at, apiKey, status } = ex;
    const inputDigest = hash('sha256', ex.body, 'hex');
    const outputDigest = ex.outputDigest ?? EMPTY_DIGEST;
    // Two literals rather than a conditional spread (a temporary object per request); same fields, same order.
    this.#deps.ledger.append(
      apiKey === undefined
        ? { requestId, at, model, version, inputDigest, outputDigest, status }
        : { requestId, at, model, version, apiKeyId: apiKey.id, inputDigest, outputDigest, status },
    );
  }

  #event(ex: Exchange, totalMs: number, upstreamMs: number | undefined): RequestEvent {
    const signals: Signals = ex.signals;
    signals['latency_ms'] = totalMs;
    signals['status'] = ex.status;
    signals['request_bytes'] = ex.body.length;
    signals['response_bytes'] = ex.responseBytes;
    signals['error'] = ex.status >= 500;
    signals['rejected'] = ex.status >= 400 && ex.status < 500;
    if (upstreamMs !== undefined) signals['upstream_ms'] = upstreamMs;
    const text = ex.response?.text;
    if (text !== undefined) signals['completion_chars'] = text.length;
    return {
      requestId: ex.id,
      endpoint: ex.endpoint,
      protocol: ex.protocol,
      ...(ex.model === undefined ? {} : { model: ex.model.name }),
      ...(ex.version === undefined ? {} : { version: ex.version }),
      ...(ex.route === undefined ? {} : { routeEpoch: ex.route.epoch }),
      ...(ex.apiKey === undefined ? {} : { apiKeyId: ex.apiKey.id }),
      status: ex.status,
      ...(ex.errorCode === undefined ? {} : { errorCode: ex.errorCode }),
      timings: { receivedAt: ex.receivedAt, ...(upstreamMs === undefined ? {} : { upstreamMs }), totalMs },
      requestBytes: ex.body.length,
      responseBytes: ex.responseBytes,
      signals,
      ...(ex.features === undefined ? {} : { features: ex.features }),
    };
  }
}

/** sha256 of zero bytes (a response without a body). */
const EMPTY_DIGEST = hash('sha256', '', 'hex');
