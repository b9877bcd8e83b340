/**
 * @module store/postgres/postgres-store.test
 * The PostgreSQL adapter against the real server on 127.0.0.1: the registry, audit, ledger
 * and rollback contract suites, each test in a fresh schema dropped afterwards, plus what only a server-backed store has:
 * persistence across pools, two pools on one schema, lifecycle, unreachable servers and
 * rows edited behind the store's back. Skipped with a reason when PostgreSQL is down,
 * failed instead under BULWARK_REQUIRE_SERVICES=1 (test/helpers/services.ts).
 */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dropPostgresSchema, requirePostgres, testSchemaName, withPostgresClient } from '../../../test/helpers/services.js';
import { rejected } from '../../../test/helpers/errors.js';
import { runAuditStoreContract } from '../../audit/audit-store.contract.js';
import { runLedgerStoreContract } from '../../gateway/ledger-store.contract.js';
import { runRegistryStoreContract } from '../../registry/registry-store.contract.js';
import { runRollbackStoreContract } from '../../rollback/rollback-store.contract.js';
import { runAlertOutboxContract } from '../../alerts/outbox.contract.js';
import type { AlertOutbox } from '../../alerts/ports.js';
import { digestJson, sha256Hex } from '../../shared/digest.js';
import { describePostgresUrl } from './connection.js';
import { openPostgresStore } from './postgres-store.js';
import type { PostgresStore, PostgresStoreOptions } from './postgres-store.js';

const postgres = await requirePostgres();
const url = postgres.url;

/** Opens a store in a fresh schema; `close` shuts it down and drops the schema. */
async function freshStore(options: Partial<PostgresStoreOptions> = {}): Promise<{ store: PostgresStore; close(): Promise<void> }> {
  const schema = testSchemaName();
  const store = await openPostgresStore({ url, schema, poolSize: 4, ...options });
  return {
    store,
    async close() {
      await store.shutdown();
      await dropPostgresSchema(url, schema);
    },
  };
}

const RECORD = {
  model: 'fraud',
  version: 'v1',
  artifact: { digest: sha256Hex('artifact'), sizeBytes: 10, path: '/m/fraud.onnx' },
  createdAt: 1_000,
};

function firstAuditEntry() {
  const body = { seq: 1, at: 1, actor: 'alice', action: 'registry.add', target: 'model:fraud/v1', details: { a: 1 }, prevHash: '0'.repeat(64) };
  return { ...body, hash: digestJson(body) };
}

describe.skipIf(!postgres.available)(`postgres (${postgres.reason})`, () => {
  runRegistryStoreContract('postgres', {
    create: async () => {
      const { store, close } = await freshStore();
      return { registry: store.registry, documents: store.documents, close };
    },
  });

  runAuditStoreContract('postgres', {
    create: async () => {
      const { store, close } = await freshStore();
      return { audit: store.audit, close };
    },
  });

  runLedgerStoreContract('postgres', {
    create: async () => {
      const { store, close } = await freshStore();
      return { ledger: store.ledger, close };
    },
  });

  runRollbackStoreContract('postgres', {
    create: async () => {
      const { store, close } = await freshStore();
      return { stores: store.rollback, close };
    },
  });

  runAlertOutboxContract('postgres', {
    create: async () => {
      const { store, close } = await freshStore();
      return { outbox: store.alerts as AlertOutbox, close };
    },
  });

  describe('openPostgresStore', () => {
    let schema: string;
    const opened: PostgresStore[] = [];
    const open = async (): Promise<PostgresStore> => {
      const store = await openPostgresStore({ url, schema, poolSize: 2 });
      opened.push(store);
      return store;
    };
    beforeEach(() => {
      schema = testSchemaName();
    });
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.shutdown();
      await dropPostgresSchema(url, schema);
    });

    it('describes where it is without the password', async () => {
      const store = await open();
      expect(store.schema).toBe(schema);
      expect(store.location).toEqual({ host: '127.0.0.1', port: 5432, database: new URL(url).pathname.slice(1), user: expect.any(String) });
    });

    it('keeps data across shutdown and re-open', async () => {
      const first = await open();
      await first.registry.insertVersion(RECORD);
      const digest = await first.documents.put(Uint8Array.from([1, 2]), 'application/octet-stream');
      await first.audit.append(firstAuditEntry());
      await first.forceFlush();
      await first.shutdown();
      const second = await open();
      expect(await second.registry.getVersion('fraud', 'v1')).toStrictEqual(RECORD);
      expect(Array.from((await second.documents.get(digest))?.content ?? [])).toEqual([1, 2]);
      expect(await second.audit.head()).toStrictEqual(firstAuditEntry());
    });

    it('lets a second pool see committed rows, never overwrite them, and lose the audit race', async () => {
      const a = await open();
      const b = await open();
      await a.registry.insertVersion(RECORD);
      expect(await b.registry.getVersion('fraud', 'v1')).toStrictEqual(RECORD);
      expect(await b.registry.insertVersion({ ...RECORD, notes: 'other' })).toStrictEqual({ created: false, record: RECORD });
      await a.audit.append(firstAuditEntry());
      expect(await rejected(b.audit.append(firstAuditEntry()))).toMatchObject({ code: 'STO_ERR_CONFLICT' });
      expect(await b.audit.list()).toHaveLength(1);
    });

    it('shuts down idempotently, after which the ports reject', async () => {
      const store = await open();
      await store.start();
      await store.shutdown();
      await store.shutdown();
      await store.forceFlush();
      await expect(store.registry.listVersions()).rejects.toThrow(/after shutdown/);
      await expect(store.documents.get('a'.repeat(64))).rejects.toThrow(/after shutdown/);
      await expect(store.audit.list()).rejects.toThrow(/after shutdown/);
    });

    it('refuses a schema name that would need quoting, and a bad pool size', async () => {
      await expect(openPostgresStore({ url, schema: 'Bulwark' })).rejects.toThrow(RangeError);
      await expect(openPostgresStore({ url, schema: 'x"; DROP SCHEMA public; --' })).rejects.toThrow(/schema must match/);
      await expect(openPostgresStore({ url, schema: 'pg_temp' })).rejects.toThrow(RangeError);
      await expect(openPostgresStore({ url, schema, poolSize: 0 })).rejects.toThrow(/poolSize/);
    });

    it('raises STO_ERR_OPEN_FAILED for a database that does not exist', async () => {
      const missing = new URL(url);
      missing.pathname = '/bulwark_no_such_database';
      const err = await rejected(openPostgresStore({ url: missing.href, schema }));
      expect(err.code).toBe('STO_ERR_OPEN_FAILED');
      expect(err.message).toMatch(/bulwark_no_such_database/);
    });
  });

  describe('postgres corrupt rows', () => {
    let fixture: { store: PostgresStore; close(): Promise<void> };
    const edit = (sql: string, values: unknown[] = []) => withPostgresClient(url, (c) => c.query(sql.replaceAll('S.', `"${fixture.store.schema}".`), values));
    const corrupt = (table: string, key: string, column: string) =>
      expect.objectContaining({ code: 'STO_ERR_CORRUPT_ROW', details: { table, key, column } });
    beforeEach(async () => {
      fixture = await freshStore();
    });
    afterEach(async () => {
      await fixture.close();
    });

    it('names the table, key and column of a model version that does not decode', async () => {
      const { store } = fixture;
      await store.registry.insertVersion(RECORD);
      await edit(`UPDATE S.model_versions SET signature = '{"inputs": [' WHERE model = 'fraud'`);
      await expect(store.registry.getVersion('fraud', 'v1')).rejects.toEqual(corrupt('model_versions', 'fraud/v1', 'signature'));
      await edit(`UPDATE S.model_versions SET signature = NULL, created_at = 9007199254740993 WHERE model = 'fraud'`);
      await expect(store.registry.listVersions()).rejects.toEqual(corrupt('model_versions', 'fraud/v1', 'created_at'));
    });

    it('reports an unknown status and bad audit details', async () => {
      const { store } = fixture;
      await store.registry.insertVersion(RECORD);
      const { seq } = await store.registry.appendStatus({ model: 'fraud', version: 'v1', status: 'active', at: 1, actor: 'ci' });
      await store.audit.append(firstAuditEntry());
      await edit(`UPDATE S.status_events SET status = 'promoted'`);
      await edit(`UPDATE S.audit_log SET details = '[1]'`);
      await expect(store.registry.listStatusEvents('fraud')).rejects.toEqual(corrupt('status_events', String(seq), 'status'));
      await expect(store.audit.list()).rejects.toEqual(corrupt('audit_log', 'seq 1', 'details'));
      await expect(store.audit.head()).rejects.toEqual(corrupt('audit_log', 'seq 1', 'details'));
    });

    it('still appends after a head whose details were mangled (verify reports it)', async () => {
      const { store } = fixture;
      const first = firstAuditEntry();
      await store.audit.append(first);
      await edit(`UPDATE S.audit_log SET details = 'nope'`);
      const body = { ...first, seq: 2, prevHash: first.hash };
      await store.audit.append({ ...body, hash: digestJson({ ...body, hash: undefined }) });
      expect((await store.audit.list({ afterSeq: 1 })).map((e) => e.seq)).toEqual([2]);
    });

    it('refuses to append when the append lock row was deleted', async () => {
      const { store } = fixture;
      await edit('DELETE FROM S.audit_append_lock');
      await expect(store.audit.append(firstAuditEntry())).rejects.toEqual(corrupt('audit_append_lock', 'id 1', 'id'));
      expect(await store.audit.head()).toBeUndefined();
    });

    it('refuses to serve a blob whose bytes no longer match its digest', async () => {
      const { store } = fixture;
      const digest = await store.documents.put(Uint8Array.from([1, 2, 3]), 'application/octet-stream');
      await edit('UPDATE S.blobs SET content = $1 WHERE digest = $2', [Buffer.from([1, 2, 4]), digest]);
      await expect(store.documents.get(digest)).rejects.toEqual(corrupt('blobs', digest, 'content'));
      await edit('UPDATE S.blobs SET content = $1, size = 2 WHERE digest = $2', [Buffer.from([1, 2, 3]), digest]);
      await expect(store.documents.get(digest)).rejects.toEqual(corrupt('blobs', digest, 'size'));
    });
  });
});

// Needs no server: nothing listens on port 1.
describe('openPostgresStore on an unreachable server', () => {
  it('raises STO_ERR_OPEN_FAILED naming host and port, never the password', async () => {
    const err = await rejected(openPostgresStore({ url: 'postgres://bulwark:s3cret-pw@127.0.0.1:1/fleet', connectTimeoutMs: 2_000 }));
    expect(err.code).toBe('STO_ERR_OPEN_FAILED');
    expect(err.message).toMatch(/^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/fleet as bulwark: /);
    expect(err.details).toEqual({ host: '127.0.0.1', port: 1, database: 'fleet', user: 'bulwark' });
    expect(`${inspect(err, { depth: 5 })} ${JSON.stringify(err)}`).not.toMatch(/s3cret-pw/);
  });

  it('raises STO_ERR_OPEN_FAILED for a URL that does not parse, without echoing it', async () => {
    const err = await rejected(openPostgresStore({ url: 'postgres://bulwark:s3cret-pw@[bad/fleet' }));
    expect(err.code).toBe('STO_ERR_OPEN_FAILED');
    expect(inspect(err, { depth: 5 })).not.toMatch(/s3cret-pw/);
  });
});

describe('describePostgresUrl', () => {
  it('reads host, port, database and user, with libpq defaults, and never the password', () => {
    expect(describePostgresUrl('postgresql://app:pw@db.internal:5433/fleet')).toEqual({ host: 'db.internal', port: 5433, database: 'fleet', user: 'app' });
    expect(describePostgresUrl('postgres://db')).toEqual({ host: 'db', port: 5432, database: 'postgres', user: 'postgres' });
    expect(describePostgresUrl('postgres://a%40b@/x?host=/run/postgresql')).toEqual({ host: '/run/postgresql', port: 5432, database: 'x', user: 'a@b' });
    expect(describePostgresUrl('postgres://a%zz:pw@h/d').user).toBe('a%zz');
  });

  it('refuses other schemes', () => {
    expect(() => describePostgresUrl('mysql://u:pw@h/d')).toThrow(expect.objectContaining({ code: 'STO_ERR_OPEN_FAILED' }));
  });
});
