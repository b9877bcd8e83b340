/**
 * @module test/helpers/test-gateway
 * Starts a real Gateway in-process on port 0 (data plane and admin), wired like the app
 * (node:net upstream pools, a memory store, the audit log), with a config written as plain data.
 * Background errors are collected instead of printed.
 */
import { performance } from 'node:perf_hooks';
import { netPoolFactory } from '../../src/adapters/http/net-upstream.js';
import { systemGatewayTimers } from '../../src/app/gateway-app.js';
import { AuditLog } from '../../src/audit/index.js';
import { bulwarkConfigSchema } from '../../src/config/index.js';
import type { BulwarkConfig, BulwarkConfigInput } from '../../src/config/index.js';
import { Gateway } from '../../src/gateway/index.js';
import type { GatewayOptions } from '../../src/gateway/index.js';
import type { Clock } from '../../src/shared/clock.js';
import { systemClock } from '../../src/shared/clock.js';
import { sha256Hex } from '../../src/shared/digest.js';
import { createMemoryStore } from '../../src/store/index.js';
import type { StorageAdapter } from '../../src/store/index.js';

/** Raw API keys used by the tests (the config holds their sha256). */
export const KEYS = Object.freeze({ shop: 'shop-secret-key-1', batch: 'batch-secret-key-2', fraudOnly: 'fraud-only-key-3' });

/** A running test gateway. */
export interface TestGateway {
  readonly gateway: Gateway;
  readonly url: string;
  readonly admin: string;
  readonly store: StorageAdapter;
  readonly audit: AuditLog;
  readonly errors: Error[];
  close(): Promise<void>;
}

/**
 * A config with `fraud` (oip-v2) and `assistant` (openai) pointing at the given upstreams,
 * and three keys (shop: every model; batch: tight limits; fraudOnly: fraud only).
 *
 * @example
 * const config = testConfig({ fraud: { v1: v1.url }, assistant: { a1: a1.url } });
 */
export function testConfig(upstreams: { fraud: Record<string, string>; assistant?: Record<string, string> }, extra: Partial<BulwarkConfigInput> = {}): BulwarkConfigInput {
  const versions = (urls: Record<string, string>) => Object.fromEntries(Object.entries(urls).map(([v, url]) => [v, { upstream: url, timeoutMs: 2_000 }]));
  const fraudVersions = Object.keys(upstreams.fraud);
  const models: NonNullable<BulwarkConfigInput['models']> = {
    fraud: { protocol: 'oip-v2', versions: versions(upstreams.fraud), route: { active: fraudVersions.at(-1) as string, ...(fraudVersions.length > 1 ? { lkg: fraudVersions[0] } : {}) } },
  };
  if (upstreams.assistant !== undefined) {
    models['assistant'] = { protocol: 'openai', versions: versions(upstreams.assistant), route: { active: Object.keys(upstreams.assistant).at(-1) as string } };
  }
  return {
    server: { listen: '127.0.0.1:0', admin: '127.0.0.1:0', maxBodyBytes: 65_536, bodyTimeoutMs: 1_000, headersTimeoutMs: 1_000, drainTimeoutMs: 5_000 },
    store: { kind: 'memory' },
    keys: [
      { id: 'shop', sha256: sha256Hex(KEYS.shop), rateLimit: { perSecond: 10_000, burst: 10_000 } },
      { id: 'batch', sha256: sha256Hex(KEYS.batch), rateLimit: { perSecond: 1, burst: 2, perDay: 3 } },
      { id: 'fraud-only', sha256: sha256Hex(KEYS.fraudOnly), models: ['fraud'] },
    ],
    models,
    ledger: { batchSize: 16, flushIntervalMs: 20 },
    ...extra,
  };
}

/** Parses a config input like the loader does (defaults filled). */
export function parseTestConfig(input: BulwarkConfigInput): BulwarkConfig {
  return bulwarkConfigSchema.parse(input) as BulwarkConfig;
}

/**
 * Starts a gateway on port 0.
 *
 * @example
 * const gw = await startTestGateway({ config: testConfig({ fraud: { v1: v1.url } }) });
 * await fetch(`${gw.url}/v2/models/fraud/ready`, { headers: { 'x-api-key': KEYS.shop } });
 * await gw.close();
 */
export async function startTestGateway(options: {
  config: BulwarkConfigInput;
  clock?: Clock;
  store?: StorageAdapter;
  extra?: Partial<Pick<GatewayOptions, 'interceptors' | 'inspectors' | 'order' | 'random'>>;
}): Promise<TestGateway> {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? createMemoryStore();
  const audit = new AuditLog({ store: store.audit, clock });
  const errors: Error[] = [];
  const gateway = new Gateway({
    config: parseTestConfig(options.config),
    upstreams: netPoolFactory,
    ledgerStore: store.ledger,
    audit,
    clock,
    monotonic: () => performance.now(),
    timers: systemGatewayTimers,
    random: Math.random,
    onError: (error) => void errors.push(error),
    ...options.extra,
  });
  const { dataPlane, admin } = await gateway.start();
  return {
    gateway,
    url: dataPlane,
    admin: admin as string,
    store,
    audit,
    errors,
    async close() {
      await gateway.shutdown();
      await store.shutdown();
    },
  };
}

/** Headers of a JSON request authenticated with `key`. */
export function jsonHeaders(key: string = KEYS.shop): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${key}` };
}
