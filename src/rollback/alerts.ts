/**
 * @module rollback/alerts
 * The alert sink of this issue: an in-process emitter that logs each alert and hands it to
 * subscribers (the alerting issue adds routing, dedupe and real sinks behind the same port).
 * Never throws: a failing subscriber is reported to the error handler.
 */
import type { AlertSink, ErrorHandler } from './ports.js';
import type { RollbackAlert } from './types.js';

/**
 * @example
 * const alerts = new InProcessAlertSink({ log: console.error, onError });
 * alerts.subscribe((alert) => pager.send(alert));
 */
export class InProcessAlertSink implements AlertSink {
  readonly #log: ((line: string) => void) | undefined;
  readonly #onError: ErrorHandler;
  readonly #listeners = new Set<(alert: RollbackAlert) => void | Promise<void>>();
  /** Alert ids already emitted by this process (a resumed decision does not repeat them). */
  readonly #seen = new Set<string>();

  constructor(deps: { readonly log?: (line: string) => void; readonly onError: ErrorHandler }) {
    this.#log = deps.log;
    this.#onError = deps.onError;
  }

  subscribe(listener: (alert: RollbackAlert) => void | Promise<void>): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  async emit(alert: RollbackAlert): Promise<void> {
    if (this.#seen.has(alert.id)) return;
    this.#seen.add(alert.id);
    this.#log?.(`alert ${alert.severity} ${alert.model}${alert.incidentId === undefined ? '' : ` ${alert.incidentId}`}: ${alert.summary}`);
    for (const listener of [...this.#listeners]) {
      try {
        await listener(alert);
      } catch (err) {
        this.#onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}
