/**
 * @module alerts/event-bus
 * An in-process {@link AlertEventSource}: the app publishes anomalies, incident events and
 * SLI counts into it, the dispatcher subscribes. A throwing listener is reported, never
 * propagated to the publisher (the detection engine or the orchestrator).
 */
import type { AlertEventSource, AlertSourceEvent, ErrorHandler } from './ports.js';

/**
 * @example
 * const bus = new AlertEventBus(onError);
 * bus.subscribe((event) => void dispatcher.handle(event));
 * bus.publish({ type: 'candidate', candidate });
 */
export class AlertEventBus implements AlertEventSource {
  readonly #listeners = new Set<(event: AlertSourceEvent) => void>();
  readonly #onError: ErrorHandler;

  constructor(onError: ErrorHandler) {
    this.#onError = onError;
  }

  subscribe(listener: (event: AlertSourceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  publish(event: AlertSourceEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.#onError(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }
}
