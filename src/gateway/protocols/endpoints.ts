/**
 * @module gateway/protocols/endpoints
 * Which data-plane endpoint a request line addresses, by string slicing (no URL object on
 * the hot path): OIP v2 infer, ready and metadata under `/v2/models/{name}`, and the
 * OpenAI-compatible `/v1/chat/completions`. Versioned OIP paths (`/versions/{v}/…`) are not
 * served: the gateway, not the client, picks the version.
 */
import type { Endpoint, Protocol } from '../events/request-event.js';

/** A matched endpoint. */
export interface EndpointMatch {
  readonly endpoint: Exclude<Endpoint, 'other'>;
  readonly protocol: Protocol;
  /** The model in the path (OIP only). */
  readonly model: string | undefined;
  /** The method the endpoint takes. */
  readonly method: 'GET' | 'POST';
}

const MODELS_PREFIX = '/v2/models/';
const CHAT = '/v1/chat/completions';

/**
 * Matches the path of `url` (query ignored). Undefined when no endpoint has this path; the
 * caller compares `method` itself (405 vs 404).
 *
 * @example
 * matchEndpoint('/v2/models/fraud/infer?x=1'); // { endpoint: 'oip-infer', protocol: 'oip-v2', model: 'fraud', method: 'POST' }
 */
export function matchEndpoint(url: string): EndpointMatch | undefined {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path === CHAT || path === `${CHAT}/`) return { endpoint: 'chat', protocol: 'openai', model: undefined, method: 'POST' };
  if (!path.startsWith(MODELS_PREFIX)) return undefined;
  const rest = path.slice(MODELS_PREFIX.length);
  const slash = rest.indexOf('/');
  const rawName = slash === -1 ? rest : rest.slice(0, slash);
  const model = decodeName(rawName);
  if (model === undefined) return undefined;
  const tail = slash === -1 ? '' : rest.slice(slash);
  switch (tail) {
    case '/infer':
      return { endpoint: 'oip-infer', protocol: 'oip-v2', model, method: 'POST' };
    case '/ready':
      return { endpoint: 'oip-ready', protocol: 'oip-v2', model, method: 'GET' };
    case '':
    case '/':
      return { endpoint: 'oip-metadata', protocol: 'oip-v2', model, method: 'GET' };
    default:
      return undefined;
  }
}

function decodeName(raw: string): string | undefined {
  if (raw.length === 0) return undefined;
  if (raw.indexOf('%') === -1) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * The query part of `url` including its `?`, or ''.
 *
 * @example
 * queryOf('/v2/models/a/infer?x=1'); // '?x=1'
 */
export function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q);
}
