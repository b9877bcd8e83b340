/**
 * The config fields the gateway added (issue 4): a key's model allow-list, sticky routing,
 * ledger batching and the drain timeout.
 */
import { describe, expect, it } from 'vitest';
import { bulwarkConfigSchema } from './schema.js';

const HASH = 'a'.repeat(64);
const model = { protocol: 'oip-v2', versions: { v1: { upstream: 'http://127.0.0.1:9001' }, v2: { upstream: 'http://127.0.0.1:9002' } }, route: { active: 'v1' } };

describe('gateway fields of bulwark.yaml', () => {
  it('fills the ledger and drain defaults', () => {
    const config = bulwarkConfigSchema.parse({});
    expect(config.ledger).toEqual({ batchSize: 256, flushIntervalMs: 200, maxQueued: 100_000 });
    expect(config.server.drainTimeoutMs).toBe(10_000);
  });

  it('accepts a key allow-list of declared models, and names an undeclared one', () => {
    const ok = bulwarkConfigSchema.parse({ keys: [{ id: 'k', sha256: HASH, models: ['fraud'] }], models: { fraud: model } });
    expect(ok.keys[0]?.models).toEqual(['fraud']);
    const bad = bulwarkConfigSchema.safeParse({ keys: [{ id: 'k', sha256: HASH, models: ['fraud', 'nope'] }], models: { fraud: model } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['keys.0.models.1', 'model "nope" is not declared under models']]);
  });

  it('takes sticky routing by API key or by a header (stored lower-case)', () => {
    const byHeader = bulwarkConfigSchema.parse({ models: { fraud: { ...model, route: { active: 'v1', weights: { v1: 90, v2: 10 }, sticky: { by: 'header', header: 'X-Session-Id' } } } } });
    expect(byHeader.models['fraud']?.route.sticky).toEqual({ by: 'header', header: 'x-session-id' });
    expect(bulwarkConfigSchema.safeParse({ models: { fraud: { ...model, route: { active: 'v1', sticky: { by: 'apiKey' } } } } }).success).toBe(true);
    expect(bulwarkConfigSchema.safeParse({ models: { fraud: { ...model, route: { active: 'v1', sticky: { by: 'header', header: 'bad header' } } } } }).success).toBe(false);
  });
});
