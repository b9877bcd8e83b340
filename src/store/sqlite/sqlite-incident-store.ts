/**
 * @module store/sqlite/sqlite-incident-store
 * SQLite IncidentStore over `incidents` (migration 004): the incident as JSON plus the
 * columns it is looked up by. `open` is INSERT OR IGNORE (keyed by the deterministic id);
 * `update` is a read-modify-write inside one IMMEDIATE transaction.
 */
import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { IncidentStore } from '../../rollback/ports.js';
import type { Incident, IncidentPatch } from '../../rollback/types.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeIncident as decode, patchIncident } from '../rollback-rows.js';

/**
 * @example
 * const incidents = new SqliteIncidentStore(db, guard);
 * await incidents.open(incident);
 */
export class SqliteIncidentStore implements IncidentStore {
  readonly #guard: OpenGuard;
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #list: Statement;
  readonly #listModel: Statement;
  readonly #write: Statement;
  readonly #update: Transaction<(id: string, patch: IncidentPatch) => Incident | undefined>;

  constructor(db: Database, guard: OpenGuard) {
    this.#guard = guard;
    this.#insert = db.prepare('INSERT OR IGNORE INTO incidents (id, model, anomaly_id, state, opened_at, data) VALUES (?, ?, ?, ?, ?, ?)');
    this.#get = db.prepare('SELECT id, data FROM incidents WHERE id = ?');
    this.#list = db.prepare('SELECT id, data FROM incidents ORDER BY opened_at DESC, id DESC LIMIT ?');
    this.#listModel = db.prepare('SELECT id, data FROM incidents WHERE model = ? ORDER BY opened_at DESC, id DESC LIMIT ?');
    this.#write = db.prepare('UPDATE incidents SET state = ?, data = ? WHERE id = ?');
    this.#update = db.transaction((id: string, patch: IncidentPatch) => {
      const row = this.#get.get(id);
      if (row === undefined) return undefined;
      const next = patchIncident(decode(row), patch);
      this.#write.run(next.state, JSON.stringify(next), id);
      return next;
    });
  }

  async open(incident: Incident): Promise<{ readonly created: boolean; readonly incident: Incident }> {
    this.#guard.assertOpen();
    const { changes } = this.#insert.run(incident.id, incident.model, incident.anomaly.id, incident.state, incident.openedAt, JSON.stringify(incident));
    if (changes === 1) return { created: true, incident: structuredClone(incident) };
    return { created: false, incident: decode(this.#get.get(incident.id)) };
  }

  async get(id: string): Promise<Incident | undefined> {
    this.#guard.assertOpen();
    const row = this.#get.get(id);
    return row === undefined ? undefined : decode(row);
  }

  async list(filter: { readonly model?: string; readonly limit?: number } = {}): Promise<Incident[]> {
    this.#guard.assertOpen();
    const limit = filter.limit ?? -1;
    const rows = filter.model === undefined ? this.#list.all(limit) : this.#listModel.all(filter.model, limit);
    return rows.map(decode);
  }

  async update(id: string, patch: IncidentPatch): Promise<Incident | undefined> {
    this.#guard.assertOpen();
    return this.#update.immediate(id, patch);
  }
}
