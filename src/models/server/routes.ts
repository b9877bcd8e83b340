/**
 * @module models/server/routes
 * The Open Inference Protocol v2 REST paths, matched without a framework: `/v2`,
 * `/v2/health/{live,ready}`, `/v2/models/{name}[/versions/{v}]` and its `/ready` and
 * `/infer`. Path segments are percent-decoded; the query string is ignored.
 */

/** What a path asks for. */
export type Route =
  | { readonly kind: 'server-metadata' | 'live' | 'ready' }
  | { readonly kind: 'model-metadata' | 'model-ready' | 'infer'; readonly model: string; readonly version: string | undefined };

/**
 * The method of each route kind (GET routes also answer HEAD).
 *
 * @example
 * ROUTE_METHOD['infer']; // 'POST'
 */
export const ROUTE_METHOD: Readonly<Record<Route['kind'], 'GET' | 'POST'>> = Object.freeze({
  'server-metadata': 'GET',
  live: 'GET',
  ready: 'GET',
  'model-metadata': 'GET',
  'model-ready': 'GET',
  infer: 'POST',
});

const MODEL_ACTIONS: Readonly<Record<string, 'model-ready' | 'infer' | undefined>> = { ready: 'model-ready', infer: 'infer' };

/**
 * Matches a request target (`/v2/models/fraud/infer?x=1`); undefined for any other path.
 *
 * @example
 * matchRoute('/v2/models/fraud/versions/v2/infer'); // { kind: 'infer', model: 'fraud', version: 'v2' }
 */
export function matchRoute(target: string): Route | undefined {
  const q = target.indexOf('?');
  const parts = (q === -1 ? target : target.slice(0, q)).split('/');
  if (parts[0] !== '' || parts[1] !== 'v2') return undefined;
  if (parts.length === 2) return { kind: 'server-metadata' };
  if (parts[2] === 'health' && parts.length === 4) return parts[3] === 'live' ? { kind: 'live' } : parts[3] === 'ready' ? { kind: 'ready' } : undefined;
  if (parts[2] !== 'models' || parts.length < 4) return undefined;
  const model = decode(parts[3]);
  if (model === undefined) return undefined;
  let rest = parts.slice(4);
  let version: string | undefined;
  if (rest[0] === 'versions') {
    version = rest.length >= 2 ? decode(rest[1]) : undefined;
    if (version === undefined) return undefined;
    rest = rest.slice(2);
  }
  if (rest.length === 0) return { kind: 'model-metadata', model, version };
  const kind = rest.length === 1 ? MODEL_ACTIONS[rest[0] as string] : undefined;
  return kind === undefined ? undefined : { kind, model, version };
}

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined || segment === '') return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined; // malformed percent-encoding: no such path
  }
}

/**
 * The raw request targets of the inference endpoint, for an exact-match fast path.
 *
 * @example
 * inferTargets('fraud', 'v2'); // ['/v2/models/fraud/infer', '/v2/models/fraud/versions/v2/infer']
 */
export function inferTargets(model: string, version: string): readonly string[] {
  const m = encodeURIComponent(model);
  return [`/v2/models/${m}/infer`, `/v2/models/${m}/versions/${encodeURIComponent(version)}/infer`];
}
