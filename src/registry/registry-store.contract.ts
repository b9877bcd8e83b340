/**
 * @module registry/registry-store.contract
 * The contract suite of the registry's storage ports (RegistryStore and DocumentStore).
 * Every adapter's test file calls `runRegistryStoreContract` with a factory, so that
 * memory, SQLite and PostgreSQL are held to the same behaviour. Excluded from the build.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../shared/digest.js';
import type { ModelSignature } from '../shared/signature.js';
import type { AttachedDocument, DocumentStore, ModelVersionRecord, RegistryStore } from './ports.js';

/** What the contract's factory returns: fresh, empty ports and a way to release them. */
export interface RegistryStoreFixture {
  readonly registry: RegistryStore;
  readonly documents: DocumentStore;
  close(): Promise<void>;
}

const SIGNATURE: ModelSignature = {
  inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 30], range: [-5, 5] }],
  outputs: [{ name: 'score', datatype: 'FP32', shape: [-1, 1] }],
};

function version(model: string, v: string, overrides: Partial<ModelVersionRecord> = {}): ModelVersionRecord {
  return {
    model,
    version: v,
    artifact: { digest: sha256Hex(`${model}/${v}`), sizeBytes: 1234, path: `/models/${model}/${v}.onnx` },
    createdAt: 1_000,
    ...overrides,
  };
}

function doc(model: string, v: string, kind: string, digest: string, attachedAt = 5_000): AttachedDocument {
  return { model, version: v, kind, digest, attachedAt, actor: 'alice' };
}

const keys = (records: readonly ModelVersionRecord[]): string[] => records.map((r) => `${r.model}/${r.version}`);

/**
 * Registers the RegistryStore and DocumentStore contract tests under `describe(name)`.
 * `create` is called before each test and must return empty ports; `close` after it.
 *
 * @example
 * runRegistryStoreContract('memory', { create: async () => {
 *   const s = createMemoryStore(); return { registry: s.registry, documents: s.documents, close: () => s.shutdown() };
 * } });
 */
export function runRegistryStoreContract(name: string, options: { create: () => Promise<RegistryStoreFixture> }): void {
  describe(`${name}: RegistryStore contract`, () => {
    const current = useFixture(options.create);
    describe('versions', () => versionTests(() => current().registry));
    describe('status events and attached documents', () => historyTests(() => current().registry));
  });
  describe(`${name}: DocumentStore contract`, () => {
    const current = useFixture(options.create);
    documentStoreTests(() => current().documents);
  });
}

/** A fresh fixture per test, closed after it; the getter returns the current one. */
function useFixture(create: () => Promise<RegistryStoreFixture>): () => RegistryStoreFixture {
  let fixture: RegistryStoreFixture | undefined;
  beforeEach(async () => {
    fixture = await create();
  });
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });
  return () => {
    if (fixture === undefined) throw new Error('contract fixture used outside a test');
    return fixture;
  };
}

function versionTests(store: () => RegistryStore): void {
  let registry: RegistryStore;
  beforeEach(() => {
    registry = store();
  });

  it('inserts a version and reads back exactly the record, without extra fields', async () => {
    const record = version('fraud', 'v1');
    expect(await registry.insertVersion(record)).toStrictEqual({ created: true, record });
    expect(await registry.getVersion('fraud', 'v1')).toStrictEqual(record);
    expect(await registry.getVersion('fraud', 'v2')).toBeUndefined();
    expect(await registry.getVersion('other', 'v1')).toBeUndefined();
  });

  it('round-trips every optional field', async () => {
    const record = version('fraud', 'v1', {
      upstream: 'http://127.0.0.1:8081',
      signature: SIGNATURE,
      datasetManifestDigest: sha256Hex('manifest'),
      notes: 'retrained on Q3 data — ünïcödé ✓',
    });
    expect((await registry.insertVersion(record)).record).toStrictEqual(record);
    expect(await registry.getVersion('fraud', 'v1')).toStrictEqual(record);
    expect(await registry.listVersions()).toStrictEqual([record]);
  });

  it('never overwrites: the same key returns created:false and the original record', async () => {
    const original = version('fraud', 'v1', { notes: 'first' });
    await registry.insertVersion(original);
    const other = version('fraud', 'v1', { notes: 'second', artifact: { digest: sha256Hex('x'), sizeBytes: 1, path: '/x' } });
    expect(await registry.insertVersion(other)).toStrictEqual({ created: false, record: original });
    expect(await registry.insertVersion(original)).toStrictEqual({ created: false, record: original });
    expect(await registry.getVersion('fraud', 'v1')).toStrictEqual(original);
    expect(await registry.listVersions()).toHaveLength(1);
  });

  it('returns copies: mutating a result does not change the store', async () => {
    const record = version('fraud', 'v1', { signature: SIGNATURE });
    const { record: returned } = await registry.insertVersion(record);
    (returned.artifact as { path: string }).path = '/mutated';
    (returned.signature?.inputs[0] as { name: string }).name = 'mutated';
    const read = await registry.getVersion('fraud', 'v1');
    expect(read).toStrictEqual(record);
    (read as { notes?: string }).notes = 'mutated';
    expect(await registry.getVersion('fraud', 'v1')).toStrictEqual(record);
  });

  it('lists by model name (code point order), then createdAt, then version', async () => {
    const records = [
      version('b', 'v2', { createdAt: 2 }),
      version('a', 'v9', { createdAt: 1 }),
      version('b', 'v1', { createdAt: 3 }),
      version('B', 'v1', { createdAt: 1 }),
      version('a', 'v10', { createdAt: 1 }),
      version('a', 'v0', { createdAt: 2 }),
    ];
    for (const r of records) await registry.insertVersion(r);
    expect(keys(await registry.listVersions())).toEqual(['B/v1', 'a/v10', 'a/v9', 'a/v0', 'b/v2', 'b/v1']);
    expect(keys(await registry.listVersions({}))).toHaveLength(6);
  });

  it('filters the list by model', async () => {
    for (const r of [version('fraud', 'v1'), version('vision', 'v1'), version('fraud', 'v2', { createdAt: 2_000 })]) {
      await registry.insertVersion(r);
    }
    expect(keys(await registry.listVersions({ model: 'fraud' }))).toEqual(['fraud/v1', 'fraud/v2']);
    expect(await registry.listVersions({ model: 'fra' })).toEqual([]);
  });
}

function historyTests(store: () => RegistryStore): void {
  let registry: RegistryStore;
  beforeEach(() => {
    registry = store();
  });

  it('assigns increasing seq to status events across models', async () => {
    for (const r of [version('fraud', 'v1'), version('vision', 'v1')]) await registry.insertVersion(r);
    const first = await registry.appendStatus({ model: 'fraud', version: 'v1', status: 'candidate', at: 10, actor: 'ci' });
    const second = await registry.appendStatus({ model: 'vision', version: 'v1', status: 'active', at: 11, actor: 'ci', reason: 'promoted' });
    const third = await registry.appendStatus({ model: 'fraud', version: 'v1', status: 'active', at: 12, actor: 'bob' });
    expect(first).toStrictEqual({ seq: first.seq, model: 'fraud', version: 'v1', status: 'candidate', at: 10, actor: 'ci' });
    expect(second).toStrictEqual({ seq: second.seq, model: 'vision', version: 'v1', status: 'active', at: 11, actor: 'ci', reason: 'promoted' });
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(third.seq).toBeGreaterThan(second.seq);
  });

  it('lists status events in seq order, optionally for one version', async () => {
    for (const r of [version('fraud', 'v1'), version('fraud', 'v2'), version('vision', 'v1')]) await registry.insertVersion(r);
    const appended = [];
    for (const [v, status] of [['v1', 'active'], ['v2', 'candidate'], ['v1', 'lkg'], ['v2', 'active']] as const) {
      appended.push(await registry.appendStatus({ model: 'fraud', version: v, status, at: 0, actor: 'ci', reason: `to ${status}` }));
      await registry.appendStatus({ model: 'vision', version: 'v1', status: 'active', at: 0, actor: 'ci' });
    }
    expect(await registry.listStatusEvents('fraud')).toStrictEqual(appended);
    expect(await registry.listStatusEvents('fraud', 'v1')).toStrictEqual([appended[0], appended[2]]);
    expect(await registry.listStatusEvents('fraud', 'v3')).toEqual([]);
    expect(await registry.listStatusEvents('nope')).toEqual([]);
  });

  it('attaches a document once per (model, version, kind, digest), keeping the first', async () => {
    for (const r of [version('fraud', 'v1'), version('fraud', 'v2')]) await registry.insertVersion(r);
    const d = sha256Hex('baseline');
    expect(await registry.attachDocument(doc('fraud', 'v1', 'baseline', d, 1))).toEqual({ created: true });
    expect(await registry.attachDocument({ ...doc('fraud', 'v1', 'baseline', d, 2), actor: 'mallory' })).toEqual({ created: false });
    expect(await registry.attachDocument(doc('fraud', 'v1', 'robustness-report', d, 3))).toEqual({ created: true });
    expect(await registry.attachDocument(doc('fraud', 'v2', 'baseline', d, 4))).toEqual({ created: true });
    expect(await registry.listDocuments('fraud', 'v1')).toStrictEqual([
      doc('fraud', 'v1', 'baseline', d, 1),
      doc('fraud', 'v1', 'robustness-report', d, 3),
    ]);
  });

  it('lists documents in attachment order, not by kind or digest', async () => {
    await registry.insertVersion(version('fraud', 'v1'));
    const attached = ['f', 'a', 'c'].map((c, i) => doc('fraud', 'v1', `kind-${c}`, c.repeat(64), 100 - i));
    for (const d of attached) await registry.attachDocument(d);
    expect(await registry.listDocuments('fraud', 'v1')).toStrictEqual(attached);
    expect(await registry.listDocuments('fraud', 'v2')).toEqual([]);
  });

  it('refuses status events and documents for a version that was never inserted', async () => {
    await expect(registry.appendStatus({ model: 'ghost', version: 'v1', status: 'active', at: 0, actor: 'ci' })).rejects.toThrow();
    await expect(registry.attachDocument(doc('ghost', 'v1', 'baseline', 'a'.repeat(64)))).rejects.toThrow();
    expect(await registry.listStatusEvents('ghost')).toEqual([]);
    expect(await registry.listDocuments('ghost', 'v1')).toEqual([]);
  });
}

function documentStoreTests(store: () => DocumentStore): void {
  let documents: DocumentStore;
  beforeEach(() => {
    documents = store();
  });

  it('round-trips arbitrary bytes and the media type; the key is the sha256 hex', async () => {
    const every = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
    for (const [content, mediaType] of [[every, 'application/octet-stream'], [new Uint8Array(0), 'text/plain']] as const) {
      const digest = await documents.put(content, mediaType);
      expect(digest).toBe(sha256Hex(content));
      const got = await documents.get(digest);
      expect(got?.mediaType).toBe(mediaType);
      expect(got?.content).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(got?.content ?? [])).toEqual(Buffer.from(content));
    }
  });

  it('stores the same bytes once: same digest, first media type kept', async () => {
    const bytes = new TextEncoder().encode('{"rate":0.01}');
    const first = await documents.put(bytes, 'application/json');
    expect(await documents.put(Buffer.from(bytes), 'text/plain')).toBe(first);
    expect((await documents.get(first))?.mediaType).toBe('application/json');
    expect(await documents.put(new TextEncoder().encode('{"rate":0.02}'), 'application/json')).not.toBe(first);
  });

  it('returns undefined for an unknown digest', async () => {
    expect(await documents.get(sha256Hex('never stored'))).toBeUndefined();
    expect(await documents.get('not-a-digest')).toBeUndefined();
  });

  it('copies bytes in and out', async () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    const digest = await documents.put(bytes, 'application/octet-stream');
    bytes[0] = 9;
    const got = await documents.get(digest);
    expect(Array.from(got?.content ?? [])).toEqual([1, 2, 3]);
    if (got !== undefined) got.content[1] = 9;
    expect(Array.from((await documents.get(digest))?.content ?? [])).toEqual([1, 2, 3]);
  });

  it('stores a view by its own bytes, not its whole buffer', async () => {
    const backing = Uint8Array.from([0, 1, 2, 3, 4, 5]);
    const view = backing.subarray(2, 4);
    const digest = await documents.put(view, 'application/octet-stream');
    expect(digest).toBe(sha256Hex(Uint8Array.from([2, 3])));
    expect(Array.from((await documents.get(digest))?.content ?? [])).toEqual([2, 3]);
  });
}
