/**
 * @module gateway/inspection
 * The extension point of the inspectors issue: per-request inspectors registered under
 * stable ids and switched on per model by `models.<m>.inspectors`. An inspector is synchronous
 * and O(1)-ish per request: it reads the exchange (body, parsed JSON, features; after the
 * response, `exchange.response`) and writes numbers or flags into `signals`, which travel
 * in the RequestEvent to the detection engine.
 */
import type { Protocol, Signals } from './events/request-event.js';
import type { Exchange } from './exchange.js';

/** Per-model settings of one inspector (structurally `InspectorConfig`). */
export interface InspectorSettings {
  readonly id: string;
  readonly threshold?: number | undefined;
  readonly sensitivity?: number | undefined;
}

/**
 * One inspector bound to one model. Both hooks are optional; a hook that throws sets
 * `signals['<id>_error'] = true` ("could not measure", not "measured bad").
 *
 * @example
 * const size: RequestInspector = { id: 'size', inspectRequest: (ex, signals) => { signals['size_kb'] = ex.body.length / 1024; } };
 */
export interface RequestInspector {
  readonly id: string;
  /** Set when `inspectResponse` needs `exchange.response.body` (chat text is always assembled). */
  readonly needsResponseBody?: boolean;
  /** After the body is parsed and the version chosen, before the upstream call. */
  inspectRequest?(exchange: Exchange, signals: Signals): void;
  /** After the response was sent (it cannot change it); `exchange.response` is set. */
  inspectResponse?(exchange: Exchange, signals: Signals): void;
}

/**
 * A registered inspector: the gateway creates one instance per model that lists `id`.
 *
 * @example
 * const definition: InspectorDefinition = { id: 'size', create: () => size };
 * new Gateway({ ..., inspectors: [definition] });
 */
export interface InspectorDefinition {
  readonly id: string;
  create(settings: InspectorSettings, model: { readonly name: string; readonly protocol: Protocol }): RequestInspector;
}
