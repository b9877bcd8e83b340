/**
 * The untrusted window applied to the user's own PostgreSQL: the adapter runs the configured
 * parameterised statement with $1 = the request ids (real server, no mocks), and the
 * orchestrator runs it as the last sub-step of the marking, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, ledgerRow, rollbackConfig, T0 } from '../../../test/fixtures/rollback/harness.js';
import { dropPostgresSchema, requirePostgres, testSchemaName, withPostgresClient } from '../../../test/helpers/services.js';
import { PgStatementRunner } from './pg-statement-runner.js';

const postgres = await requirePostgres();
const schema = testSchemaName();

describe.skipIf(!postgres.available)(`PgStatementRunner (${postgres.reason})`, () => {
  beforeAll(async () => {
    await withPostgresClient(postgres.url, async (c) => {
      await c.query(`CREATE SCHEMA "${schema}"`);
      await c.query(`CREATE TABLE "${schema}".orders (request_id text PRIMARY KEY, untrusted boolean NOT NULL DEFAULT false)`);
      await c.query(`INSERT INTO "${schema}".orders (request_id) VALUES ('r-1'), ('r-2'), ('r-3'), ('other')`);
    });
  });
  afterAll(async () => {
    await dropPostgresSchema(postgres.url, schema);
  });

  const statement = `UPDATE "${schema}".orders SET untrusted = true WHERE request_id = ANY($1)`;
  const flagged = (): Promise<string[]> =>
    withPostgresClient(postgres.url, async (c) => (await c.query<{ request_id: string }>(`SELECT request_id FROM "${schema}".orders WHERE untrusted ORDER BY request_id`)).rows.map((r) => r.request_id));

  it('runs the statement with the ids as $1 and reports the rows it touched', async () => {
    expect(await new PgStatementRunner().run(postgres.url, statement, [['r-1']])).toEqual({ rowCount: 1 });
    expect(await flagged()).toEqual(['r-1']);
    await expect(new PgStatementRunner({ connectTimeoutMs: 1_000 }).run('postgres://nobody@127.0.0.1:1/none', statement, [[]])).rejects.toThrow(/ECONNREFUSED/);
  });

  it('is the last sub-step of the orchestrator\'s marking', async () => {
    const config = rollbackConfig({ untrusted: { lookbackSeconds: 60, sql: { url: postgres.url, statement } } });
    const h = await harness({ config, extra: { sql: new PgStatementRunner() } });
    await h.store.ledger.append([ledgerRow('r-2', 'v2', T0 - 1_000), ledgerRow('r-3', 'v2', T0 - 500), ledgerRow('other', 'v1', T0 - 500)]);
    const result = await h.orchestrator.onAnomaly({ model: 'fraud', id: 'a-1', rule: 'entropy-collapse', version: 'v2', severity: 'page', action: 'rollback', onset: T0 - 2_000 });
    expect(result.complete).toBe(true);
    expect(await flagged()).toEqual(['r-1', 'r-2', 'r-3']);
    const latest = await h.store.rollback.wal.latest('fraud');
    expect((await h.store.rollback.wal.marks('fraud', latest?.seq ?? 0)).get('3:sql')).toEqual({ rowCount: 2 });
  });
});
