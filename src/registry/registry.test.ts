import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/clock.js';
import { rejected } from '../../test/helpers/errors.js';
import { sha256Hex } from '../shared/digest.js';
import { AuditLog } from '../audit/index.js';
import { createMemoryStore } from '../store/index.js';
import { Registry } from './registry.js';

const DIGEST_A = 'a'.repeat(64);
const DIGEST_B = 'b'.repeat(64);

const codeOf = async (p: Promise<unknown>): Promise<string> => (await rejected(p)).code;

describe('Registry', () => {
  let clock: ManualClock;
  let store: ReturnType<typeof createMemoryStore>;
  let audit: AuditLog;
  let registry: Registry;
  const artifact = { digest: DIGEST_A, sizeBytes: 10, path: '/models/fraud-v1.onnx' };

  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
    store = createMemoryStore();
    audit = new AuditLog({ store: store.audit, clock });
    registry = new Registry({ store: store.registry, documents: store.documents, audit, clock });
  });

  it('adds a version as candidate and writes one audit entry', async () => {
    const result = await registry.addVersion({ model: 'fraud', version: 'v1', artifact, upstream: 'http://127.0.0.1:9001', actor: 'alice' });
    expect(result.created).toBe(true);
    const view = await registry.getVersion('fraud', 'v1');
    expect(view.status).toBe('candidate');
    expect(view.record.artifact.digest).toBe(DIGEST_A);
    expect(view.record.createdAt).toBe(1_700_000_000_000);
    const entries = await audit.list();
    expect(entries.map((e) => [e.action, e.target, e.actor])).toEqual([['registry.add', 'model:fraud/v1', 'alice']]);
  });

  it('is a no-op for the same digest and an error for another digest', async () => {
    await registry.addVersion({ model: 'fraud', version: 'v1', artifact, actor: 'alice' });
    const again = await registry.addVersion({ model: 'fraud', version: 'v1', artifact, actor: 'bob' });
    expect(again.created).toBe(false);
    expect(await codeOf(registry.addVersion({ model: 'fraud', version: 'v1', artifact: { ...artifact, digest: DIGEST_B }, actor: 'bob' }))).toBe('REG_ERR_VERSION_CONFLICT');
    expect((await registry.getVersion('fraud', 'v1')).record.artifact.digest).toBe(DIGEST_A);
    expect(await audit.list()).toHaveLength(1);
  });

  it('appends status events and refuses forbidden transitions', async () => {
    await registry.addVersion({ model: 'fraud', version: 'v1', artifact, actor: 'alice' });
    clock.advance(1_000);
    await registry.setStatus('fraud', 'v1', 'active', { actor: 'alice', reason: 'launch' });
    await registry.setStatus('fraud', 'v1', 'retired', { actor: 'alice' });
    expect(await registry.setStatus('fraud', 'v1', 'retired', { actor: 'alice' })).toBeUndefined();
    expect(await codeOf(registry.setStatus('fraud', 'v1', 'active', { actor: 'alice' }))).toBe('REG_ERR_INVALID_TRANSITION');
    expect(await codeOf(registry.setStatus('fraud', 'v1', 'golden', { actor: 'alice' }))).toBe('REG_ERR_INVALID_STATUS');
    const view = await registry.getVersion('fraud', 'v1');
    expect(view.history.map((e) => e.status)).toEqual(['candidate', 'active', 'retired']);
    expect(view.history[1]?.reason).toBe('launch');
    expect((await audit.list()).map((e) => e.action)).toEqual(['registry.add', 'registry.status', 'registry.status']);
  });

  it('names unknown models and versions apart', async () => {
    expect(await codeOf(registry.getVersion('fraud', 'v1'))).toBe('REG_ERR_UNKNOWN_MODEL');
    await registry.addVersion({ model: 'fraud', version: 'v1', artifact, actor: 'alice' });
    expect(await codeOf(registry.getVersion('fraud', 'v9'))).toBe('REG_ERR_UNKNOWN_VERSION');
    expect(await codeOf(registry.list('nope'))).toBe('REG_ERR_UNKNOWN_MODEL');
  });

  it('validates names, upstreams and signatures before writing anything', async () => {
    expect(await codeOf(registry.addVersion({ model: 'fr aud', version: 'v1', artifact, actor: 'a' }))).toBe('REG_ERR_INVALID_NAME');
    expect(await codeOf(registry.addVersion({ model: 'fraud', version: '', artifact, actor: 'a' }))).toBe('REG_ERR_INVALID_NAME');
    expect(await codeOf(registry.addVersion({ model: 'fraud', version: 'v1', artifact, upstream: 'ftp://x', actor: 'a' }))).toBe('REG_ERR_INVALID_UPSTREAM');
    const bad = { inputs: [{ name: 'x', datatype: 'FP33', shape: [-1, 4] }], outputs: [] };
    expect(await codeOf(registry.addVersion({ model: 'fraud', version: 'v1', artifact, signature: bad, actor: 'a' }))).toBe('REG_ERR_INVALID_SIGNATURE');
    expect(await registry.list()).toEqual([]);
    expect(await audit.list()).toEqual([]);
  });

  it('keeps a valid signature and attaches documents by digest, idempotently', async () => {
    const signature = { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 23] }], outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }] };
    await registry.addVersion({ model: 'fraud', version: 'v1', artifact, signature, actor: 'alice' });
    const content = new TextEncoder().encode('{"auc":0.77}');
    const d1 = await registry.attachDocument('fraud', 'v1', { kind: 'robustness-report', content, mediaType: 'application/json', actor: 'ci' });
    const d2 = await registry.attachDocument('fraud', 'v1', { kind: 'robustness-report', content, mediaType: 'application/json', actor: 'ci' });
    expect(d1).toBe(sha256Hex(content));
    expect(d2).toBe(d1);
    const view = await registry.getVersion('fraud', 'v1');
    expect(view.record.signature).toEqual(signature);
    expect(view.documents.map((d) => [d.kind, d.digest])).toEqual([['robustness-report', d1]]);
    expect(Buffer.from((await registry.readDocument(d1))?.content ?? []).toString()).toBe('{"auc":0.77}');
  });

  it('stores a dataset manifest as a document and links it', async () => {
    const manifest = new TextEncoder().encode('{"format":"x"}');
    await registry.addVersion({ model: 'fraud', version: 'v2', artifact, datasetManifest: { content: manifest, mediaType: 'application/json' }, actor: 'alice' });
    const view = await registry.getVersion('fraud', 'v2');
    expect(view.record.datasetManifestDigest).toBe(sha256Hex(manifest));
    expect(view.documents[0]?.kind).toBe('dataset-manifest');
  });
});
