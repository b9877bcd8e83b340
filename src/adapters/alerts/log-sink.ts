/**
 * @module adapters/alerts/log-sink
 * The log sink: one JSON line per notification (`event: bulwark.alert`, ISO time, then the
 * notification) through an injected writer (stderr, a file, pino). Always delivered unless
 * the writer throws, which is retried like a network error.
 */
import type { AlertClass, AlertNotification, AlertSinkPort, DeliveryResult } from '../../alerts/index.js';

/**
 * @example
 * const sink = new LogSink({ id: 'log-0', accepts: ['page', 'ticket', 'info'], write: (line) => process.stderr.write(`${line}\n`) });
 */
export class LogSink implements AlertSinkPort {
  readonly id: string;
  readonly kind = 'log';
  readonly accepts: readonly AlertClass[];
  readonly #write: (line: string) => void;

  constructor(options: { readonly id: string; readonly accepts: readonly AlertClass[]; readonly write: (line: string) => void }) {
    this.id = options.id;
    this.accepts = options.accepts;
    this.#write = options.write;
  }

  async deliver(notification: AlertNotification, attempt: { readonly key: string; readonly attempt: number }): Promise<DeliveryResult> {
    try {
      this.#write(logLine(notification, attempt.key));
      return { outcome: 'delivered' };
    } catch (err) {
      return { outcome: 'retry', error: `log writer threw: ${(err as Error).message}` };
    }
  }
}

/**
 * The one line written for a notification.
 *
 * @example
 * JSON.parse(logLine(notification, notification.key)).event; // 'bulwark.alert'
 */
export function logLine(notification: AlertNotification, key: string): string {
  return JSON.stringify({ event: 'bulwark.alert', time: new Date(notification.at).toISOString(), deliveryKey: key, ...notification });
}
