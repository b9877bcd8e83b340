/**
 * @module gateway/upstream/upstream-pools
 * One keep-alive pool per upstream origin (and connect timeout), shared by every version
 * and model that points at it, created through the injected factory. After a reload the
 * pools no longer referenced are closed gracefully (their in-flight requests finish).
 */
import { GATEWAY_DEFAULTS } from '../defaults.js';
import type { ErrorHandler, UpstreamPool, UpstreamPoolFactory } from '../ports.js';
import type { GatewayState, PoolSource } from '../gateway-state.js';

/**
 * @example
 * const pools = new UpstreamPools(undiciPoolFactory, onError);
 * const pool = pools.acquire('http://127.0.0.1:9001', 5000);
 * await pools.shutdown();
 */
export class UpstreamPools implements PoolSource {
  readonly #factory: UpstreamPoolFactory;
  readonly #onError: ErrorHandler;
  readonly #pools = new Map<string, UpstreamPool>();

  constructor(factory: UpstreamPoolFactory, onError: ErrorHandler) {
    this.#factory = factory;
    this.#onError = onError;
  }

  get size(): number {
    return this.#pools.size;
  }

  acquire(origin: string, connectTimeoutMs: number): UpstreamPool {
    const key = `${origin} ${connectTimeoutMs}`;
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = this.#factory(origin, {
        connectTimeoutMs,
        keepAliveMs: GATEWAY_DEFAULTS.upstreamKeepAliveMs,
        connections: GATEWAY_DEFAULTS.upstreamConnections,
      });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  /** Closes (in the background) every pool that no target of `states` uses. */
  retain(states: readonly GatewayState[]): void {
    const used = new Set<UpstreamPool>();
    for (const state of states) for (const model of state.models.values()) for (const target of model.targets.values()) used.add(target.pool);
    for (const [key, pool] of this.#pools) {
      if (used.has(pool)) continue;
      this.#pools.delete(key);
      pool.close().catch((err: unknown) => this.#onError(err instanceof Error ? err : new Error(String(err))));
    }
  }

  /** Closes every pool, waiting for in-flight requests; idempotent. */
  async shutdown(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close().catch((err: unknown) => this.#onError(err instanceof Error ? err : new Error(String(err))))));
  }
}
