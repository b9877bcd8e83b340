/**
 * The forensic ring (O(1) record and freeze, snapshots that later traffic never
 * overwrites), its gateway hook, bundle building with PII redaction at persist time, and
 * the archive's content addressing and retention.
 */
import { describe, expect, it } from 'vitest';
import { MemoryBundleStore, createMemoryStore } from '../../store/index.js';
import { sha256Hex } from '../../shared/digest.js';
import type { Exchange } from '../../gateway/index.js';
import { ForensicArchive } from './archive.js';
import { buildBundle, encodeBundle, encodeBundleSliced } from './bundle.js';
import type { BundleInput } from './bundle.js';
import { ForensicRing, ForensicRings } from './ring.js';
import type { RingEntry } from './ring.js';
import { forensicRingInterceptor } from './ring-interceptor.js';

const entry = (n: number, body = `{"n":${n}}`): RingEntry => ({ requestId: `r-${n}`, at: n, model: 'fraud', version: 'v2', apiKeyId: 'shop', body: Buffer.from(body), bodyBytes: body.length, signals: { n }, status: 200 });
const ids = (entries: readonly RingEntry[]): string[] => entries.map((e) => e.requestId);

describe('ForensicRing', () => {
  it('keeps the last N entries, oldest first', () => {
    const ring = new ForensicRing('fraud', 3);
    for (let i = 1; i <= 5; i++) ring.record(entry(i));
    expect(ids(ring.freeze(10).entries())).toEqual(['r-3', 'r-4', 'r-5']);
  });

  it('freezes without copying; later records never change a snapshot', () => {
    const ring = new ForensicRing('fraud', 3);
    for (let i = 1; i <= 2; i++) ring.record(entry(i));
    const first = ring.freeze(10);
    for (let i = 3; i <= 9; i++) ring.record(entry(i));
    expect(ids(first.entries())).toEqual(['r-1', 'r-2']);
    expect(first.frozenAt).toBe(10);
    ring.record(entry(10));
    expect(ids(ring.freeze(20).entries())).toEqual(['r-8', 'r-9', 'r-10']);
  });

  it('a second freeze soon after the first still sees the last N (across segments)', () => {
    const ring = new ForensicRing('fraud', 4);
    for (let i = 1; i <= 3; i++) ring.record(entry(i));
    ring.freeze(1);
    ring.record(entry(4));
    ring.freeze(2);
    ring.record(entry(5));
    expect(ids(ring.freeze(3).entries())).toEqual(['r-2', 'r-3', 'r-4', 'r-5']);
  });

  it('keeps nothing with capacity 0, and rings are per model', () => {
    const rings = new ForensicRings();
    rings.configure('fraud', 0);
    rings.configure('assistant', 2);
    rings.record(entry(1));
    rings.record({ ...entry(2), model: 'assistant' });
    expect(rings.freeze('fraud', 1).entries()).toEqual([]);
    expect(ids(rings.freeze('assistant', 1).entries())).toEqual(['r-2']);
    expect(rings.freeze('unknown', 1).entries()).toEqual([]);
  });
});

describe('forensicRingInterceptor', () => {
  it('records the raw body before the upstream call and the status after; long bodies keep a prefix', async () => {
    const rings = new ForensicRings();
    rings.configure('fraud', 10);
    const hook = forensicRingInterceptor(rings, 8);
    const ex = { id: 'r-1', receivedAt: 5, model: { name: 'fraud' }, version: 'v2', apiKey: { id: 'shop' }, body: Buffer.from('{"card":"4111"}'), signals: { x: 1 }, status: 0 } as unknown as Exchange;
    let inFlight: RingEntry[] = [];
    await hook.wrap(async (e) => {
      inFlight = rings.freeze('fraud', 6).entries();
      (e as { status: number }).status = 200;
    })(ex);
    expect(inFlight).toHaveLength(1);
    expect(inFlight[0]).toMatchObject({ requestId: 'r-1', version: 'v2', apiKeyId: 'shop', bodyBytes: 15, status: 200 });
    expect(inFlight[0]?.body.toString()).toBe('{"card":');
  });
});

describe('forensic bundles', () => {
  const input = (over: Partial<BundleInput> = {}): BundleInput => {
    const ring = new ForensicRing('fraud', 10);
    ring.record(entry(1, 'mail jane@example.com card 4111 1111 1111 1111'));
    ring.record(entry(2));
    return {
      model: 'fraud',
      incidentId: 'inc-1',
      anomaly: { id: 'a-1', rule: 'entropy-collapse', version: 'v2', severity: 'page', action: 'rollback', onset: 0 },
      context: { detectedAt: 1, sampleRequestIds: ['r-2'], detectorState: { counts: [1, Number.NaN] } },
      decidedAt: 2,
      snapshot: ring.freeze(2),
      redactPii: true,
      route: { before: { active: 'v2', lkg: 'v1' }, after: { active: 'v1', lkg: 'v1' }, liveBefore: null },
      versions: [],
      config: { rollback: { untrusted: { webhook: '***' } } },
      ...over,
    };
  };
  const pause = async (): Promise<void> => undefined;

  it('redacts PII by policy, keeps triggering samples, and hashes canonically', async () => {
    const bundle = await buildBundle(input(), pause);
    expect(bundle.events[0]?.input).toBe('mail [EMAIL] card [CREDIT_CARD]');
    expect(bundle.triggering.map((e) => e.requestId)).toEqual(['r-2']);
    expect(bundle.detectorState).toEqual({ counts: [1, null] });
    expect(bundle.ringLost).toBe(false);
    const again = await buildBundle(input(), pause);
    expect(encodeBundle(again).digest).toBe(encodeBundle(bundle).digest);
    expect((await buildBundle(input({ redactPii: false }), pause)).events[0]?.input).toContain('jane@example.com');
    expect((await buildBundle(input({ snapshot: undefined }), pause))).toMatchObject({ ringLost: true, events: [], frozenAt: null });
  });

  it('the sliced encoder yields between slices and writes exactly encodeBundle\'s bytes', async () => {
    const ring = new ForensicRing('fraud', 1000);
    for (let i = 0; i < 300; i++) ring.record(entry(i, i % 2 === 0 ? `{"n":${i},"mail":"jane@example.com"}` : `{"n":${i}}`));
    const bundle = await buildBundle(input({ snapshot: ring.freeze(300) }), pause);
    expect(bundle.events).toHaveLength(300);
    let pauses = 0;
    const sliced = await encodeBundleSliced(bundle, async () => void pauses++);
    const whole = encodeBundle(bundle);
    expect(sliced.digest).toBe(whole.digest);
    expect(Buffer.from(sliced.bytes).equals(Buffer.from(whole.bytes))).toBe(true);
    expect(pauses).toBeGreaterThanOrEqual(1 + Math.floor(299 / 64));
  });

  it('stores content-addressed bundles idempotently and purges them past retention', async () => {
    const store = createMemoryStore();
    const files = new MemoryBundleStore();
    const archive = new ForensicArchive({ index: store.rollback.forensics, files });
    const { digest, bytes } = encodeBundle(await buildBundle(input(), pause));
    expect(digest).toBe(sha256Hex(bytes));
    const meta = { model: 'fraud', anomalyId: 'a-1', incidentId: 'inc-1', createdAt: 0 };
    await archive.store(meta, digest, bytes);
    await archive.store(meta, digest, bytes);
    expect(await store.rollback.forensics.list()).toHaveLength(1);
    expect((await archive.resolve('inc-1')).digest).toBe(digest);
    expect((await archive.resolve(digest.slice(0, 8))).digest).toBe(digest);
    expect((await archive.read(await archive.resolve(digest))).model).toBe('fraud');
    expect(await archive.purge(29 * 86_400_000, 30)).toEqual([]);
    expect(await archive.purge(31 * 86_400_000, 30)).toEqual([digest]);
    expect(await files.exists(digest)).toBe(false);
    await expect(archive.resolve(digest)).rejects.toMatchObject({ code: 'RBK_ERR_UNKNOWN_BUNDLE' });
  });
});
