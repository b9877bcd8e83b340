/**
 * @module gateway/metrics
 * The gateway's Prometheus metrics, on a registry of its own (two gateways in one process
 * never share series). Names start with `bulwark_gateway_`. Gauges that mirror state (ledger
 * lag, route epochs, in-flight requests, readiness) are read at scrape time, not updated per
 * request. Labels stay bounded: `model` is a declared model or '' and `version` a declared
 * version or ''.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { CellCounter, CellHistogram } from './request-series.js';

/** Latency buckets, seconds: sub-millisecond resolution for the proxy overhead, up to LLM-sized answers. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** State the scrape-time gauges read. */
export interface MetricsSources {
  ledgerLag(): number;
  routeEpochs(): readonly { readonly model: string; readonly epoch: number }[];
  inFlight(): number;
  ready(): boolean;
  /** Mirrored requests waiting for a shadow call. */
  shadowQueued?(): number;
}

/**
 * @example
 * const metrics = new GatewayMetrics(sources);
 * await metrics.registry.metrics(); // Prometheus text
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** Per-request series: cells found once per request, no label hashing (request-series.ts). */
  readonly requests: CellCounter;
  readonly duration: CellHistogram;
  readonly upstreamDuration: CellHistogram;
  readonly upstreamErrors: Counter<'model' | 'version' | 'kind'>;
  readonly rateLimited: Counter<'api_key' | 'reason'>;
  readonly ledgerDropped: Counter;
  readonly eventsDropped: Counter<'subscriber'>;
  readonly configReloads: Counter<'result'>;
  readonly shadowRequests: Counter<'model' | 'version' | 'shadow_version'>;
  readonly shadowDisagreements: Counter<'model' | 'version' | 'shadow_version'>;
  readonly shadowErrors: Counter<'model' | 'version' | 'shadow_version' | 'kind'>;
  readonly shadowDropped: Counter<'model' | 'reason'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.requests = new CellCounter('bulwark_gateway_requests_total', 'Requests answered, by model, version, endpoint and HTTP status.', ['model', 'version', 'endpoint', 'status'], this.registry);
    this.duration = new CellHistogram('bulwark_gateway_request_duration_seconds', 'Time from request arrival to the last byte sent.', ['model', 'version', 'endpoint'], LATENCY_BUCKETS_SECONDS, this.registry);
    this.upstreamDuration = new CellHistogram('bulwark_gateway_upstream_duration_seconds', 'Time from upstream dispatch to the end of its response.', ['model', 'version'], LATENCY_BUCKETS_SECONDS, this.registry);
    this.upstreamErrors = new Counter({ name: 'bulwark_gateway_upstream_errors_total', help: 'Upstream failures by kind: timeout, connect, reset, protocol.', labelNames: ['model', 'version', 'kind'], registers });
    this.rateLimited = new Counter({ name: 'bulwark_gateway_rate_limited_total', help: 'Requests refused with 429, by API key and reason (rate or quota).', labelNames: ['api_key', 'reason'], registers });
    this.ledgerDropped = new Counter({ name: 'bulwark_gateway_ledger_dropped_rows_total', help: 'Decision-ledger rows dropped because the queue was full.', registers });
    this.eventsDropped = new Counter({ name: 'bulwark_gateway_events_dropped_total', help: 'Request events a slow subscriber could not take (its queue was full).', labelNames: ['subscriber'], registers });
    this.configReloads = new Counter({ name: 'bulwark_gateway_config_reloads_total', help: 'Config reloads, applied or rejected.', labelNames: ['result'], registers });
    const shadowLabels = ['model', 'version', 'shadow_version'] as const;
    this.shadowRequests = new Counter({ name: 'bulwark_gateway_shadow_requests_total', help: 'Requests mirrored to a shadow version (calls made), by model, serving version and shadow version.', labelNames: shadowLabels, registers });
    this.shadowDisagreements = new Counter({ name: 'bulwark_gateway_shadow_disagreements_total', help: 'Shadow comparisons where the shadow version disagreed with the serving version.', labelNames: shadowLabels, registers });
    this.shadowErrors = new Counter({ name: 'bulwark_gateway_shadow_errors_total', help: 'Shadow comparisons that could not be made, by kind: timeout, connect, reset, protocol, status, unreadable.', labelNames: [...shadowLabels, 'kind'], registers });
    this.shadowDropped = new Counter({ name: 'bulwark_gateway_shadow_dropped_total', help: 'Mirrored requests dropped before a shadow call, by reason: queue_full, shutdown.', labelNames: ['model', 'reason'], registers });
    this.#gauges(sources, registers);
  }

  #gauges(sources: MetricsSources, registers: Registry[]): void {
    new Gauge({ name: 'bulwark_gateway_ledger_lag_rows', help: 'Decision-ledger rows accepted but not yet written.', registers, collect() { this.set(sources.ledgerLag()); } });
    new Gauge({ name: 'bulwark_gateway_in_flight_requests', help: 'Requests being handled.', registers, collect() { this.set(sources.inFlight()); } });
    new Gauge({ name: 'bulwark_gateway_ready', help: '1 when the data plane is ready (routes loaded, pools open, not draining).', registers, collect() { this.set(sources.ready() ? 1 : 0); } });
    new Gauge({ name: 'bulwark_gateway_shadow_queued', help: 'Mirrored requests waiting for a shadow call.', registers, collect() { this.set(sources.shadowQueued?.() ?? 0); } });
    new Gauge({
      name: 'bulwark_gateway_route_epoch',
      help: 'Epoch of the route table in force, by model (increases at every switch).',
      labelNames: ['model'],
      registers,
      collect() {
        this.reset();
        for (const { model, epoch } of sources.routeEpochs()) this.set({ model }, epoch);
      },
    });
  }

  /** The Prometheus text exposition and its content type. */
  async scrape(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
