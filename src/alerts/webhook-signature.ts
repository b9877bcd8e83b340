/**
 * @module alerts/webhook-signature
 * Signing and verifying generic-webhook deliveries. The signed material is the timestamp
 * header, a dot, and the exact body bytes (`<t>.<body>`); the signature is HMAC-SHA256
 * with the sink's secret, sent as `x-bulwark-signature: sha256=<hex>` next to
 * `x-bulwark-timestamp: <unix seconds>`. A receiver recomputes it over the raw body,
 * compares in constant time, and refuses timestamps outside a tolerance (replays); the
 * `idempotency-key` header then drops repeats within the tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ALERT_DEFAULTS } from './defaults.js';
import { alertErrors } from './errors.js';

/** Header names of a signed delivery. */
export const SIGNATURE_HEADER = 'x-bulwark-signature';
export const TIMESTAMP_HEADER = 'x-bulwark-timestamp';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `${timestampSeconds}.${body}`).
 *
 * @example
 * signWebhook('s3cret', 1_700_000_000, '{"a":1}'); // 'sha256=…'
 */
export function signWebhook(secret: string, timestampSeconds: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/** What a receiver has in hand. */
export interface SignedDelivery {
  readonly secret: string;
  /** The raw body, exactly as received (verify before parsing). */
  readonly body: string | Uint8Array;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
  /** The receiver's clock, unix seconds. */
  readonly nowSeconds: number;
  /** Default ALERT_DEFAULTS.signatureToleranceSeconds (300). */
  readonly toleranceSeconds?: number;
}

/**
 * Checks a delivery's signature and timestamp.
 *
 * @throws ALR_ERR_BAD_SIGNATURE when a header is missing or the HMAC does not match.
 * @throws ALR_ERR_STALE_SIGNATURE when the timestamp is outside the tolerance.
 * @example
 * verifyWebhookSignature({ secret, body: rawBody, signature: req.headers['x-bulwark-signature'],
 *   timestamp: req.headers['x-bulwark-timestamp'], nowSeconds: Math.floor(Date.now() / 1000) });
 */
export function verifyWebhookSignature(delivery: SignedDelivery): void {
  const t = delivery.timestamp === undefined || !/^\d{1,15}$/.test(delivery.timestamp) ? undefined : Number(delivery.timestamp);
  if (t === undefined || delivery.signature === undefined) {
    throw alertErrors.error('ALR_ERR_BAD_SIGNATURE', `webhook delivery without a valid ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER} header`, { header: t === undefined ? TIMESTAMP_HEADER : SIGNATURE_HEADER });
  }
  const tolerance = delivery.toleranceSeconds ?? ALERT_DEFAULTS.signatureToleranceSeconds;
  if (Math.abs(delivery.nowSeconds - t) > tolerance) {
    throw alertErrors.error('ALR_ERR_STALE_SIGNATURE', `webhook delivery signed at ${t}, ${delivery.nowSeconds - t} s from now (tolerance ${tolerance} s)`, { timestamp: t, nowSeconds: delivery.nowSeconds, toleranceSeconds: tolerance });
  }
  const expected = Buffer.from(signWebhook(delivery.secret, t, delivery.body));
  const given = Buffer.from(delivery.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw alertErrors.error('ALR_ERR_BAD_SIGNATURE', 'webhook delivery signature does not match its body, timestamp and secret', { header: SIGNATURE_HEADER });
  }
}
