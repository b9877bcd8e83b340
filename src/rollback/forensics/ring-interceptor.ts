/**
 * @module rollback/forensics/ring-interceptor
 * The gateway hook that feeds the forensic ring: an interceptor (`after: route`, so the
 * version is chosen) that records each inference request with its raw bytes before calling
 * the upstream, and fills in the status once the response has ended. Requests still in
 * flight at a freeze are therefore in the snapshot. O(1) per request; bodies longer than
 * the ring keeps are cut to a prefix (one bounded copy, so the whole body is not retained).
 */
import type { Interceptor } from '../../gateway/index.js';
import { ROLLBACK_DEFAULTS } from '../defaults.js';
import type { ForensicRings, RingEntry } from './ring.js';

/** Id of the interceptor in the gateway chain. */
export const FORENSIC_RING_INTERCEPTOR = 'forensic-ring';

/**
 * @example
 * new Gateway({ ...options, interceptors: [forensicRingInterceptor(rings)] });
 */
export function forensicRingInterceptor(rings: ForensicRings, bodyBytes: number = ROLLBACK_DEFAULTS.ringBodyBytes): Interceptor {
  return {
    id: FORENSIC_RING_INTERCEPTOR,
    after: ['route'],
    wrap: (next) => async (ex) => {
      const model = ex.model?.name;
      const version = ex.version;
      if (model === undefined || version === undefined || !rings.has(model)) return next(ex);
      const body = ex.body.length > bodyBytes ? Buffer.from(ex.body.subarray(0, bodyBytes)) : ex.body;
      const entry: RingEntry = { requestId: ex.id, at: ex.receivedAt, model, version, apiKeyId: ex.apiKey?.id, body, bodyBytes: ex.body.length, signals: ex.signals, status: 0 };
      rings.record(entry);
      try {
        await next(ex);
      } finally {
        entry.status = ex.status;
      }
    },
  };
}
