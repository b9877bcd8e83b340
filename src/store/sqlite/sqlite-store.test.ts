/**
 * @module store/sqlite/sqlite-store.test
 * The SQLite adapter against both contract suites, plus what only a file-backed store
 * has: pragmas, migrations, persistence, several connections, open failures, corrupt rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAuditStoreContract } from '../../audit/audit-store.contract.js';
import { runLedgerStoreContract } from '../../gateway/ledger-store.contract.js';
import { runRegistryStoreContract } from '../../registry/registry-store.contract.js';
import { runRollbackStoreContract } from '../../rollback/rollback-store.contract.js';
import { ManualClock } from '../../shared/clock.js';
import { digestJson, sha256Hex } from '../../shared/digest.js';
import { SQLITE_MIGRATIONS } from './migrations/index.js';
import { openSqliteStore, sqliteStoreInternals } from './sqlite-store.js';
import type { SqliteStore } from './sqlite-store.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bulwark-sqlite-'));
}

/** Opens a store in a fresh temp dir; `close` shuts it down and removes the dir. */
function freshStore(): { store: SqliteStore; close(): Promise<void> } {
  const dir = tempDir();
  const store = openSqliteStore({ path: join(dir, '.bulwark', 'bulwark.db') });
  return {
    store,
    async close() {
      await store.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

runRegistryStoreContract('sqlite', {
  create: async () => {
    const { store, close } = freshStore();
    return { registry: store.registry, documents: store.documents, close };
  },
});

runAuditStoreContract('sqlite', {
  create: async () => {
    const { store, close } = freshStore();
    return { audit: store.audit, close };
  },
});

runLedgerStoreContract('sqlite', {
  create: async () => {
    const { store, close } = freshStore();
    return { ledger: store.ledger, close };
  },
});

runRollbackStoreContract('sqlite', {
  create: async () => {
    const { store, close } = freshStore();
    return { stores: store.rollback, close };
  },
});

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

describe('openSqliteStore', () => {
  let dir: string;
  let path: string;
  const opened: SqliteStore[] = [];
  const open = (clock = new ManualClock(42)): SqliteStore => {
    const store = openSqliteStore({ path, clock });
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = tempDir();
    path = join(dir, '.bulwark', 'nested', 'bulwark.db');
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the parent folder and sets the pragmas', () => {
    const { db } = sqliteStoreInternals(open());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  });

  it('records every migration on a fresh file, and re-opening applies nothing', async () => {
    const rows = () => sqliteStoreInternals(opened.at(-1) as SqliteStore).db.prepare('SELECT * FROM schema_version ORDER BY version').all();
    open(new ManualClock(42));
    const expected = SQLITE_MIGRATIONS.map((m, i) => ({ version: i + 1, name: m.name, applied_at: 42 }));
    expect(rows()).toEqual(expected);
    await opened[0]?.shutdown();
    open(new ManualClock(99));
    expect(rows()).toEqual(expected);
  });

  it('applies only the migrations the file lacks', async () => {
    const { db } = sqliteStoreInternals(open(new ManualClock(1)));
    const last = SQLITE_MIGRATIONS.length;
    // The last migration (006 ledger batches) undone by hand.
    db.exec(`DROP TABLE ledger_batches; DELETE FROM schema_version WHERE version = ${last}`);
    await opened[0]?.shutdown();
    const again = open(new ManualClock(2));
    const applied = sqliteStoreInternals(again).db.prepare('SELECT version, applied_at FROM schema_version ORDER BY version').all();
    expect(applied).toEqual(SQLITE_MIGRATIONS.map((m) => ({ version: m.version, applied_at: m.version === last ? 2 : 1 })));
    expect(sqliteStoreInternals(again).db.prepare('SELECT count(*) AS n FROM ledger_batches').get()).toEqual({ n: 0 });
  });

  it('refuses a schema newer than the code with STO_ERR_SCHEMA_TOO_NEW', async () => {
    await open().shutdown();
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(SQLITE_MIGRATIONS.length + 1, 'future', 0);
    raw.close();
    expect(() => openSqliteStore({ path })).toThrow(
      expect.objectContaining({ code: 'STO_ERR_SCHEMA_TOO_NEW', details: { path, databaseVersion: SQLITE_MIGRATIONS.length + 1, knownVersion: SQLITE_MIGRATIONS.length } }),
    );
  });

  it('keeps data across close and re-open', async () => {
    const first = open();
    await first.registry.insertVersion(RECORD);
    const digest = await first.documents.put(Uint8Array.from([1, 2]), 'application/octet-stream');
    await first.audit.append(firstAuditEntry());
    await first.forceFlush();
    await first.shutdown();
    const second = open();
    expect(await second.registry.getVersion('fraud', 'v1')).toStrictEqual(RECORD);
    expect(Array.from((await second.documents.get(digest))?.content ?? [])).toEqual([1, 2]);
    expect(await second.audit.head()).toStrictEqual(firstAuditEntry());
  });

  it('lets a second connection see committed rows and lose the audit race', async () => {
    const a = open();
    const b = open();
    await a.registry.insertVersion(RECORD);
    expect(await b.registry.getVersion('fraud', 'v1')).toStrictEqual(RECORD);
    expect(await b.registry.insertVersion({ ...RECORD, notes: 'other' })).toStrictEqual({ created: false, record: RECORD });
    await a.audit.append(firstAuditEntry());
    await expect(b.audit.append(firstAuditEntry())).rejects.toMatchObject({ code: 'STO_ERR_CONFLICT' });
    expect(await b.audit.list()).toHaveLength(1);
  });

  it('shuts down idempotently, after which the ports reject', async () => {
    const store = open();
    await store.start();
    await store.shutdown();
    await store.shutdown();
    await store.forceFlush();
    await expect(store.registry.listVersions()).rejects.toThrow(/after shutdown/);
    await expect(store.audit.list()).rejects.toThrow(/after shutdown/);
    await expect(store.ledger.query({ model: 'm', fromMs: 0, toMs: 1 })).rejects.toThrow(/after shutdown/);
  });

  it('raises STO_ERR_OPEN_FAILED for a path it cannot create, open or read', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database '.repeat(100));
    for (const bad of [join(file, 'bulwark.db'), dir, garbage]) {
      expect(() => openSqliteStore({ path: bad })).toThrow(expect.objectContaining({ code: 'STO_ERR_OPEN_FAILED', details: { path: bad } }));
    }
  });

  it('exposes internals only for stores it opened', () => {
    expect(() => sqliteStoreInternals({ ...open() })).toThrow(TypeError);
  });
});

describe('sqlite corrupt rows', () => {
  let fixture: { store: SqliteStore; close(): Promise<void> };
  beforeEach(() => {
    fixture = freshStore();
  });
  afterEach(async () => {
    await fixture.close();
  });
  const corrupt = (table: string, key: string, column: string) =>
    expect.objectContaining({ code: 'STO_ERR_CORRUPT_ROW', details: { table, key, column } });

  it('names the table, key and column of a model version that does not decode', async () => {
    const { store } = fixture;
    await store.registry.insertVersion(RECORD);
    const { db } = sqliteStoreInternals(store);
    db.prepare(`UPDATE model_versions SET signature = '{"inputs": [' WHERE model = 'fraud'`).run();
    await expect(store.registry.getVersion('fraud', 'v1')).rejects.toEqual(corrupt('model_versions', 'fraud/v1', 'signature'));
    db.prepare(`UPDATE model_versions SET signature = NULL, created_at = 'yesterday' WHERE model = 'fraud'`).run();
    await expect(store.registry.listVersions()).rejects.toEqual(corrupt('model_versions', 'fraud/v1', 'created_at'));
  });

  it('reports an unknown status and bad audit details', async () => {
    const { store } = fixture;
    await store.registry.insertVersion(RECORD);
    const { seq } = await store.registry.appendStatus({ model: 'fraud', version: 'v1', status: 'active', at: 1, actor: 'ci' });
    await store.audit.append(firstAuditEntry());
    const { db } = sqliteStoreInternals(store);
    db.prepare(`UPDATE status_events SET status = 'promoted'`).run();
    db.prepare(`UPDATE audit_log SET details = '[1]'`).run();
    await expect(store.registry.listStatusEvents('fraud')).rejects.toEqual(corrupt('status_events', String(seq), 'status'));
    await expect(store.audit.list()).rejects.toEqual(corrupt('audit_log', 'seq 1', 'details'));
    await expect(store.audit.head()).rejects.toEqual(corrupt('audit_log', 'seq 1', 'details'));
  });

  it('still appends after a head whose details were mangled (verify reports it)', async () => {
    const { store } = fixture;
    const first = firstAuditEntry();
    await store.audit.append(first);
    sqliteStoreInternals(store).db.prepare(`UPDATE audit_log SET details = 'nope'`).run();
    const body = { ...first, seq: 2, prevHash: first.hash };
    await store.audit.append({ ...body, hash: digestJson({ ...body, hash: undefined }) });
    expect((await store.audit.list({ afterSeq: 1 })).map((e) => e.seq)).toEqual([2]);
  });

  it('refuses to serve a blob whose bytes no longer match its digest', async () => {
    const { store } = fixture;
    const digest = await store.documents.put(Uint8Array.from([1, 2, 3]), 'application/octet-stream');
    const { db } = sqliteStoreInternals(store);
    db.prepare('UPDATE blobs SET content = ? WHERE digest = ?').run(Buffer.from([1, 2, 4]), digest);
    await expect(store.documents.get(digest)).rejects.toEqual(corrupt('blobs', digest, 'content'));
    db.prepare('UPDATE blobs SET content = ?, size = 2 WHERE digest = ?').run(Buffer.from([1, 2, 3]), digest);
    await expect(store.documents.get(digest)).rejects.toEqual(corrupt('blobs', digest, 'size'));
  });
});
