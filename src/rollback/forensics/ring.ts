/**
 * @module rollback/forensics/ring
 * The forensic ring: the last N requests of each model with their raw input, kept in
 * memory by the gateway's hot path at O(1) per request. `freeze` is O(1) too: it hands the
 * current segment to a snapshot and starts a fresh one (copy-on-freeze), so taking the
 * snapshot never delays the route switch and later requests never overwrite it. Redaction
 * happens when the snapshot is persisted, never here.
 */
import type { Signals } from '../../gateway/index.js';

/** One request as the ring holds it. `status` is filled in when the response has ended. */
export interface RingEntry {
  readonly requestId: string;
  /** Clock ms of arrival. */
  readonly at: number;
  readonly model: string;
  readonly version: string;
  readonly apiKeyId: string | undefined;
  /** The request bytes (a prefix when the body was longer than the ring keeps). */
  readonly body: Buffer;
  /** The body's original size. */
  readonly bodyBytes: number;
  /** The exchange's signals object: complete once the request has been recorded. */
  readonly signals: Readonly<Signals>;
  status: number;
}

/** A ring buffer of at most `capacity` entries; grows by push until full, then overwrites. */
class Segment {
  readonly entries: RingEntry[] = [];
  head = 0;
  readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.entries.length;
  }

  push(entry: RingEntry): void {
    if (this.entries.length < this.capacity) {
      this.entries.push(entry);
      return;
    }
    this.entries[this.head] = entry;
    this.head = (this.head + 1) % this.capacity;
  }

  /** Oldest first. */
  ordered(): RingEntry[] {
    return this.head === 0 ? [...this.entries] : [...this.entries.slice(this.head), ...this.entries.slice(0, this.head)];
  }
}

/**
 * What a freeze captured: the last `capacity` entries before it. Reading it (`entries()`)
 * costs O(capacity) and happens when the bundle is persisted, after the switch.
 */
export class RingSnapshot {
  readonly model: string;
  /** Clock ms of the freeze. */
  readonly frozenAt: number;
  readonly #segments: readonly Segment[];
  readonly #capacity: number;

  constructor(model: string, frozenAt: number, segments: readonly Segment[], capacity: number) {
    this.model = model;
    this.frozenAt = frozenAt;
    this.#segments = segments;
    this.#capacity = capacity;
  }

  /** The captured entries, oldest first. */
  entries(): RingEntry[] {
    const all = this.#segments.flatMap((s) => s.ordered());
    return all.length > this.#capacity ? all.slice(all.length - this.#capacity) : all;
  }
}

/**
 * The ring of one model.
 *
 * @example
 * const ring = new ForensicRing('fraud', 10_000);
 * ring.record(entry);                 // hot path, O(1)
 * const snapshot = ring.freeze(now);  // O(1); snapshot.entries() later
 */
export class ForensicRing {
  readonly model: string;
  readonly capacity: number;
  #current: Segment;
  /** Frozen segments still needed to give the next snapshot N entries; older first. */
  #sealed: Segment[] = [];

  constructor(model: string, capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError(`ForensicRing capacity must be an integer >= 0, got ${capacity}`);
    this.model = model;
    this.capacity = capacity;
    this.#current = new Segment(capacity);
  }

  record(entry: RingEntry): void {
    if (this.capacity === 0) return;
    this.#current.push(entry);
    if (this.#sealed.length > 0 && this.#current.size === this.capacity) this.#sealed = [];
  }

  /** Captures the last N entries without copying them; later records go to a fresh segment. */
  freeze(at: number): RingSnapshot {
    const segments = [...this.#sealed, this.#current];
    const snapshot = new RingSnapshot(this.model, at, segments, this.capacity);
    this.#sealed = prune(segments, this.capacity);
    this.#current = new Segment(this.capacity);
    return snapshot;
  }
}

/** Keeps the newest segments holding at least `capacity` entries together. */
function prune(segments: readonly Segment[], capacity: number): Segment[] {
  const kept: Segment[] = [];
  let held = 0;
  for (let i = segments.length - 1; i >= 0 && held < capacity; i--) {
    const segment = segments[i] as Segment;
    if (segment.size === 0) continue;
    kept.unshift(segment);
    held += segment.size;
  }
  return kept;
}

/**
 * The rings of every protected model.
 *
 * @example
 * const rings = new ForensicRings();
 * rings.configure('fraud', 10_000);
 * rings.record(entry);
 * rings.freeze('fraud', now);
 */
export class ForensicRings {
  readonly #rings = new Map<string, ForensicRing>();

  /** Creates (or resizes, starting empty) the ring of `model`; capacity 0 keeps nothing. */
  configure(model: string, capacity: number): void {
    if (this.#rings.get(model)?.capacity === capacity) return;
    this.#rings.set(model, new ForensicRing(model, capacity));
  }

  has(model: string): boolean {
    return this.#rings.has(model);
  }

  /** Hot path: one map lookup and one array write. */
  record(entry: RingEntry): void {
    this.#rings.get(entry.model)?.record(entry);
  }

  /** A snapshot of `model`'s ring (empty when the model has none). */
  freeze(model: string, at: number): RingSnapshot {
    return this.#rings.get(model)?.freeze(at) ?? new RingSnapshot(model, at, [], 0);
  }
}
