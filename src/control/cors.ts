/**
 * @module control/cors
 * CORS, off by default: without configured origins no response carries an
 * Access-Control header. With origins (`control.cors.origins`), a request from one of them
 * gets its origin echoed back (never `*`: calls carry bearer tokens), and preflights are
 * answered with the methods and headers the API takes.
 */

/** Headers a preflight allows. */
export const CORS_ALLOW_HEADERS = 'authorization, content-type, last-event-id';
/** How long a browser may cache a preflight, seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * The CORS headers of a response to `origin`; empty when CORS is off or the origin is not allowed.
 *
 * @example
 * corsHeaders('https://dash.example', ['https://dash.example']); // { 'access-control-allow-origin': 'https://dash.example', vary: 'Origin' }
 */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (origin === undefined || allowed.length === 0 || !allowed.includes(origin)) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': 'www-authenticate, allow' };
}

/**
 * The headers of a preflight answer for a path that takes `methods`.
 *
 * @example
 * preflightHeaders('https://dash.example', ['https://dash.example'], ['GET', 'POST']);
 */
export function preflightHeaders(origin: string | undefined, allowed: readonly string[], methods: readonly string[]): Record<string, string> {
  const base = corsHeaders(origin, allowed);
  const allow = [...methods, 'OPTIONS'].join(', ');
  if (Object.keys(base).length === 0) return { allow };
  return {
    ...base,
    allow,
    'access-control-allow-methods': allow,
    'access-control-allow-headers': CORS_ALLOW_HEADERS,
    'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
  };
}
