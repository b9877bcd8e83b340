/**
 * @module store/sqlite/sqlite-alert-outbox.test
 * The SQLite alert outbox against the contract, plus what only a file has: deliveries
 * survive a close and re-open, two connections on one file never claim the same row
 * while its lease runs, and an edited row is reported as corrupt.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejected } from '../../../test/helpers/errors.js';
import { runAlertOutboxContract } from '../../alerts/outbox.contract.js';
import type { OutboxEntry } from '../../alerts/ports.js';
import { openSqliteStore, sqliteStoreInternals } from './sqlite-store.js';
import type { SqliteStore } from './sqlite-store.js';

runAlertOutboxContract('sqlite', {
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-outbox-'));
    const store = openSqliteStore({ path: join(dir, 'bulwark.db') });
    return {
      outbox: store.alerts,
      async close() {
        await store.shutdown();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

function entry(key: string, createdAt: number): OutboxEntry {
  return {
    sink: 'webhook-1',
    key,
    dedupeKey: key,
    severity: 'ticket',
    createdAt,
    payload: {
      type: 'alert', action: 'trigger', key, dedupeKey: key, severity: 'ticket', summary: key, source: 'anomaly', kind: 'rule', model: 'fraud', rule: 'r',
      apiKeys: [], count: 1, repeatsBefore: 0, firstSeenAt: 0, at: createdAt, runbook: { id: 'triage', title: 'Triage', url: 'docs/runbooks/triage.md' }, related: [], details: {},
    },
  };
}

describe('SqliteAlertOutbox on a file', () => {
  let dir: string;
  let path: string;
  const opened: SqliteStore[] = [];
  const open = (): SqliteStore => {
    const store = openSqliteStore({ path });
    opened.push(store);
    return store;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-outbox-'));
    path = join(dir, 'bulwark.db');
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps queued deliveries, attempts and errors across close and re-open', async () => {
    const first = open();
    await first.alerts.enqueue([entry('a', 10), entry('b', 20)]);
    await first.alerts.claim({ owner: 'p1', now: 30, leaseMs: 1_000, limit: 1 });
    await first.alerts.scheduleRetry({ sink: 'webhook-1', key: 'a', owner: 'p1' }, { at: 31, nextAttemptAt: 500, error: 'connect ECONNREFUSED', status: 0 });
    await first.shutdown();
    const second = open();
    expect(await second.alerts.get('webhook-1', 'a')).toMatchObject({ attempts: 1, nextAttemptAt: 500, lastError: 'connect ECONNREFUSED', lastStatus: 0, status: 'pending' });
    expect(await second.alerts.enqueue([entry('a', 99)])).toEqual({ inserted: 0 });
    expect((await second.alerts.claim({ owner: 'p2', now: 500, leaseMs: 1_000, limit: 5 })).map((i) => i.key)).toEqual(['b', 'a']);
  });

  it('two connections on one file claim disjoint rows', async () => {
    const a = open();
    const b = open();
    await a.alerts.enqueue(Array.from({ length: 20 }, (_, i) => entry(`k${String(i).padStart(2, '0')}`, i)));
    const [ca, cb] = await Promise.all([a.alerts.claim({ owner: 'A', now: 100, leaseMs: 60_000, limit: 12 }), b.alerts.claim({ owner: 'B', now: 100, leaseMs: 60_000, limit: 12 })]);
    const keys = [...ca, ...cb].map((i) => i.key);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
  });

  it('reports an edited row as STO_ERR_CORRUPT_ROW naming the column', async () => {
    const store = open();
    await store.alerts.enqueue([entry('a', 10)]);
    sqliteStoreInternals(store).db.prepare("UPDATE alert_outbox SET payload = '{oops' WHERE key = 'a'").run();
    const err = await rejected(store.alerts.get('webhook-1', 'a'));
    expect(err.code).toBe('STO_ERR_CORRUPT_ROW');
    expect(err.details).toEqual({ table: 'alert_outbox', key: 'webhook-1/a', column: 'payload' });
  });
});
