/**
 * @module store/postgres/schema-name
 * The PostgreSQL schema a store lives in. Its name is spliced into SQL (identifiers cannot
 * be bound as parameters), so only plain lower-case identifiers are accepted and they are
 * always double-quoted.
 */

/** The schema used when none is configured. */
export const DEFAULT_POSTGRES_SCHEMA = 'bulwark';

/** Lower-case letters, digits and `_`, not starting with a digit, at most 63 bytes (PostgreSQL's limit). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Throws a `RangeError` naming the option unless `schema` is a plain lower-case
 * identifier (the config schema checks the same pattern, so this only catches callers
 * that bypass it).
 *
 * @example
 * assertSchemaName('bulwark_test_1a2b'); // fine
 * assertSchemaName('Robert"; DROP'); // RangeError
 */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema) || schema.startsWith('pg_')) {
    throw new RangeError(`openPostgresStore(options): schema must match ${SCHEMA_NAME.source} and not start with pg_, got ${JSON.stringify(schema)}`);
  }
}

/**
 * The schema as a quoted SQL identifier, e.g. `"bulwark"`.
 *
 * @example
 * `SELECT * FROM ${quoteSchema('bulwark')}.audit_log`;
 */
export function quoteSchema(schema: string): string {
  assertSchemaName(schema);
  return `"${schema}"`;
}
