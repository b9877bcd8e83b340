/**
 * @module adapters/sql/pg-statement-runner
 * The rollback context's SqlRunner over `pg`: one short-lived connection per statement
 * (untrusted windows are rare; no pool to keep open against the user's database), with a
 * connect timeout and a statement timeout. The URL is a secret: errors never include it.
 */
import pg from 'pg';
import type { SqlRunner } from '../../rollback/index.js';

/**
 * @example
 * const sql = new PgStatementRunner();
 * await sql.run(process.env.ORDERS_DB_URL!, 'UPDATE orders SET untrusted = true WHERE request_id = ANY($1)', [ids]);
 */
export class PgStatementRunner implements SqlRunner {
  readonly #connectTimeoutMs: number;
  readonly #statementTimeoutMs: number;

  constructor(options: { readonly connectTimeoutMs?: number; readonly statementTimeoutMs?: number } = {}) {
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  }

  async run(url: string, statement: string, params: readonly unknown[]): Promise<{ readonly rowCount: number }> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: this.#connectTimeoutMs, statement_timeout: this.#statementTimeoutMs });
    client.on('error', () => undefined); // a dropped connection surfaces through the query
    try {
      await client.connect();
      const result = await client.query(statement, [...params]);
      return { rowCount: result.rowCount ?? 0 };
    } catch (err) {
      // pg's messages may quote the connection string's host but never the password; keep the code.
      const code = (err as { code?: string }).code;
      throw new Error(`${code === undefined ? '' : `${code}: `}${(err as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
