/**
 * @module store/memory/memory-rollback-stores
 * In-memory incidents, forensic index and command queue (the WAL is in memory-breaker-wal).
 * Copies cross the boundary; ordering matches the SQLite adapter.
 */
import type { CommandQueue, ForensicIndexStore, IncidentStore } from '../../rollback/ports.js';
import type { ForensicIndexEntry, Incident, IncidentPatch, QueuedCommand } from '../../rollback/types.js';
import type { OpenGuard } from '../open-guard.js';

const copy = <T>(value: T): T => structuredClone(value);
const limited = <T>(items: T[], limit: number | undefined): T[] => (limit === undefined || limit < 0 ? items : items.slice(0, limit));

/** @example new MemoryIncidentStore(guard).open(incident); */
export class MemoryIncidentStore implements IncidentStore {
  readonly #guard: OpenGuard;
  readonly #byId = new Map<string, Incident>();

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async open(incident: Incident): Promise<{ readonly created: boolean; readonly incident: Incident }> {
    this.#guard.assertOpen();
    const existing = this.#byId.get(incident.id);
    if (existing !== undefined) return { created: false, incident: copy(existing) };
    this.#byId.set(incident.id, copy(incident));
    return { created: true, incident: copy(incident) };
  }

  async get(id: string): Promise<Incident | undefined> {
    this.#guard.assertOpen();
    const found = this.#byId.get(id);
    return found === undefined ? undefined : copy(found);
  }

  async list(filter: { readonly model?: string; readonly limit?: number } = {}): Promise<Incident[]> {
    this.#guard.assertOpen();
    const all = [...this.#byId.values()].filter((i) => filter.model === undefined || i.model === filter.model);
    all.sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return limited(all, filter.limit).map(copy);
  }

  async update(id: string, patch: IncidentPatch): Promise<Incident | undefined> {
    this.#guard.assertOpen();
    const found = this.#byId.get(id);
    if (found === undefined) return undefined;
    const next = { ...found, ...copy(patch) } as Incident;
    this.#byId.set(id, next);
    return copy(next);
  }
}

/** @example new MemoryForensicIndex(guard).add(entry); */
export class MemoryForensicIndex implements ForensicIndexStore {
  readonly #guard: OpenGuard;
  readonly #byDigest = new Map<string, ForensicIndexEntry>();

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async add(entry: ForensicIndexEntry): Promise<{ readonly created: boolean }> {
    this.#guard.assertOpen();
    if (this.#byDigest.has(entry.digest)) return { created: false };
    this.#byDigest.set(entry.digest, { ...entry });
    return { created: true };
  }

  async get(digest: string): Promise<ForensicIndexEntry | undefined> {
    this.#guard.assertOpen();
    const found = this.#byDigest.get(digest);
    return found === undefined ? undefined : { ...found };
  }

  async list(filter: { readonly model?: string; readonly incidentId?: string; readonly createdBefore?: number; readonly limit?: number } = {}): Promise<ForensicIndexEntry[]> {
    this.#guard.assertOpen();
    const matches = [...this.#byDigest.values()].filter(
      (e) => (filter.model === undefined || e.model === filter.model) && (filter.incidentId === undefined || e.incidentId === filter.incidentId) && (filter.createdBefore === undefined || e.createdAt < filter.createdBefore),
    );
    matches.sort((a, b) => b.createdAt - a.createdAt || (a.digest < b.digest ? -1 : 1));
    return limited(matches, filter.limit).map((e) => ({ ...e }));
  }

  async remove(digest: string): Promise<void> {
    this.#guard.assertOpen();
    this.#byDigest.delete(digest);
  }
}

/** @example new MemoryCommandQueue(guard).enqueue(command); */
export class MemoryCommandQueue implements CommandQueue {
  readonly #guard: OpenGuard;
  readonly #commands: QueuedCommand[] = [];

  constructor(guard: OpenGuard) {
    this.#guard = guard;
  }

  async enqueue(c: Pick<QueuedCommand, 'model' | 'command' | 'actor' | 'reason' | 'createdAt'>): Promise<QueuedCommand> {
    this.#guard.assertOpen();
    const queued: QueuedCommand = { id: this.#commands.length + 1, model: c.model, command: copy(c.command), actor: c.actor, reason: c.reason, createdAt: c.createdAt, status: 'pending', settledAt: null, detail: null };
    this.#commands.push(queued);
    return copy(queued);
  }

  async pending(): Promise<QueuedCommand[]> {
    this.#guard.assertOpen();
    return this.#commands.filter((c) => c.status === 'pending').map(copy);
  }

  async get(id: number): Promise<QueuedCommand | undefined> {
    this.#guard.assertOpen();
    const found = this.#commands[id - 1];
    return found === undefined ? undefined : copy(found);
  }

  async settle(id: number, outcome: { readonly status: 'applied' | 'rejected'; readonly detail: string; readonly at: number }): Promise<void> {
    this.#guard.assertOpen();
    const found = this.#commands[id - 1];
    if (found === undefined || found.status !== 'pending') return;
    this.#commands[id - 1] = { ...found, status: outcome.status, detail: outcome.detail, settledAt: outcome.at };
  }

  async list(filter: { readonly model?: string; readonly limit?: number } = {}): Promise<QueuedCommand[]> {
    this.#guard.assertOpen();
    return limited(this.#commands.filter((c) => filter.model === undefined || c.model === filter.model).reverse(), filter.limit).map(copy);
  }
}
