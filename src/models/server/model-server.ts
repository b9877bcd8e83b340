/**
 * @module models/server/model-server
 * Starts and stops an Open Inference Protocol v2 REST server for one model on `node:http`
 * (no framework). `close()` is idempotent and drains: it stops accepting connections,
 * closes idle keep-alive ones, lets in-flight requests finish (their answers carry
 * `Connection: close`), and cuts whatever is left after `drainTimeoutMs`.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../shared/clock.js';
import type { Clock } from '../../shared/clock.js';
import type { Model } from '../model.js';
import { SERVER_DEFAULTS } from './defaults.js';
import { serverErrors } from './errors.js';
import { OipHandler } from './oip-handler.js';
import type { ServerLogger } from './oip-handler.js';

/** Options of {@link startModelServer}. */
export interface ModelServerOptions {
  /** The loaded model; the caller keeps ownership (dispose it after `close()`). */
  readonly model: Model;
  /** Model name in paths and answers (`/v2/models/{name}`). */
  readonly name: string;
  /** The version served (`/v2/models/{name}/versions/{version}`, `model_version`). */
  readonly version: string;
  /** Interface to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** TCP port (default 8080); 0 picks a free one, see {@link ModelServer.port}. */
  readonly port?: number;
  /** Largest request body in bytes (default 8 MiB); larger ones get 413. */
  readonly maxBodyBytes?: number;
  /** `platform` in the model metadata, e.g. `onnxruntime_onnx` (default `bulwark`). */
  readonly platform?: string;
  /** `version` in the server metadata (`GET /v2`; default `unknown`). */
  readonly serverVersion?: string;
  /** How long `close()` waits for in-flight requests, in ms (default 10 000). */
  readonly drainTimeoutMs?: number;
  /** Time source for request durations in logs (default the system clock). */
  readonly clock?: Clock;
  /** Receives model failures and other 5xx causes (default: discarded). */
  readonly logger?: ServerLogger;
}

/** A running model server. */
export interface ModelServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (IPv6 hosts in brackets). */
  readonly url: string;
  /** The port actually bound (the real one when 0 was asked). */
  readonly port: number;
  /** Stops the server after in-flight requests finish. Idempotent: every call returns the same promise. */
  close(): Promise<void>;
}

const silent: ServerLogger = { error: () => undefined };

function validate(options: ModelServerOptions): void {
  const bad = (option: string, why: string): never => {
    throw serverErrors.error('MDL_ERR_SERVER_INVALID_OPTION', `${option} ${why}`, { option });
  };
  if (options.name.trim() === '') bad('name', 'must not be empty');
  if (options.version.trim() === '') bad('version', 'must not be empty');
  const port = options.port ?? SERVER_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) bad('port', `must be an integer 0–65535, got ${port}`);
  const limit = options.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes;
  if (!Number.isSafeInteger(limit) || limit < 1) bad('maxBodyBytes', `must be a positive integer, got ${limit}`);
  if (options.model.signature.inputs.length === 0 || options.model.signature.outputs.length === 0) bad('model', 'has no input or no output in its signature');
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(serverErrors.error('MDL_ERR_SERVER_LISTEN_FAILED', `cannot listen on ${host}:${port}: ${err.code ?? err.message}`, { host, port, errno: err.code ?? null }, err));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function shutdown(server: Server, handler: OipHandler, drainTimeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    const timer = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
    timer.unref();
    server.once('close', () => clearTimeout(timer));
    // Idle keep-alive sockets go now; busy ones once their answer (with Connection: close) is out.
    handler.drain(() => server.closeIdleConnections());
  });
}

/**
 * Serves `model` over the Open Inference Protocol v2 REST API until `close()`.
 *
 * @example
 * const model = await loadModel('fraud.onnx');
 * const server = await startModelServer({ model, name: 'fraud', version: 'v1', port: 0 });
 * console.log(`serving at ${server.url}`); // POST ${server.url}/v2/models/fraud/infer
 * await server.close();
 * model.dispose();
 */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  validate(options);
  const host = options.host ?? SERVER_DEFAULTS.host;
  const handler = new OipHandler({
    model: options.model,
    name: options.name,
    version: options.version,
    platform: options.platform ?? SERVER_DEFAULTS.platform,
    serverName: SERVER_DEFAULTS.serverName,
    serverVersion: options.serverVersion ?? 'unknown',
    maxBodyBytes: options.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silent,
  });
  const server = createServer(handler.listener);
  const address = await listen(server, options.port ?? SERVER_DEFAULTS.port, host);
  const drainTimeoutMs = options.drainTimeoutMs ?? SERVER_DEFAULTS.drainTimeoutMs;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    close: () => (closing ??= shutdown(server, handler, drainTimeoutMs)),
  };
}
