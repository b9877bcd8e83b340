/**
 * @module control/anomaly-ring
 * The recent anomalies GET /api/v1/anomalies answers from: a bounded ring (the oldest is
 * overwritten), listed newest first with filters. In memory only: anomalies that moved a
 * breaker are also incidents, which the store keeps.
 */
import type { Anomaly } from '../detect/index.js';

/** Filters of a listing. */
export interface AnomalyFilter {
  readonly model?: string | undefined;
  readonly severity?: string | undefined;
  /** Detected at or after (ms). */
  readonly since?: number | undefined;
  readonly limit: number;
}

/**
 * @example
 * const ring = new AnomalyRing(1_000);
 * ring.push(anomaly);
 * ring.list({ model: 'fraud', limit: 10 });
 */
export class AnomalyRing {
  readonly #slots: (Anomaly | undefined)[];
  #next = 0;
  #size = 0;

  constructor(capacity: number) {
    this.#slots = new Array<Anomaly | undefined>(Math.max(1, Math.floor(capacity)));
  }

  get size(): number {
    return this.#size;
  }

  push(anomaly: Anomaly): void {
    this.#slots[this.#next] = anomaly;
    this.#next = (this.#next + 1) % this.#slots.length;
    this.#size = Math.min(this.#size + 1, this.#slots.length);
  }

  /** Newest first, filtered, at most `limit`. */
  list(filter: AnomalyFilter): Anomaly[] {
    const out: Anomaly[] = [];
    const n = this.#slots.length;
    for (let i = 1; i <= this.#size && out.length < filter.limit; i++) {
      const anomaly = this.#slots[(this.#next - i + n) % n] as Anomaly;
      if (filter.model !== undefined && anomaly.model !== filter.model) continue;
      if (filter.severity !== undefined && anomaly.severity !== filter.severity) continue;
      if (filter.since !== undefined && anomaly.detectedAt < filter.since) continue;
      out.push(anomaly);
    }
    return out;
  }
}
