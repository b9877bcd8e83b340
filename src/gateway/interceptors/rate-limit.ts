/**
 * @module gateway/interceptors/rate-limit
 * The `rate-limit` interceptor: per-key token bucket and daily quota (KeyLimiter), checked
 * before the body is read so that a flood costs little. Anonymous requests are not limited
 * here (there is no key to charge).
 */
import { gatewayErrors } from '../errors.js';
import type { KeyLimiter } from '../limits/key-limiter.js';
import type { Interceptor } from './compose.js';

/**
 * @example
 * rateLimitInterceptor(new KeyLimiter(clock));
 */
export function rateLimitInterceptor(limiter: KeyLimiter): Interceptor {
  return {
    id: 'rate-limit',
    after: ['auth'],
    wrap: (next) => (ex) => {
      const key = ex.apiKey;
      if (key === undefined) return next(ex);
      const rejection = limiter.take(key.id, key.rateLimit);
      if (rejection === undefined) return next(ex);
      const { retryAfterSeconds } = rejection;
      if (rejection.reason === 'quota') {
        throw gatewayErrors.error('GW_ERR_QUOTA_EXCEEDED', `API key "${key.id}" used its daily quota of ${key.rateLimit.perDay}; it resets at 00:00 UTC`, { apiKeyId: key.id, retryAfterSeconds });
      }
      throw gatewayErrors.error('GW_ERR_RATE_LIMITED', `API key "${key.id}" is over ${key.rateLimit.perSecond} requests/s (burst ${key.rateLimit.burst})`, { apiKeyId: key.id, retryAfterSeconds });
    },
  };
}
