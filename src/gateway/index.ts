/**
 * @module gateway
 * Public surface of the gateway context: the data plane (Gateway), its ports (RouteSwitch,
 * LedgerStore, UpstreamPool), the extension points (interceptors, inspectors, response
 * transforms), routing, limits, shadow mirroring, output hardening and the event types. Other contexts import from here only.
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
export { argmax, isFloatOutput, parseOipResponse, predictedLabels, rowLabels, scoreRows } from './protocols/oip-outputs.js';
export type { Label, OipOutputJson, ScoreRows } from './protocols/oip-outputs.js';
export type { OutputSummary, ShadowEvent, ShadowFailureKind } from './events/shadow-event.js';
export { ShadowMirror } from './shadow/shadow-mirror.js';
export type { ShadowJob, ShadowMirrorDeps } from './shadow/shadow-mirror.js';
export { SHADOW_HEADER, shadowInterceptor } from './shadow/interceptor.js';
export type { ShadowInterceptorDeps } from './shadow/interceptor.js';
export { chatAnswer, compareChat, compareClassifier, normaliseAnswer } from './shadow/compare.js';
export type { ShadowVerdict } from './shadow/compare.js';
export { isActive, strictest, validateHardening } from './hardening/settings.js';
export type { OutputHardening } from './hardening/settings.js';
export { HardeningOverrides } from './hardening/overrides.js';
export type { HardeningEntry } from './hardening/overrides.js';
export { hardenOipBody } from './hardening/harden-body.js';
export { effectiveHardening, hardenInterceptor } from './hardening/interceptor.js';
export { GaussianStream, fnv1a, seedFor } from './hardening/noise.js';
export { isSafeRequestId, RequestIds } from './request-id.js';
export { readBody } from './server/read-node-body.js';
export { clientErrorHandler } from './server/client-error.js';
export { closeServer, listen, parseHostPort } from './server/listen.js';
