/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<exact body bytes>`, checked against a
 * reference computed with node:crypto; tampering, a wrong secret, a missing header and a
 * stale timestamp are refused with stable codes.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/helpers/errors.js';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.js';

const BODY = '{"type":"bulwark.alert","schemaVersion":1,"alert":{"summary":"entropy ↓"}}';
const T = 1_780_000_000;

describe('webhook signatures', () => {
  it('is sha256=HMAC(secret, "<t>.<body bytes>") in hex', () => {
    const reference = createHmac('sha256', 's3cret').update(Buffer.from(`${T}.${BODY}`, 'utf8')).digest('hex');
    expect(signWebhook('s3cret', T, BODY)).toBe(`sha256=${reference}`);
    expect(signWebhook('s3cret', T, Buffer.from(BODY))).toBe(`sha256=${reference}`);
  });

  it('verifies a good delivery within the tolerance', () => {
    expect(() => verifyWebhookSignature({ secret: 's3cret', body: BODY, signature: signWebhook('s3cret', T, BODY), timestamp: String(T), nowSeconds: T + 299 })).not.toThrow();
  });

  it.each([
    ['a changed body', { body: BODY.replace('↓', '↑') }],
    ['another secret', { secret: 'other' }],
    ['a changed timestamp', { timestamp: String(T + 1) }],
    ['a truncated signature', { signature: signWebhook('s3cret', T, BODY).slice(0, 20) }],
  ])('refuses %s with ALR_ERR_BAD_SIGNATURE', (_, change) => {
    const delivery = { secret: 's3cret', body: BODY, signature: signWebhook('s3cret', T, BODY), timestamp: String(T), nowSeconds: T, ...change };
    expect(thrown(() => verifyWebhookSignature(delivery)).code).toBe('ALR_ERR_BAD_SIGNATURE');
  });

  it('refuses missing headers and stale timestamps (replays)', () => {
    expect(thrown(() => verifyWebhookSignature({ secret: 's', body: BODY, signature: undefined, timestamp: String(T), nowSeconds: T })).details).toEqual({ header: 'x-bulwark-signature' });
    expect(thrown(() => verifyWebhookSignature({ secret: 's', body: BODY, signature: 'sha256=00', timestamp: 'yesterday', nowSeconds: T })).details).toEqual({ header: 'x-bulwark-timestamp' });
    const stale = thrown(() => verifyWebhookSignature({ secret: 's', body: BODY, signature: signWebhook('s', T, BODY), timestamp: String(T), nowSeconds: T + 301 }));
    expect(stale.code).toBe('ALR_ERR_STALE_SIGNATURE');
    expect(stale.details).toEqual({ timestamp: T, nowSeconds: T + 301, toleranceSeconds: 300 });
  });
});
