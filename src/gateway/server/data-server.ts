/**
 * @module gateway/server/data-server
 * The data plane's server: the gateway's own HTTP/1.1 server (./http1) with the header,
 * request, keep-alive and socket-idle timeouts and the body buffer limit derived from the
 * config (re-applied on reload). `Expect: 100-continue` reaches the request handler like
 * any request (auth and limits run before the body interceptor invites the body).
 */
import { GATEWAY_DEFAULTS } from '../defaults.js';
import type { GatewayConfig } from '../gateway-state.js';
import type { Http1Limits } from './http1/connection.js';
import { Http1Server } from './http1/server.js';
import type { EdgeHandler } from './http1/server.js';

/**
 * @example
 * const server = createDataServer(plane.handle, config, () => ids.next());
 */
export function createDataServer(handle: EdgeHandler, config: GatewayConfig, requestId: () => string): Http1Server {
  return new Http1Server(handle, dataServerLimits(config), GATEWAY_DEFAULTS.connectionsCheckIntervalMs, requestId);
}

/**
 * Applies the config's limits to the server (at start and on every reload).
 *
 * @example
 * tuneDataServer(server, nextConfig);
 */
export function tuneDataServer(server: Http1Server, config: GatewayConfig): void {
  server.setLimits(dataServerLimits(config));
}

/**
 * The connection limits a config implies.
 *
 * @example
 * dataServerLimits(config).requestTimeoutMs; // headersTimeoutMs + bodyTimeoutMs + 1 s
 */
export function dataServerLimits(config: GatewayConfig): Http1Limits {
  const { headersTimeoutMs, bodyTimeoutMs, maxBodyBytes } = config.server;
  // A socket silent for longer than any legitimate pause (a slow client, the slowest upstream) is cut.
  const slowestUpstreamMs = Math.max(0, ...Object.values(config.models).flatMap((m) => Object.values(m.versions).map((v) => v.timeoutMs)));
  return {
    maxHeadBytes: GATEWAY_DEFAULTS.maxRequestHeadBytes,
    maxBodyBytes,
    headersTimeoutMs,
    // Backstop only: the body interceptor answers a slow body with a JSON 408 first.
    requestTimeoutMs: headersTimeoutMs + bodyTimeoutMs + 1_000,
    keepAliveTimeoutMs: GATEWAY_DEFAULTS.clientKeepAliveMs,
    idleTimeoutMs: Math.max(headersTimeoutMs + bodyTimeoutMs, slowestUpstreamMs) + GATEWAY_DEFAULTS.socketIdleGraceMs,
    lingerMs: GATEWAY_DEFAULTS.clientLingerMs,
  };
}
