/**
 * @module store/postgres/postgres-incident-store
 * PostgreSQL IncidentStore over `incidents` (migration 004): the incident as JSON plus the
 * columns it is looked up by. `open` is `INSERT … ON CONFLICT DO NOTHING` keyed by the
 * deterministic id; `update` is a read-modify-write in one transaction that locks the row
 * (`SELECT … FOR UPDATE`), so patches from several replicas apply one after the other and
 * none is lost.
 */
import assert from 'node:assert/strict';
import type { Pool } from 'pg';
import type { IncidentStore } from '../../rollback/ports.js';
import type { Incident, IncidentPatch } from '../../rollback/types.js';
import type { OpenGuard } from '../open-guard.js';
import { decodeIncident, patchIncident } from '../rollback-rows.js';
import { queryRows, withTransaction } from './connection.js';
import { limitParam } from './query-bounds.js';
import { quoteSchema } from './schema-name.js';

const NEWEST_FIRST = 'ORDER BY opened_at DESC, id DESC';

/**
 * The PostgreSQL implementation of {@link IncidentStore}.
 *
 * @example
 * const incidents = new PostgresIncidentStore(pool, 'bulwark', guard); // schema already migrated
 * await incidents.open(incident);
 */
export class PostgresIncidentStore implements IncidentStore {
  readonly #pool: Pool;
  readonly #guard: OpenGuard;
  readonly #table: string;

  constructor(pool: Pool, schema: string, guard: OpenGuard) {
    this.#pool = pool;
    this.#guard = guard;
    this.#table = `${quoteSchema(schema)}.incidents`;
  }

  /**
   * Two statements, not one, as in the registry: when the insert is skipped because
   * another replica just committed the incident, only a later snapshot is sure to see it.
   */
  async open(incident: Incident): Promise<{ readonly created: boolean; readonly incident: Incident }> {
    this.#guard.assertOpen();
    const inserted = await queryRows(
      this.#pool,
      `INSERT INTO ${this.#table} (id, model, anomaly_id, state, opened_at, data) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING id, data`,
      [incident.id, incident.model, incident.anomaly.id, incident.state, incident.openedAt, JSON.stringify(incident)],
    );
    if (inserted[0] !== undefined) return { created: true, incident: decodeIncident(inserted[0]) };
    const stored = await this.get(incident.id);
    assert.ok(stored !== undefined, `incidents ${incident.id} conflicted but cannot be read back`);
    return { created: false, incident: stored };
  }

  async get(id: string): Promise<Incident | undefined> {
    this.#guard.assertOpen();
    const rows = await queryRows(this.#pool, `SELECT id, data FROM ${this.#table} WHERE id = $1`, [id]);
    return rows[0] === undefined ? undefined : decodeIncident(rows[0]);
  }

  async list(filter: { readonly model?: string; readonly limit?: number } = {}): Promise<Incident[]> {
    this.#guard.assertOpen();
    const limit = limitParam(filter.limit);
    const rows =
      filter.model === undefined
        ? await queryRows(this.#pool, `SELECT id, data FROM ${this.#table} ${NEWEST_FIRST} LIMIT $1`, [limit])
        : await queryRows(this.#pool, `SELECT id, data FROM ${this.#table} WHERE model = $1 ${NEWEST_FIRST} LIMIT $2`, [filter.model, limit]);
    return rows.map(decodeIncident);
  }

  async update(id: string, patch: IncidentPatch): Promise<Incident | undefined> {
    this.#guard.assertOpen();
    return withTransaction(this.#pool, async (client) => {
      const rows = await queryRows(client, `SELECT id, data FROM ${this.#table} WHERE id = $1 FOR UPDATE`, [id]);
      if (rows[0] === undefined) return undefined;
      const next = patchIncident(decodeIncident(rows[0]), patch);
      const updated = await queryRows(client, `UPDATE ${this.#table} SET state = $2, data = $3 WHERE id = $1 RETURNING id, data`, [id, next.state, JSON.stringify(next)]);
      return decodeIncident(updated[0]);
    });
  }
}
