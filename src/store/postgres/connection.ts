/**
 * @module store/postgres/connection
 * The PostgreSQL connection pool of the adapter: where the server is (for messages that
 * never show the password), the pool with bigint parsing, the first connection that turns
 * "unreachable" into STO_ERR_OPEN_FAILED, and the transaction helper the ports share.
 */
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { storeErrors } from '../errors.js';

/** PostgreSQL's type id of `bigint` (int8). */
const INT8_OID = 20;
/** PostgreSQL's type ids of `json` and `jsonb`. */
const JSON_OID = 114;
const JSONB_OID = 3802;

/** Where a PostgreSQL URL points, without its password; safe to print. */
export interface PostgresLocation {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/**
 * Reads host, port, database and user from a `postgres://` URL. The password is never
 * read into the result. A URL that does not parse raises STO_ERR_OPEN_FAILED without
 * echoing it (it may hold a password).
 *
 * @example
 * describePostgresUrl('postgres://app:secret@db:5433/prod'); // { host: 'db', port: 5433, database: 'prod', user: 'app' }
 */
export function describePostgresUrl(url: string): PostgresLocation {
  const parsed = parseUrl(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw storeErrors.error('STO_ERR_OPEN_FAILED', `cannot open the PostgreSQL store: expected a postgres:// URL, got ${parsed.protocol}//…`, {});
  }
  const user = decode(parsed.username) || 'postgres';
  const database = decode(parsed.pathname.replace(/^\//, '')) || user;
  const host = (parsed.hostname === SOCKET_PLACEHOLDER ? '' : decode(parsed.hostname)) || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port === '' ? 5432 : Number(parsed.port);
  return { host, port, database, user };
}

const SOCKET_PLACEHOLDER = 'bulwark-no-host';

/**
 * `new URL`, plus what the driver also accepts: `user@/db?host=/run/postgresql` (a Unix
 * socket, no host part), parsed with a placeholder host.
 */
function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    try {
      return new URL(url.replace('@/', `@${SOCKET_PLACEHOLDER}/`));
    } catch {
      // No cause attached: URL's TypeError carries the whole input, password included.
      throw storeErrors.error('STO_ERR_OPEN_FAILED', 'cannot open the PostgreSQL store: store.url is not a valid URL', {});
    }
  }
}

/** Percent-decodes a URL part, keeping it as written when it is not valid percent-encoding. */
function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** `host:port/database`, for messages. */
export function formatLocation(location: PostgresLocation): string {
  return `${location.host}:${location.port}/${location.database}`;
}

/** Options of {@link createPool}. */
export interface PoolOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  /** Errors of idle connections (a server restart); the pool drops them and reconnects. */
  readonly onError: (err: Error) => void;
}

/**
 * A pool that parses `bigint` columns as numbers when they are safe integers (and leaves
 * them as strings otherwise, which the row readers report as corrupt), and returns `json`
 * and `jsonb` columns as their text, so that the row decoders shared with SQLite (which
 * stores JSON as text) check and parse them the same way. The parsers are set on this
 * pool only, never on the driver's global type table. The driver is loaded here,
 * on first use, so that commands on the SQLite store never pay for loading it.
 *
 * @example
 * const pool = await createPool({ url, poolSize: 10, connectTimeoutMs: 10_000, onError: () => {} });
 */
export async function createPool(options: PoolOptions): Promise<Pool> {
  const { Pool, types } = await import('pg');
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (format === 'binary') return types.getTypeParser(oid, format);
        if (oid === INT8_OID) return parseInt8;
        if (oid === JSON_OID || oid === JSONB_OID) return keepText;
        return types.getTypeParser(oid, format);
      }) as typeof types.getTypeParser,
    },
  });
  pool.on('error', options.onError);
  return pool;
}

function keepText(value: string): string {
  return value;
}

function parseInt8(value: string): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/**
 * Checks out one connection, mapping any failure to connect (refused, timed out, bad
 * credentials, unknown database) to STO_ERR_OPEN_FAILED naming host, port, database and
 * user, never the password.
 *
 * @example
 * const client = await connectOrFail(pool, describePostgresUrl(url));
 * client.release();
 */
export async function connectOrFail(pool: Pool, location: PostgresLocation): Promise<PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    const why = err instanceof Error && err.message !== '' ? err.message : String(err);
    throw storeErrors.error(
      'STO_ERR_OPEN_FAILED',
      `cannot connect to PostgreSQL at ${formatLocation(location)} as ${location.user}: ${why}`,
      { host: location.host, port: location.port, database: location.database, user: location.user },
      err,
    );
  }
}

/**
 * Runs `fn` in a transaction on one pooled connection: COMMIT when it resolves, ROLLBACK
 * when it throws (the error is rethrown as is). A connection whose ROLLBACK failed is
 * destroyed instead of returned to the pool.
 *
 * @example
 * await withTransaction(pool, async (client) => { await client.query('…'); });
 */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/** The rows of a query on `pool`, typed loosely: the row readers check every column. */
export async function queryRows(pool: Pool | PoolClient, text: string, values: readonly unknown[] = []): Promise<QueryResultRow[]> {
  const result = await pool.query(text, values as unknown[]);
  return result.rows;
}

/** The SQLSTATE of a driver error, if it has one (e.g. `23505` unique_violation). */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
