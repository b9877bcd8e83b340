/**
 * @module adapters/alerts/webhook-sink
 * The generic webhook sink: POSTs `{ type: 'bulwark.alert', schemaVersion: 1, alert }` as
 * JSON with `idempotency-key` (the delivery key, the same on every attempt and after a
 * restart), `x-bulwark-event: alert` and, when a secret is configured, an HMAC-SHA256
 * signature over the timestamp and the exact body bytes (docs/alerting.md, "Verifying").
 */
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, httpOutcome, signWebhook } from '../../alerts/index.js';
import type { AlertClass, AlertNotification, AlertSinkPort, DeliveryResult, HttpPoster } from '../../alerts/index.js';
import type { Clock } from '../../shared/clock.js';
import { sinkId } from './sink-id.js';

/** The JSON body of a webhook delivery. */
export interface WebhookBody {
  readonly type: 'bulwark.alert';
  readonly schemaVersion: 1;
  readonly alert: AlertNotification;
}

/**
 * @example
 * webhookBody(notification); // { type: 'bulwark.alert', schemaVersion: 1, alert: notification }
 */
export function webhookBody(notification: AlertNotification): WebhookBody {
  return { type: 'bulwark.alert', schemaVersion: 1, alert: notification };
}

/**
 * @example
 * const sink = new WebhookSink({ url, secret, accepts: ['page', 'ticket'], http: new UndiciPoster({ timeoutMs: 5_000 }), clock });
 */
export class WebhookSink implements AlertSinkPort {
  readonly id: string;
  readonly kind = 'webhook';
  readonly accepts: readonly AlertClass[];
  readonly #url: string;
  readonly #secret: string | undefined;
  readonly #http: HttpPoster;
  readonly #clock: Clock;

  constructor(options: { readonly url: string; readonly secret?: string; readonly accepts: readonly AlertClass[]; readonly http: HttpPoster; readonly clock: Clock }) {
    this.id = sinkId('webhook', options.url);
    this.accepts = options.accepts;
    this.#url = options.url;
    this.#secret = options.secret;
    this.#http = options.http;
    this.#clock = options.clock;
  }

  async deliver(notification: AlertNotification, attempt: { readonly key: string; readonly attempt: number }): Promise<DeliveryResult> {
    const body = JSON.stringify(webhookBody(notification));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': attempt.key,
      'x-bulwark-event': 'alert',
      'x-bulwark-attempt': String(attempt.attempt),
    };
    if (this.#secret !== undefined) {
      const timestamp = Math.floor(this.#clock.now() / 1000);
      headers[TIMESTAMP_HEADER] = String(timestamp);
      headers[SIGNATURE_HEADER] = signWebhook(this.#secret, timestamp, body);
    }
    const { status, error } = await this.#http.post(this.#url, body, headers);
    return httpOutcome(status, error);
  }
}
