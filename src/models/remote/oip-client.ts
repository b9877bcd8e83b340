/**
 * @module models/remote/oip-client
 * The HTTP half of the remote model: one undici keep-alive pool per model address, JSON
 * GET and POST with an optional API key (`Authorization: Bearer`, what the bulwark gateway,
 * KServe behind an auth proxy and most gateways take), timeouts on connecting, on the
 * response headers and on each body chunk, and every failure turned into a typed
 * MDL_ERR_REMOTE_* error that names the method, the URL and, for HTTP errors, the status
 * and the server's error text.
 */
import { Pool } from 'undici';
import { REMOTE_MODEL_DEFAULTS } from './defaults.js';
import { remoteModelErrors } from './errors.js';

/** Connection settings of an {@link OipClient}. */
export interface OipClientOptions {
  /** Sent as `Authorization: Bearer <key>`. */
  readonly apiKey?: string;
  /** Extra request headers (e.g. a Host header for an ingress). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Response headers and each body chunk must arrive within this, ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Connecting must take less than this, ms (default 5 000). */
  readonly connectTimeoutMs?: number;
  /** Keep-alive connections (default 4). */
  readonly connections?: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** The server's own error text: `{"error": "…"}` (OIP), `{"detail": …}` (KServe/FastAPI), else the body. */
function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null) {
      const o = body as Record<string, unknown>;
      for (const key of ['error', 'detail', 'message']) {
        const v = o[key];
        if (typeof v === 'string') return v;
        if (v !== undefined) return JSON.stringify(v);
      }
    }
  } catch {
    // not JSON: the text itself
  }
  const trimmed = text.trim();
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
}

/**
 * @example
 * const client = new OipClient('http://127.0.0.1:8080', { apiKey: process.env.BULWARK_API_KEY });
 * const metadata = await client.getJson('/v2/models/fraud');
 * await client.close();
 */
export class OipClient {
  readonly origin: string;
  readonly #pool: Pool;
  readonly #headers: Record<string, string>;

  constructor(origin: string, options: OipClientOptions = {}) {
    this.origin = origin;
    const timeout = options.timeoutMs ?? REMOTE_MODEL_DEFAULTS.timeoutMs;
    this.#pool = new Pool(origin, {
      connections: options.connections ?? REMOTE_MODEL_DEFAULTS.connections,
      connect: { timeout: options.connectTimeoutMs ?? REMOTE_MODEL_DEFAULTS.connectTimeoutMs },
      headersTimeout: timeout,
      bodyTimeout: timeout,
      keepAliveTimeout: REMOTE_MODEL_DEFAULTS.keepAliveMs,
    });
    this.#headers = { accept: 'application/json', ...options.headers, ...(options.apiKey === undefined || options.apiKey === '' ? {} : { authorization: `Bearer ${options.apiKey}` }) };
  }

  /** GET `path`, parsed JSON. */
  getJson(path: string): Promise<unknown> {
    return this.#request('GET', path, undefined);
  }

  /** POST `body` (already JSON text) to `path`, parsed JSON. */
  postJson(path: string, body: string): Promise<unknown> {
    return this.#request('POST', path, body);
  }

  /** Closes the pool (in-flight requests finish). Idempotent. */
  async close(): Promise<void> {
    if (this.#pool.closed || this.#pool.destroyed) return;
    await this.#pool.close();
  }

  async #request(method: 'GET' | 'POST', path: string, body: string | undefined): Promise<unknown> {
    const url = `${this.origin}${path}`;
    let statusCode: number;
    let text: string;
    try {
      const res = await this.#pool.request({ method, path, headers: body === undefined ? this.#headers : { ...this.#headers, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body }) });
      statusCode = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw transportError(method, url, err);
    }
    if (statusCode < 200 || statusCode >= 300) {
      const why = serverMessage(text);
      throw remoteModelErrors.error('MDL_ERR_REMOTE_STATUS', `${method} ${url}: HTTP ${statusCode}${why === '' ? '' : ` ${why}`}`, { url, method, status: statusCode, error: why });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw remoteModelErrors.error('MDL_ERR_REMOTE_RESPONSE', `${method} ${url}: the answer is not JSON (${JSON.stringify(text.slice(0, 80))})`, { url, method });
    }
  }
}

function transportError(method: string, url: string, err: unknown): Error {
  const code = (err as { code?: string }).code ?? '';
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (TIMEOUT_CODES.has(code)) {
    const phase = code === 'UND_ERR_CONNECT_TIMEOUT' ? 'connecting' : code === 'UND_ERR_HEADERS_TIMEOUT' ? 'waiting for the answer' : 'reading the answer';
    return remoteModelErrors.error('MDL_ERR_REMOTE_TIMEOUT', `${method} ${url}: timed out ${phase}`, { url, method, phase: code }, err);
  }
  return remoteModelErrors.error('MDL_ERR_REMOTE_UNREACHABLE', `${method} ${url}: ${detail !== '' ? `${detail} ` : ''}${message}`.trim(), { url, method, errno: detail === '' ? null : detail }, err);
}
