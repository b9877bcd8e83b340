/**
 * @module test/helpers/services
 * The real PostgreSQL and Redis servers that adapter tests run against (no mocks, no
 * Docker; `.ci/run` makes sure they are up). Each server is probed once per test process.
 * When it does not answer, tests using it are skipped with a visible reason, unless
 * BULWARK_REQUIRE_SERVICES=1 (set by `.ci/run`), which fails them instead.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import pg from 'pg';

/** PostgreSQL used by tests unless BULWARK_TEST_POSTGRES_URL says otherwise (trust auth). */
export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** Redis used by tests unless BULWARK_TEST_REDIS_URL says otherwise. */
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
const PROBE_TIMEOUT_MS = 3_000;

/** The outcome of probing a server. */
export interface ServiceLookup {
  /** The URL tests should connect to. */
  readonly url: string;
  /** The server answered. */
  readonly available: boolean;
  /** Why tests using it are skipped, when it did not; a description of it otherwise. */
  readonly reason: string;
}

/** The PostgreSQL URL for tests: BULWARK_TEST_POSTGRES_URL, else {@link DEFAULT_TEST_POSTGRES_URL}. */
export function postgresUrl(): string {
  return process.env['BULWARK_TEST_POSTGRES_URL'] || DEFAULT_TEST_POSTGRES_URL;
}

/** The Redis URL for tests: BULWARK_TEST_REDIS_URL, else {@link DEFAULT_TEST_REDIS_URL}. */
export function redisUrl(): string {
  return process.env['BULWARK_TEST_REDIS_URL'] || DEFAULT_TEST_REDIS_URL;
}

let postgresProbe: Promise<ServiceLookup> | undefined;
let redisProbe: Promise<ServiceLookup> | undefined;

/**
 * Probes PostgreSQL (connects and runs `SELECT 1`) once per process. Rejects, failing the
 * test file at collection, when it is down and BULWARK_REQUIRE_SERVICES=1.
 *
 * @example
 * const postgres = await requirePostgres();
 * describe.skipIf(!postgres.available)(`postgres (${postgres.reason})`, () => { … });
 */
export function requirePostgres(): Promise<ServiceLookup> {
  postgresProbe ??= probe('postgres', postgresUrl(), probePostgres);
  return postgresProbe;
}

/**
 * Probes Redis (`PING` over TCP, expecting `+PONG`) once per process; otherwise as
 * {@link requirePostgres}.
 *
 * @example
 * const redis = await requireRedis();
 * describe.skipIf(!redis.available)(`redis (${redis.reason})`, () => { … });
 */
export function requireRedis(): Promise<ServiceLookup> {
  redisProbe ??= probe('redis', redisUrl(), probeRedis);
  return redisProbe;
}

/**
 * A fresh schema name for one test, `bulwark_test_<random>`; drop it with
 * {@link dropPostgresSchema}.
 *
 * @example
 * const schema = testSchemaName(); // 'bulwark_test_9f2c61d0a4be'
 */
export function testSchemaName(): string {
  return `bulwark_test_${randomBytes(6).toString('hex')}`;
}

/**
 * Drops `schema` and everything in it (no error when it is absent).
 *
 * @example
 * await dropPostgresSchema(postgresUrl(), schema);
 */
export async function dropPostgresSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new RangeError(`not a test schema name: ${schema}`);
  await withPostgresClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/**
 * Runs `fn` with a connected client of its own (outside any store), then closes it. For
 * tests that edit rows behind a store's back.
 *
 * @example
 * await withPostgresClient(url, (c) => c.query(`UPDATE "${schema}".audit_log SET actor = 'mallory'`));
 */
export async function withPostgresClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function probe(name: string, url: string, check: (url: string) => Promise<void>): Promise<ServiceLookup> {
  const where = safeLocation(url);
  try {
    await check(url);
    return { url, available: true, reason: `${name} at ${where}` };
  } catch (err) {
    const reason = `skipped: ${name} at ${where} is not reachable (${(err as Error).message})`;
    if (process.env['BULWARK_REQUIRE_SERVICES'] === '1') {
      throw new Error(`BULWARK_REQUIRE_SERVICES=1 but ${name} at ${where} is not reachable: ${(err as Error).message}`);
    }
    console.warn(`[services] ${reason}`);
    return { url, available: false, reason };
  }
}

async function probePostgres(url: string): Promise<void> {
  await withPostgresClient(url, (client) => client.query('SELECT 1'));
}

function probeRedis(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const fail = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => fail(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      const reply = data.toString('utf8');
      // -NOAUTH still proves a Redis server is listening; the tests decide what to do with it.
      if (reply.startsWith('+PONG') || reply.startsWith('-NOAUTH')) resolve();
      else reject(new Error(`unexpected reply to PING: ${JSON.stringify(reply.slice(0, 40))}`));
    });
  });
}

/** host:port/path of a URL, without its credentials. */
function safeLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
