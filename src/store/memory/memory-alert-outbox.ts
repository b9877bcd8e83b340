/**
 * @module store/memory/memory-alert-outbox
 * The alert outbox in process memory (tests, `bulwark demo`): the same semantics as the
 * SQLite adapter (one row per (sink, key), leases, retries, dead letters), nothing
 * persisted. Copies cross the boundary.
 */
import type { AlertOutbox, OutboxDepth, OutboxEntry, OutboxItem, OutboxListFilter, OutboxRef } from '../../alerts/ports.js';
import type { OpenGuard } from '../open-guard.js';

const copy = <T>(value: T): T => structuredClone(value);

/** @example new MemoryAlertOutbox(guard).enqueue([entry]); */
export class MemoryAlertOutbox implements AlertOutbox {
  readonly #guard: OpenGuard;
  /** By `<sink>\u0000<key>`. */
  readonly #rows = new Map<string, OutboxItem>();

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async enqueue(entries: readonly OutboxEntry[]): Promise<{ readonly inserted: number }> {
    this.#guard.assertOpen();
    let inserted = 0;
    for (const e of entries) {
      const id = rowId(e.sink, e.key);
      if (this.#rows.has(id)) continue;
      this.#rows.set(id, { ...copy(e), status: 'pending', attempts: 0, nextAttemptAt: e.createdAt, leaseOwner: null, leaseUntil: null, lastError: null, lastStatus: null, updatedAt: e.createdAt, deliveredAt: null });
      inserted++;
    }
    return { inserted };
  }

  async claim(request: { readonly owner: string; readonly now: number; readonly leaseMs: number; readonly limit: number }): Promise<OutboxItem[]> {
    this.#guard.assertOpen();
    const due = this.#ordered().filter((r) => r.status === 'pending' && r.nextAttemptAt <= request.now && (r.leaseUntil === null || r.leaseUntil <= request.now));
    return due.slice(0, Math.max(0, request.limit)).map((row) => {
      const next: OutboxItem = { ...row, attempts: row.attempts + 1, leaseOwner: request.owner, leaseUntil: request.now + request.leaseMs, updatedAt: request.now };
      this.#rows.set(rowId(row.sink, row.key), next);
      return copy(next);
    });
  }

  async markDelivered(ref: OutboxRef, outcome: { readonly at: number; readonly status?: number }): Promise<boolean> {
    return this.#update(ref, false, (r) => ({ ...r, status: 'delivered', deliveredAt: outcome.at, lastStatus: outcome.status ?? null, leaseOwner: null, leaseUntil: null, updatedAt: outcome.at }));
  }

  async scheduleRetry(ref: OutboxRef, outcome: { readonly at: number; readonly nextAttemptAt: number; readonly error: string; readonly status?: number }): Promise<boolean> {
    return this.#update(ref, true, (r) => ({ ...r, nextAttemptAt: outcome.nextAttemptAt, lastError: outcome.error, lastStatus: outcome.status ?? null, leaseOwner: null, leaseUntil: null, updatedAt: outcome.at }));
  }

  async deadLetter(ref: OutboxRef, outcome: { readonly at: number; readonly error: string; readonly status?: number }): Promise<boolean> {
    return this.#update(ref, true, (r) => ({ ...r, status: 'dead', lastError: outcome.error, lastStatus: outcome.status ?? null, leaseOwner: null, leaseUntil: null, updatedAt: outcome.at }));
  }

  async release(owner: string, at: number): Promise<number> {
    this.#guard.assertOpen();
    let released = 0;
    for (const [id, row] of this.#rows) {
      if (row.status !== 'pending' || row.leaseOwner !== owner) continue;
      this.#rows.set(id, { ...row, leaseOwner: null, leaseUntil: null, updatedAt: at });
      released++;
    }
    return released;
  }

  async requeueDead(filter: { readonly sink?: string; readonly now: number }): Promise<number> {
    this.#guard.assertOpen();
    let requeued = 0;
    for (const [id, row] of this.#rows) {
      if (row.status !== 'dead' || (filter.sink !== undefined && row.sink !== filter.sink)) continue;
      this.#rows.set(id, { ...row, status: 'pending', attempts: 0, nextAttemptAt: filter.now, updatedAt: filter.now });
      requeued++;
    }
    return requeued;
  }

  async get(sink: string, key: string): Promise<OutboxItem | undefined> {
    this.#guard.assertOpen();
    const row = this.#rows.get(rowId(sink, key));
    return row === undefined ? undefined : copy(row);
  }

  async list(filter: OutboxListFilter = {}): Promise<OutboxItem[]> {
    this.#guard.assertOpen();
    const direction = filter.order === 'newest' ? -1 : 1;
    const rows = [...this.#rows.values()]
      .filter((r) => (filter.status === undefined || r.status === filter.status) && (filter.sink === undefined || r.sink === filter.sink))
      .sort((a, b) => direction * (a.createdAt - b.createdAt || compare(a.sink, b.sink) || compare(a.key, b.key)));
    return (filter.limit === undefined || filter.limit < 0 ? rows : rows.slice(0, filter.limit)).map(copy);
  }

  async depth(): Promise<OutboxDepth> {
    this.#guard.assertOpen();
    const depth = { pending: 0, delivered: 0, dead: 0 };
    for (const row of this.#rows.values()) depth[row.status]++;
    return depth;
  }

  async purgeDelivered(before: number): Promise<number> {
    this.#guard.assertOpen();
    let purged = 0;
    for (const [id, row] of this.#rows) {
      if (row.status === 'delivered' && row.deliveredAt !== null && row.deliveredAt < before) {
        this.#rows.delete(id);
        purged++;
      }
    }
    return purged;
  }

  /** Applies `change` to a pending row (held by `ref.owner` when `owned`). */
  #update(ref: OutboxRef, owned: boolean, change: (row: OutboxItem) => OutboxItem): boolean {
    this.#guard.assertOpen();
    const id = rowId(ref.sink, ref.key);
    const row = this.#rows.get(id);
    if (row === undefined || row.status !== 'pending' || (owned && row.leaseOwner !== ref.owner)) return false;
    this.#rows.set(id, change(row));
    return true;
  }

  /** Due order: next attempt, then creation, sink, key (as the SQLite adapter). */
  #ordered(): OutboxItem[] {
    return [...this.#rows.values()].sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt || compare(a.sink, b.sink) || compare(a.key, b.key));
  }
}

function rowId(sink: string, key: string): string {
  return `${sink}\u0000${key}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
