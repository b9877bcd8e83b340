/**
 * `action: contain` end to end through the real composition root (startGatewayApp,
 * SQLite, an OIP fixture on a real socket): a key that replays one input trips a per-key
 * extraction rule; from then on that key — and only that key — is throttled (429 with
 * Retry-After) and gets hardened outputs (rounded, top-1), the containment is in the audit
 * log, and no route moves.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startGatewayApp } from '../../../src/app/gateway-app.js';
import type { RunningGateway } from '../../../src/app/gateway-app.js';
import { startOipFixture } from './oip-fixture.js';
import type { OipFixture } from './oip-fixture.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const KEYS = { shop: 'shop-secret-0001', scraper: 'scraper-secret-0002' };

let dir: string;
let v1: OipFixture;
let app: RunningGateway;
let logs: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-contain-'));
  v1 = await startOipFixture('v1', [], JSON.stringify({ outputs: [{ name: 'p', datatype: 'FP32', shape: [1, 3], data: [0.123, 0.657, 0.22] }] }));
  const limit = { perSecond: 10_000, burst: 10_000 };
  const config = {
    server: { listen: '127.0.0.1:0' },
    keys: [
      { id: 'shop', sha256: sha(KEYS.shop), rateLimit: limit },
      { id: 'scraper', sha256: sha(KEYS.scraper), rateLimit: limit },
    ],
    models: {
      credit: {
        protocol: 'oip-v2',
        versions: { v1: { upstream: v1.url } },
        route: { active: 'v1' },
        rules: [{ id: 'replay', when: 'unique_rate(api_key) < 0.2', minEvents: 30, severity: 'ticket', action: 'contain' }],
      },
    },
  };
  writeFileSync(join(dir, 'bulwark.yaml'), stringify(config));
  logs = [];
  app = await startGatewayApp({ configPath: 'bulwark.yaml', cwd: dir, env: {}, log: (l) => void logs.push(l), admin: null });
});

afterEach(async () => {
  await app.shutdown();
  await v1.close();
  rmSync(dir, { recursive: true, force: true });
});

async function infer(key: string, row: number[]): Promise<{ status: number; retryAfter: string | null; body: string }> {
  const res = await fetch(`${app.addresses.dataPlane}/v2/models/credit/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, row.length], datatype: 'FP32', data: row }] }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

describe('rules with action: contain', () => {
  it('throttles and hardens the key that replays one input, and only that key', async () => {
    for (let i = 0; i < 40; i++) expect((await infer(KEYS.shop, [i, i * 7 + 1, (i * 13) % 5])).status).toBe(200);
    const first = await infer(KEYS.scraper, [1, 2, 3]);
    expect(JSON.parse(first.body).outputs[0].data).toEqual([0.123, 0.657, 0.22]);
    await vi.waitFor(
      async () => {
        await infer(KEYS.scraper, [1, 2, 3]);
        expect(logs.some((l) => /^contain credit: key\(s\) scraper throttled/.test(l))).toBe(true);
      },
      { timeout: 10_000, interval: 1 },
    );
    expect(logs.some((l) => /^anomaly credit v1 rule replay \(ticket, contain\)/.test(l))).toBe(true);
    // Throttled: the burst of 5 passes (hardened), then 429 with Retry-After.
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await infer(KEYS.scraper, [1, 2, 3]));
    const ok = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.retryAfter).toMatch(/^\d+$/);
    expect(JSON.parse(limited[0]?.body ?? '{}').error.code).toBe('GW_ERR_RATE_LIMITED');
    for (const a of ok) expect(JSON.parse(a.body).outputs[0].data).toEqual([0, 0.7, 0]);
    // The shop is untouched: full scores, no throttling.
    const shop = await infer(KEYS.shop, [9, 9, 9]);
    expect(shop.status).toBe(200);
    expect(JSON.parse(shop.body).outputs[0].data).toEqual([0.123, 0.657, 0.22]);
    expect(app.gateway.routes.current('credit')?.active).toBe('v1');
    const audit = await app.store.audit.list({});
    expect(audit.some((e) => e.action === 'keys.contained' && (e.details as { apiKeys: string[] }).apiKeys.includes('scraper'))).toBe(true);
  });
});
