/**
 * @module gateway
 * Public surface of the gateway context: the data plane (Gateway), its ports (RouteSwitch,
 * LedgerStore, UpstreamPool), the extension points (interceptors, inspectors, response
 * transforms), routing, limits and the event types. Other contexts import from here only.
 */
export { Gateway } from './gateway.js';
export type { GatewayAddresses, GatewayOptions } from './gateway.js';
export { gatewayErrors } from './errors.js';
export type { GatewayErrorCode } from './errors.js';
export { GATEWAY_HTTP_STATUS, statusForCode } from './http-status.js';
export { GATEWAY_DEFAULTS } from './defaults.js';
export type {
  ErrorHandler,
  LedgerEntry,
  LedgerQuery,
  LedgerRow,
  LedgerStore,
  MonotonicClock,
  RouteAuditSink,
  RouteChange,
  RouteSpec,
  RouteSwitch,
  RouteTable,
  SwitchMeta,
  Timers,
  UpstreamFailure,
  UpstreamFailureKind,
  UpstreamFlow,
  UpstreamHeaders,
  UpstreamPool,
  UpstreamPoolFactory,
  UpstreamPoolOptions,
  UpstreamRequest,
  UpstreamSink,
} from './ports.js';
export { Exchange } from './exchange.js';
export type { CapturedResponse, ResponseTransform } from './exchange.js';
export { composeInterceptors, selectInterceptors, validateChain } from './interceptors/compose.js';
export type { Handler, Interceptor } from './interceptors/compose.js';
export { BUILTIN_INTERCEPTORS } from './chain.js';
export type { InspectorDefinition, InspectorSettings, RequestInspector } from './inspection.js';
export type { GatewayConfig, GatewayState, ModelEntry, StickySetting, UpstreamTarget } from './gateway-state.js';
export { EventBus } from './events/event-bus.js';
export type { EventListener, SubscribeOptions, SubscriberStats } from './events/event-bus.js';
export type { Endpoint, Protocol, RequestEvent, RequestTimings, Signals } from './events/request-event.js';
export { InProcessRouteSwitch } from './routing/route-switch.js';
export type { RouteSlot, RouteSwitchDeps } from './routing/route-switch.js';
export { chooseVersion, compileWeights, pickVersion, randomBucket, stickyBucket } from './routing/choose-version.js';
export type { CompiledWeights } from './routing/choose-version.js';
export { freezeTable, routeSpecFromConfig, sameRouteSpec, validateRouteSpec } from './routing/route-table.js';
export { planReconcile } from './routing/reconcile.js';
export type { ReconcileStep, RouteModelDecl } from './routing/reconcile.js';
export { createBucket, msUntilUtcMidnight, refill, retryAfterSeconds, takeQuota, takeToken, utcDay } from './limits/token-bucket.js';
export type { QuotaState, RateLimit, TokenBucketState } from './limits/token-bucket.js';
export { KeyLimiter } from './limits/key-limiter.js';
export type { KeyLimits, LimitRejection } from './limits/key-limiter.js';
export { KeyIndex, presentedKey } from './auth/key-index.js';
export type { ApiKey } from './auth/key-index.js';
export { LedgerWriter } from './ledger/ledger-writer.js';
export type { FlushResult, LedgerWriterOptions } from './ledger/ledger-writer.js';
export { GatewayMetrics, LATENCY_BUCKETS_SECONDS } from './metrics.js';
export { collectResponse } from './upstream/collect.js';
export type { CollectedResponse } from './upstream/collect.js';
export { ChatStreamAssembler, chatTextFromBody } from './protocols/chat-output.js';
export { locateJsonError } from './protocols/json-error.js';
export type { JsonErrorLocation } from './protocols/json-error.js';
export { firstRowFeatures } from './protocols/oip-features.js';
export { isSafeRequestId, RequestIds } from './request-id.js';
