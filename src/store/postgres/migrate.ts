/**
 * @module store/postgres/migrate
 * Applies numbered migrations to one PostgreSQL schema and records them in its
 * `schema_version` table. The whole run holds a session advisory lock keyed by the schema
 * name, so replicas starting together migrate once: the first applies, the others wait,
 * then find nothing left to do. Each migration runs in its own transaction with its
 * `schema_version` row (PostgreSQL DDL is transactional), so it is applied completely or
 * not at all.
 */
import assert from 'node:assert/strict';
import type { ClientBase } from 'pg';
import type { Clock } from '../../shared/clock.js';
import { sha256Hex } from '../../shared/digest.js';
import { isBulwarkError } from '../../shared/errors.js';
import { storeErrors } from '../errors.js';
import type { PostgresMigration } from './migration.js';
import { quoteSchema } from './schema-name.js';

/** Which schema to migrate, where the server is (for messages) and the clock stamping `applied_at`. */
export interface PostgresMigrateOptions {
  /** A name accepted by `assertSchemaName`. */
  readonly schema: string;
  /** `host:port/database`, never the password. */
  readonly location: string;
  readonly clock: Clock;
}

/**
 * Brings `schema` up to the last of `migrations`, creating the schema and its
 * `schema_version` table when absent, and returns the versions it applied (empty when the
 * schema was current). `client` is a connected client, used for the whole run.
 *
 * @throws STO_ERR_SCHEMA_TOO_NEW when the schema is ahead of `migrations`.
 * @throws STO_ERR_MIGRATION_FAILED when a migration fails; it is rolled back and the
 *   migrations before it stay applied.
 * @example
 * await applyPostgresMigrations(client, POSTGRES_MIGRATIONS, { schema: 'bulwark', location, clock: systemClock }); // [1, 2] when fresh
 */
export async function applyPostgresMigrations(
  client: ClientBase,
  migrations: readonly PostgresMigration[],
  options: PostgresMigrateOptions,
): Promise<number[]> {
  assertWellFormed(migrations);
  const key = migrationLockKey(options.schema);
  await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  let applied: number[];
  try {
    applied = await migrateLocked(client, migrations, options);
  } catch (err) {
    // The migration error is what matters; a failed unlock here means a dead connection,
    // which the caller destroys (and the server then releases the lock).
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
    throw err;
  }
  await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
  return applied;
}

async function migrateLocked(client: ClientBase, migrations: readonly PostgresMigration[], options: PostgresMigrateOptions): Promise<number[]> {
  await ensureSchema(client, options.schema);
  const known = migrations.at(-1)?.version ?? 0;
  const current = await postgresSchemaVersion(client, options.schema);
  if (current > known) {
    throw storeErrors.error(
      'STO_ERR_SCHEMA_TOO_NEW',
      `schema "${options.schema}" at ${options.location} has schema version ${current}; this bulwark knows up to ${known}`,
      { schema: options.schema, databaseVersion: current, knownVersion: known },
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await applyOne(client, migration, options);
    applied.push(migration.version);
  }
  return applied;
}

/**
 * The highest version recorded in `schema_version` of `schema`, 0 when none (or when the
 * table does not exist yet).
 *
 * @example
 * await postgresSchemaVersion(client, 'bulwark'); // 2
 */
export async function postgresSchemaVersion(client: ClientBase, schema: string): Promise<number> {
  const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [`${quoteSchema(schema)}.schema_version`]);
  if (exists.rows[0]?.present !== true) return 0;
  const { rows } = await client.query(`SELECT COALESCE(MAX(version), 0) AS v FROM ${quoteSchema(schema)}.schema_version`);
  return Number(rows[0]?.v ?? 0);
}

/**
 * The advisory lock key of a schema's migrations: the first 8 bytes of
 * sha256(`bulwark:migrate:<schema>`) as a signed 64-bit integer, in decimal.
 *
 * @example
 * migrationLockKey('bulwark'); // '-6431…' (stable across processes and versions)
 */
export function migrationLockKey(schema: string): string {
  return BigInt.asIntN(64, BigInt(`0x${sha256Hex(`bulwark:migrate:${schema}`).slice(0, 16)}`)).toString();
}

/**
 * Creates the schema and `schema_version` only when missing, checking the catalog first:
 * a role that may use but not create them (the DBA migrated) still opens the store.
 */
async function ensureSchema(client: ClientBase, schema: string): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteSchema(schema)}`);
  const table = await client.query('SELECT to_regclass($1) IS NOT NULL AS present', [`${quoteSchema(schema)}.schema_version`]);
  if (table.rows[0]?.present === true) return;
  await client.query(`
CREATE TABLE ${quoteSchema(schema)}.schema_version (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at bigint NOT NULL
)`);
}

async function applyOne(client: ClientBase, migration: PostgresMigration, options: PostgresMigrateOptions): Promise<void> {
  const schema = quoteSchema(options.schema);
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(migration.up);
    await client.query(`INSERT INTO ${schema}.schema_version (version, name, applied_at) VALUES ($1, $2, $3)`, [
      migration.version,
      migration.name,
      options.clock.now(),
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (isBulwarkError(err)) throw err;
    throw storeErrors.error(
      'STO_ERR_MIGRATION_FAILED',
      `migration ${migration.version} (${migration.name}) failed on schema "${options.schema}" at ${options.location}: ${(err as Error).message}`,
      { schema: options.schema, version: migration.version, name: migration.name },
      err,
    );
  }
}

function assertWellFormed(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((m, i) => {
    assert.equal(m.version, i + 1, `migration #${i} (${m.name}) has version ${m.version}, expected ${i + 1}`);
  });
}
