/**
 * @module gateway/upstream/upstream-pools
 * One keep-alive pool per upstream origin (and connect timeout), shared by every version
 * and model that points at it, created through the injected factory. After a reload the
 * pools no longer referenced are closed gracefully (their in-flight requests finish). At
 * shutdown the wait is bounded (`poolCloseTimeoutMs`): the data plane has drained by then,
 * and a pool that still counts a request must not keep the rest of the shutdown — store
 * flush and close — waiting. (The case that used to hit this bound: a client gone while the
 * upstream was still thinking; the forward relay now aborts those exchanges at once.)
 */
import { GATEWAY_DEFAULTS } from '../defaults.js';
import { gatewayErrors } from '../errors.js';
import type { ErrorHandler, Timers, UpstreamPool, UpstreamPoolFactory } from '../ports.js';
import type { GatewayState, PoolSource } from '../gateway-state.js';

/**
 * @example
 * const pools = new UpstreamPools(netPoolFactory, onError);
 * const pool = pools.acquire('http://127.0.0.1:9001', 5000);
 * await pools.shutdown();
 */
export class UpstreamPools implements PoolSource {
  readonly #factory: UpstreamPoolFactory;
  readonly #onError: ErrorHandler;
  readonly #pools = new Map<string, UpstreamPool>();
  readonly #timers: Pick<Timers, 'setTimeout' | 'clearTimeout'> | undefined;

  /** Without `timers`, shutdown waits for the pools however long they take. */
  constructor(factory: UpstreamPoolFactory, onError: ErrorHandler, timers?: Pick<Timers, 'setTimeout' | 'clearTimeout'>) {
    this.#factory = factory;
    this.#onError = onError;
    this.#timers = timers;
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

  /**
   * Closes every pool, waiting for in-flight requests at most `timeoutMs` (then reports
   * GW_ERR_INTERNAL and returns; the pools finish closing in the background); idempotent.
   */
  async shutdown(timeoutMs: number = GATEWAY_DEFAULTS.poolCloseTimeoutMs): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    const closed = Promise.all(pools.map((pool) => pool.close().catch((err: unknown) => this.#onError(err instanceof Error ? err : new Error(String(err)))))).then(() => true);
    const timers = this.#timers;
    if (timers === undefined || pools.length === 0) {
      await closed;
      return;
    }
    let timer: unknown;
    const late = new Promise<false>((resolve) => (timer = timers.setTimeout(() => resolve(false), timeoutMs)));
    const inTime = await Promise.race([closed, late]);
    timers.clearTimeout(timer);
    if (!inTime) this.#onError(gatewayErrors.error('GW_ERR_INTERNAL', `upstream pools did not close within ${timeoutMs} ms of shutdown; shutdown goes on without them`, { timeoutMs }));
  }
}
