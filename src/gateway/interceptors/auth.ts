/**
 * @module gateway/interceptors/auth
 * The `auth` interceptor: identifies the API key (`Authorization: Bearer` or `x-api-key`)
 * by its sha256. No key → 401 unless the config allows anonymous access; a key that
 * matches none → 401 always (a wrong key is never treated as anonymous).
 */
import { presentedKey } from '../auth/key-index.js';
import { gatewayErrors } from '../errors.js';
import type { Interceptor } from './compose.js';

/**
 * @example
 * composeInterceptors([authInterceptor(), ...], forward);
 */
export function authInterceptor(): Interceptor {
  return {
    id: 'auth',
    wrap: (next) => (ex) => {
      const presented = presentedKey(ex.req.headers);
      if (presented === undefined) {
        if (ex.state.anonymous) return next(ex);
        throw gatewayErrors.error('GW_ERR_UNAUTHORIZED', 'missing API key: send Authorization: Bearer <key> or x-api-key', {});
      }
      const key = presented === '' ? undefined : ex.state.keys.find(presented);
      if (key === undefined) throw gatewayErrors.error('GW_ERR_UNAUTHORIZED', 'invalid API key', {});
      ex.apiKey = key;
      return next(ex);
    },
  };
}
