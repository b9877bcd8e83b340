/**
 * @module dashboard/api/client
 * The control-plane API as the dashboard calls it: typed by the generated OpenAPI types
 * (operation id → method, path, parameters, body and answer), `Authorization: Bearer`
 * on every call, JSON errors turned into {@link ApiError} with the API's stable code.
 */
import { OPERATIONS } from './openapi-types';
import type { ApiError as ApiErrorBody, BodyOf, OperationId, ParamsOf, ResponseOf } from './openapi-types';

/** A refused or failed call: the HTTP status and the API's code and message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: readonly { readonly path: string; readonly message: string }[];

  constructor(status: number, code: string, message: string, problems: ApiError['problems'] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
  }
}

/** What a call takes besides its operation id. */
export interface CallInput<Op extends OperationId> {
  readonly params?: ParamsOf[Op];
  readonly body?: BodyOf[Op];
  readonly signal?: AbortSignal;
}

type Scalar = string | number | boolean | undefined;

/**
 * `/api/v1/models/{model}` with `{ model: 'fraud', limit: 5 }` → `/api/v1/models/fraud?limit=5`.
 *
 * @example
 * fillPath('/api/v1/forensics/{id}', { id: 'inc-1', limit: 50 }); // '/api/v1/forensics/inc-1?limit=50'
 */
export function fillPath(template: string, params: Readonly<Record<string, Scalar>>): string {
  const rest = new URLSearchParams();
  const used = new Set<string>();
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    used.add(name);
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  for (const [name, value] of Object.entries(params)) if (!used.has(name) && value !== undefined) rest.set(name, String(value));
  const query = rest.toString();
  return query === '' ? path : `${path}?${query}`;
}

/**
 * @example
 * const api = new ApiClient(token);
 * const { models } = await api.call('listModels');
 * await api.call('unfreezeBreaker', { params: { model: 'fraud' }, body: { reason: 'attack contained' } });
 */
export class ApiClient {
  readonly token: string;
  readonly #base: string;

  constructor(token: string, base = '') {
    this.token = token;
    this.#base = base;
  }

  /** Calls one operation; rejects with ApiError unless the answer is 2xx. */
  call<Op extends OperationId>(op: Op, input: CallInput<Op> = {}): Promise<ResponseOf[Op]> {
    const { method, path } = OPERATIONS[op];
    const url = fillPath(path, (input.params ?? {}) as Readonly<Record<string, Scalar>>);
    return this.request(method, url, input.body, input.signal) as Promise<ResponseOf[Op]>;
  }

  /** One JSON request to `path` (already filled), with the token. */
  async request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.#base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(signal === undefined ? {} : { signal }), cache: 'no-store' });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'NETWORK', `the control plane did not answer (${(err as Error).message})`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (res.ok) return json;
    const error = (json as ApiErrorBody | undefined)?.error;
    throw new ApiError(res.status, error?.code ?? `HTTP_${res.status}`, error?.message ?? `${method} ${path}: HTTP ${res.status}`, error?.problems ?? []);
  }

  /** The event stream's URL: EventSource cannot send headers, so the token goes in `access_token`. */
  eventsUrl(filters: { readonly types?: readonly string[]; readonly model?: string } = {}): string {
    return `${this.#base}${fillPath(OPERATIONS.streamEvents.path, { access_token: this.token, types: filters.types?.join(','), model: filters.model })}`;
  }
}
