/**
 * @module gateway/server/data-server
 * The data plane's node:http server: no Nagle delay, Node's connection checks, the header,
 * request, keep-alive and socket-idle timeouts derived from the config (re-applied on
 * reload), malformed requests answered by the client-error handler, and `Expect:
 * 100-continue` routed to the request handler (so auth and limits run before the body is
 * invited).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { GATEWAY_DEFAULTS } from '../defaults.js';
import type { GatewayConfig } from '../gateway-state.js';
import { clientErrorHandler } from './client-error.js';

/**
 * @example
 * const server = createDataServer(plane.handle, config);
 */
export function createDataServer(handle: (req: IncomingMessage, res: ServerResponse) => void, config: GatewayConfig): Server {
  const server = createServer({ noDelay: true, connectionsCheckingInterval: GATEWAY_DEFAULTS.connectionsCheckIntervalMs }, handle);
  tuneDataServer(server, config);
  server.on('clientError', clientErrorHandler);
  // Without this listener Node answers `Expect: 100-continue` itself, before auth and limits ran.
  server.on('checkContinue', handle);
  return server;
}

/**
 * Applies the config's timeouts to the server (at start and on every reload).
 *
 * @example
 * tuneDataServer(server, nextConfig);
 */
export function tuneDataServer(server: Server, config: GatewayConfig): void {
  const { headersTimeoutMs, bodyTimeoutMs } = config.server;
  server.headersTimeout = headersTimeoutMs;
  // Backstop only: the body interceptor answers a slow body with a JSON 408 first.
  server.requestTimeout = headersTimeoutMs + bodyTimeoutMs + 1_000;
  server.keepAliveTimeout = GATEWAY_DEFAULTS.clientKeepAliveMs;
  // A socket silent for longer than any legitimate pause (a slow client, the slowest upstream) is cut.
  const slowestUpstreamMs = Math.max(0, ...Object.values(config.models).flatMap((m) => Object.values(m.versions).map((v) => v.timeoutMs)));
  server.timeout = Math.max(headersTimeoutMs + bodyTimeoutMs, slowestUpstreamMs) + GATEWAY_DEFAULTS.socketIdleGraceMs;
}
