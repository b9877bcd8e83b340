/**
 * @module store/memory/memory-store.test
 * The memory adapter against both contract suites, plus its lifecycle.
 */
import { describe, expect, it } from 'vitest';
import { runAlertOutboxContract } from '../../alerts/outbox.contract.js';
import { runAuditStoreContract } from '../../audit/audit-store.contract.js';
import { runLedgerStoreContract } from '../../gateway/ledger-store.contract.js';
import { runRegistryStoreContract } from '../../registry/registry-store.contract.js';
import { runRollbackStoreContract } from '../../rollback/rollback-store.contract.js';
import { createMemoryStore } from './memory-store.js';

runRegistryStoreContract('memory', {
  create: async () => {
    const store = createMemoryStore();
    await store.start();
    return { registry: store.registry, documents: store.documents, close: () => store.shutdown() };
  },
});

runAuditStoreContract('memory', {
  create: async () => {
    const store = createMemoryStore();
    await store.start();
    return { audit: store.audit, close: () => store.shutdown() };
  },
});

runLedgerStoreContract('memory', {
  create: async () => {
    const store = createMemoryStore();
    await store.start();
    return { ledger: store.ledger, close: () => store.shutdown() };
  },
});

runRollbackStoreContract('memory', {
  create: async () => {
    const store = createMemoryStore();
    await store.start();
    return { stores: store.rollback, close: () => store.shutdown() };
  },
});

runAlertOutboxContract('memory', {
  create: async () => {
    const store = createMemoryStore();
    await store.start();
    return { outbox: store.alerts, close: () => store.shutdown() };
  },
});

describe('createMemoryStore lifecycle', () => {
  it('shuts down idempotently, after which the ports reject', async () => {
    const store = createMemoryStore();
    await store.start();
    await store.forceFlush();
    await store.shutdown();
    await store.shutdown();
    await store.forceFlush();
    await expect(store.registry.listVersions()).rejects.toThrow(/after shutdown/);
    await expect(store.documents.get('a'.repeat(64))).rejects.toThrow(/after shutdown/);
    await expect(store.audit.head()).rejects.toThrow(/after shutdown/);
    await expect(store.ledger.byRequestId('r')).rejects.toThrow(/after shutdown/);
    await expect(store.alerts.depth()).rejects.toThrow(/after shutdown/);
    await expect(store.start()).rejects.toThrow(/after shutdown/);
  });

  it('keeps separate stores separate', async () => {
    const a = createMemoryStore();
    const b = createMemoryStore();
    await a.documents.put(Uint8Array.from([1]), 'application/octet-stream');
    expect(await b.documents.get((await a.documents.put(Uint8Array.from([1]), 'x')))).toBeUndefined();
  });
});
